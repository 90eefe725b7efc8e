"""The shape of every change: one transaction, audit events with it, stale writes refused."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

from qy_landing.errors import ConflictError, ProjectNotFoundError
from qy_landing.services import procedures, projects
from qy_landing.services.changes import change_project
from tests.builders import CODE, project


def version_of(ctx) -> int:
    return int(projects.show_project(ctx, CODE).version)


def test_a_change_writes_its_events_and_bumps_the_version(ctx):
    """Changes and their audit events are written together; the version counts changes."""
    project(ctx)
    before = version_of(ctx)
    with change_project(ctx, CODE) as change:
        change.project.name = "环县 200MW 风电项目"
        change.record("update", on=date(2026, 10, 9), field="name", old="a", new="b")
    assert projects.show_project(ctx, CODE).name == "环县 200MW 风电项目"
    assert version_of(ctx) == before + 1
    event = projects.history(ctx, CODE)[-1]
    assert (event.action, event.field, event.actor) == ("update", "name", "测试员")


def test_a_failing_change_leaves_nothing_behind(ctx):
    """An error inside the change rolls everything back: no event, no new version."""
    project(ctx)
    before, events = version_of(ctx), len(projects.history(ctx, CODE))
    with pytest.raises(RuntimeError), change_project(ctx, CODE) as change:
        change.project.name = "改名未成"
        change.record("update", on=date(2026, 10, 9), field="name", new="改名未成")
        raise RuntimeError("halfway")
    assert projects.show_project(ctx, CODE).name == "环县 100MW 风电项目"
    assert (version_of(ctx), len(projects.history(ctx, CODE))) == (before, events)


def test_a_stale_expected_version_is_a_conflict(ctx):
    """A caller that read an older version is told someone else changed the project."""
    project(ctx)
    seen = version_of(ctx)
    projects.advance(ctx, CODE, on=date(2026, 7, 15))
    with pytest.raises(ConflictError), change_project(ctx, CODE, expected_version=seen):
        pass  # pragma: no cover - refused on entry
    with change_project(ctx, CODE, expected_version=version_of(ctx)) as change:
        assert change.project.state == "city"


def test_an_unknown_code_suggests_close_ones(ctx):
    """A mistyped code names the codes that are close to it."""
    project(ctx)
    typo = CODE[:-1] + "7"
    with pytest.raises(ProjectNotFoundError) as caught, change_project(ctx, typo):
        pass  # pragma: no cover
    assert CODE in caught.value.render("en")


class StatementLog:
    """The statements sent to the database (their first word), while listening."""

    def __init__(self, ctx) -> None:
        # both engines: on SQLite reads go through a second engine
        self.engines = {ctx.db.engine, ctx.db.read_engine}
        self.verbs: list[str] = []

    def _seen(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.verbs.append(statement.lstrip().split(None, 1)[0].upper())

    def __enter__(self) -> list[str]:
        for engine in self.engines:
            event.listen(engine, "before_cursor_execute", self._seen)
        return self.verbs

    def __exit__(self, *exc: object) -> None:
        for engine in self.engines:
            event.remove(engine, "before_cursor_execute", self._seen)


def test_a_change_costs_one_read_and_one_write_per_changed_row(ctx):
    """Statement budget of the change path: one SELECT (project, procedures, definition digest,
    calendar version and, for a status change, the step's status history), one UPDATE per
    changed row, one INSERT of all events — for a procedure set and a move."""
    project(ctx)
    # warm up what a process reads once: the parsed definition, the office calendar
    procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 7, 13))
    with StatementLog(ctx) as verbs:
        procedures.set_status(ctx, CODE, "filing", "approved", on=date(2026, 7, 14))
    assert sorted(verbs) == ["INSERT", "SELECT", "UPDATE", "UPDATE"]
    with StatementLog(ctx) as verbs:
        result = projects.advance(ctx, CODE, on=date(2026, 7, 15))
    assert len(result.moves) >= 2  # the move and a level passed for lack of procedures
    assert sorted(verbs) == ["INSERT", "SELECT", "UPDATE"]  # events in one INSERT; the project


def test_dates_and_times_are_sent_to_sqlite_as_sqlalchemy_would_store_them():
    """The change path's own converters for SQLite give SQLAlchemy's stored text exactly
    (dates, naive and aware times; anything else goes through SQLAlchemy's processor)."""
    from datetime import UTC, datetime, timedelta, timezone

    from sqlalchemy import Date, DateTime
    from sqlalchemy.dialects import sqlite

    from qy_landing.services.changes import _bind_processor
    from qy_landing.store.types import UTCDateTime

    dialect = sqlite.dialect()
    shanghai = timezone(timedelta(hours=8))
    cases = {
        Date(): [date(2026, 1, 2), date(999, 1, 1), datetime(2026, 1, 2, 3, 4), None],
        DateTime(): [datetime(2026, 1, 2, 3, 4, 5, 6), date(2026, 1, 2), None],
        UTCDateTime(): [
            datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
            datetime(2026, 1, 2, 7, tzinfo=shanghai),
            None,
        ],
    }
    for type_, values in cases.items():
        ours, theirs = (
            _bind_processor(type_, dialect),
            type_.dialect_impl(dialect).bind_processor(dialect),
        )
        assert [theirs(v) for v in values] == [ours(v) for v in values]
