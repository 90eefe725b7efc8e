"""What lies at the demo's target database, and deleting a demo file (never anything else).

The demo only ever writes into a missing file or an empty database. A database whose first
audit event was written by the demo (:data:`~qy_landing.demo.model.DEMO_ACTOR`) is a demo
database; anything else with data is someone's real work and is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qy_landing.demo.model import DEMO_ACTOR
from qy_landing.errors import DemoTargetNotEmptyError


@dataclass(frozen=True)
class TargetInfo:
    """What lies at a database URL: ``absent`` | ``empty`` | ``demo`` | ``other`` | ``foreign``.

    ``other`` is a qy-landing database with real data; ``foreign`` is anything that cannot be
    read as one (another program's file, a damaged file).
    """

    url: str
    kind: str
    projects: int = 0
    events: int = 0

    @property
    def is_file(self) -> bool:
        return self.url.startswith("sqlite")


def inspect_target(url: str) -> TargetInfo:
    """Whether ``url`` holds nothing, a demo database, or someone's real data."""
    from sqlalchemy import func, select
    from sqlalchemy.exc import DatabaseError as DriverError
    from sqlmodel import col

    from qy_landing.errors import DatabaseError
    from qy_landing.store.database import Database, redact
    from qy_landing.store.models import Event, Project

    db = Database(url)
    try:
        path = db.sqlite_path
        if db.is_sqlite and path is not None and not path.exists():
            return TargetInfo(redact(db.url), "absent")
        try:
            revision = db.current_revision()
        except (DriverError, DatabaseError):
            if db.is_sqlite:  # not an SQLite database at all
                return TargetInfo(redact(db.url), "foreign")
            raise  # a server we cannot reach: say so as it is
        if revision is None:
            return TargetInfo(redact(db.url), "empty")
        with db.read() as session:
            projects = int(session.execute(select(func.count(col(Project.id)))).scalar_one())
            events = int(session.execute(select(func.count(col(Event.id)))).scalar_one())
            first_actor = session.execute(
                select(col(Event.actor)).order_by(col(Event.id)).limit(1)
            ).scalar_one_or_none()
        if not projects and not events:
            return TargetInfo(redact(db.url), "empty")
        kind = "demo" if first_actor == DEMO_ACTOR else "other"
        return TargetInfo(redact(db.url), kind, projects, events)
    finally:
        db.dispose()


def remove_demo_file(url: str) -> None:
    """Delete a demo SQLite file (with its WAL files); refuses anything that is not a demo."""
    from qy_landing.store.database import Database

    info = inspect_target(url)
    if info.kind == "absent":
        return
    path = Database(url).sqlite_path
    if info.kind != "demo" or path is None:
        raise DemoTargetNotEmptyError(info.url, info.projects, info.events)
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = Path(f"{path}{suffix}")
        if candidate.exists():
            candidate.unlink()
