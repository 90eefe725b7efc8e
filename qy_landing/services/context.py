"""Who is acting, on which database, at what time: passed to every library call.

The context also owns the working-day calendar of its database (the official schedule
plus the office's overrides), read once and kept until :meth:`Context.forget_calendar`.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from qy_landing.clock import Clock, SystemClock
from qy_landing.environment import actor_name
from qy_landing.store.database import Database

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from qy_landing.calendar import WorkCalendar
    from qy_landing.config import Config


def read_calendar(db: Database) -> WorkCalendar:
    """The working-day calendar with ``db``'s office overrides, read now (not cached)."""
    with db.read_connection() as connection:
        return calendar_on(connection)


def calendar_on(connection: Connection) -> WorkCalendar:
    """The working-day calendar with the office overrides seen by ``connection``."""
    from sqlalchemy import select

    from qy_landing.calendar import WorkCalendar  # the official schedules: read when needed
    from qy_landing.store.tables import calendar_override as t

    rows = connection.execute(select(t.c.day, t.c.workday)).all()
    return WorkCalendar({row.day: bool(row.workday) for row in rows})


def calendar_version(db: Database) -> str:
    """The calendar version stored in ``db`` (bumped whenever the office's overrides or the
    schedule the due dates are counted with change); ``""`` before the first change."""
    from sqlalchemy import select

    from qy_landing.store.tables import calendar_state as t

    with db.read_connection() as connection:
        value = connection.execute(select(t.c.value).where(t.c.key == "version")).scalar()
    return value or ""


def default_actor() -> str:
    """``QY_LANDING_USER``, else the operating-system user."""
    configured = actor_name()
    if configured:
        return configured
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (containers)
        return "unknown"


@dataclass
class Context:
    """The database, the actor written to the audit trail, and the clock."""

    db: Database
    actor: str = field(default_factory=default_actor)
    clock: Clock = field(default_factory=SystemClock)
    # the office's settings (qy-landing.toml); read on first use when not given
    config: Config | None = None
    # the working-day calendar with the office's overrides, read on first use and read
    # again when the database's calendar version moves (another process added a closure)
    _calendar: WorkCalendar | None = field(default=None, init=False, repr=False, compare=False)
    _calendar_version: str = field(default="", init=False, repr=False, compare=False)

    @classmethod
    def open(
        cls, url: str | None = None, *, actor: str | None = None, clock: Clock | None = None
    ) -> Context:
        from qy_landing.checks import clean_name, column_limit
        from qy_landing.store.tables import event

        who = clean_name(actor or default_actor(), "actor", column_limit(event, "actor"))
        return cls(Database(url), who or default_actor(), clock or SystemClock())

    def calendar(self) -> WorkCalendar:
        """The working-day calendar with this database's office overrides (cached while the
        database's calendar version stays the same)."""
        version = calendar_version(self.db)
        if self._calendar is None or version != self._calendar_version:
            self._calendar = read_calendar(self.db)
            self._calendar_version = version
        return self._calendar

    def calendar_at(self, version: str, connection: Connection) -> WorkCalendar:
        """The calendar at ``version``, a calendar version the caller read inside its own
        transaction on ``connection``: the cached one if it is that version, else the
        overrides read again on ``connection`` (and kept)."""
        if self._calendar is None or version != self._calendar_version:
            self._calendar = calendar_on(connection)
            self._calendar_version = version
        return self._calendar

    def settings(self) -> Config:
        """The office's settings: the given ``config``, else qy-landing.toml (read once)."""
        if self.config is None:
            from qy_landing.config import load_config

            self.config = load_config()
        return self.config

    def forget_calendar(self) -> None:
        """Drop the cached calendar (the overrides changed): the next use reads them again."""
        self._calendar = None

    def today(self) -> date:
        return self.clock.today()

    def effective(self, on: date | None) -> date:
        """The effective date of a change: ``on`` if given (a date in the supported range),
        else today. Whether it may be recorded (not in the future, not before the project's
        signing, in order) is checked inside the change by
        :func:`qy_landing.services.effective.check_effective`, the one check every command
        shares."""
        if on is None:
            return self.clock.today()
        from qy_landing.checks import check_date

        return check_date(on)
