"""Small builders that keep tests short and readable."""

from __future__ import annotations

from datetime import date
from typing import Any

from qy_landing.services import people, projects
from qy_landing.services.context import Context

CODE = "2601-621022-04-01-123456"


def person(ctx: Context, name: str = "张伟", unit: str = "环县", **extra: Any) -> Any:
    return people.add_person(ctx, people.PersonInput(name=name, unit=unit, **extra))


def project(ctx: Context, code: str = CODE, **overrides: Any) -> Any:
    """A signed project in 环县 (no new land, small energy use) unless told otherwise."""
    values: dict[str, Any] = {
        "code": code,
        "name": "环县 100MW 风电项目",
        "investor": "甘肃某新能源有限公司",
        "unit": "环县",
        "chain": "energy",
        "amount": "12.5",
        "signed_on": date(2026, 7, 10),
        "signing_event": "第三十届兰洽会",
    }
    values.update(overrides)
    return projects.create_project(ctx, projects.ProjectInput(**values))


def approve(ctx: Context, code: str, step: str, on: date, approved: date | None = None) -> None:
    from qy_landing.services import procedures

    procedures.set_status(ctx, code, step, "submitted", on=on)
    procedures.set_status(ctx, code, step, "approved", on=approved or on)


def after_each_write(
    monkeypatch: Any, statement: str, *, url: str | None = None, path: Any = None
) -> list[int]:
    """A colleague runs ``statement`` right after every write transaction of the library
    commits; returns one entry per colleague commit.

    With ``path`` (SQLite) the colleague refuses to wait (busy timeout 0), so a commit
    proves the library held no write lock then; with ``url`` it is a second SQLAlchemy
    connection on any backend.
    """
    import sqlite3
    from contextlib import contextmanager

    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    from qy_landing.store.database import Database

    original = Database.write
    committed: list[int] = []
    engine = create_engine(url, poolclass=NullPool) if url else None  # no connection kept

    def write_then_colleague(self):  # type: ignore[no-untyped-def]
        with original(self) as session:
            yield session
        if engine is not None:
            with engine.begin() as connection:
                connection.execute(text(statement))
        else:
            colleague = sqlite3.connect(path, timeout=0)
            try:
                colleague.execute("BEGIN IMMEDIATE")
                colleague.execute(statement)
                colleague.execute("COMMIT")
            finally:
                colleague.close()
        committed.append(1)

    monkeypatch.setattr(Database, "write", contextmanager(write_then_colleague))
    return committed


HUAN_EN = "UPDATE unit SET name_en = 'Huan County' WHERE name = '环县'"
