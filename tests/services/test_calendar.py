"""The office's calendar overrides and a newly published schedule: due dates follow them,
audited; an override's recount runs in batches."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from qy_landing import calendar as cal
from qy_landing.clock import FixedClock
from qy_landing.services import calendar, procedures, projects
from qy_landing.services.calendar import moved_due_dates, refresh_due_dates, set_override
from qy_landing.services.context import Context
from qy_landing.services.project_views import show_project
from tests.builders import CODE, HUAN_EN, after_each_write, project

SUBMITTED = date(2026, 9, 22)  # a Tuesday; filing has a 3-working-day limit


def due_of_filing(ctx) -> date | None:
    view = projects.show_project(ctx, CODE)
    return next(p.due for p in view.procedures if p.step == "filing")


def test_a_closure_moves_running_due_dates_and_is_audited(ctx):
    """Closing a working day inside a running procedure's span moves its due date later."""
    project(ctx)
    before = procedures.set_status(ctx, CODE, "filing", "submitted", on=SUBMITTED).due
    assert before is not None
    moved = calendar.set_override(ctx, date(2026, 9, 23), workday=False, note="停电检修")
    assert moved == 1
    after = due_of_filing(ctx)
    assert after is not None and after > before
    assert after == ctx.calendar().deadline(SUBMITTED, 3).due  # the cached calendar was renewed
    event = [e for e in projects.history(ctx, CODE) if e.action == "due_changed"][-1]
    assert (event.field, event.old, event.new) == ("filing", str(before), str(after))
    assert event.note == "停电检修"


def test_clearing_an_override_restores_the_official_calendar(ctx):
    """workday=None removes the override and moves the due date back."""
    project(ctx)
    before = procedures.set_status(ctx, CODE, "filing", "submitted", on=SUBMITTED).due
    calendar.set_override(ctx, date(2026, 9, 23), workday=False)
    assert calendar.set_override(ctx, date(2026, 9, 23), workday=None) == 1
    assert due_of_filing(ctx) == before
    assert calendar.list_overrides(ctx) == []


def test_overrides_are_listed_by_day_and_change_nothing_outside_running_spans(ctx):
    """A day outside every running procedure moves nothing; overrides list in day order."""
    project(ctx)
    procedures.set_status(ctx, CODE, "filing", "submitted", on=SUBMITTED)
    assert calendar.set_override(ctx, date(2026, 12, 31), workday=False, note="年终") == 0
    assert calendar.set_override(ctx, date(2026, 11, 1), workday=True, note="加班") == 0
    listed = [(o.day, o.workday, o.note) for o in calendar.list_overrides(ctx)]
    assert listed == [(date(2026, 11, 1), True, "加班"), (date(2026, 12, 31), False, "年终")]
    loaded = calendar.load_calendar(ctx)
    assert loaded.is_workday(date(2026, 11, 1))  # a Sunday opened by the office
    assert not loaded.is_workday(date(2026, 12, 31))


def test_setting_the_same_day_again_replaces_the_override(ctx):
    """One override per day: setting it again changes its kind and note."""
    calendar.set_override(ctx, date(2026, 12, 30), workday=False, note="a")
    calendar.set_override(ctx, date(2026, 12, 30), workday=True, note="b")
    assert [(o.workday, o.note) for o in calendar.list_overrides(ctx)] == [(True, "b")]


STEP = "eia_form"  # 30 working days


@pytest.fixture
def late(ctx):
    """The test database as of 2027-03-01, a project signed in July 2026."""
    project(ctx)
    return Context(ctx.db, "测试员", FixedClock.on(date(2027, 3, 1)))


def test_a_closure_moves_the_due_dates_that_cross_it_and_audits_them(late):
    """Closing 11-20 moves a due date counted across it by one working day, with an event."""
    procedures.set_status(late, CODE, STEP, "submitted", on=date(2026, 11, 2))
    before = late.calendar().add_workdays(date(2026, 11, 2), 30)
    assert set_override(late, date(2026, 11, 20), workday=False, note="停电") == 1
    after = show_project(late, CODE, events=5)
    due = next(p.due for p in after.procedures if p.step == STEP)
    assert due == late.calendar().add_workdays(before, 1)
    assert [(m.code, m.old, m.new) for m in moved_due_dates(late, date(2027, 3, 1))] == [
        (CODE, before, due)
    ]


_SEQUENCE = itertools.count(1)
OFF_2027 = [date(2027, 1, 1), *(date(2027, 2, d) for d in range(5, 12))]
ON_2027 = [date(2027, 2, 20)]


@contextmanager
def published_2027() -> Iterator[None]:
    """A newer chinesecalendar that knows 2027: 元旦, 春节 02-05 … 02-11, 02-20 a make-up day."""
    for day in OFF_2027:
        chinese_calendar.holidays[day] = "holiday"
    for day in ON_2027:
        chinese_calendar.workdays[day] = "make-up day"
    cal._official_years.cache_clear()
    cal.schedule_fingerprint.cache_clear()
    try:
        yield
    finally:
        for day in OFF_2027:
            del chinese_calendar.holidays[day]
        for day in ON_2027:
            del chinese_calendar.workdays[day]
        cal._official_years.cache_clear()
        cal.schedule_fingerprint.cache_clear()


def test_refresh_is_a_no_op_until_a_schedule_changes(late):
    """Fingerprints are stored on the first refresh; the second one finds nothing new."""
    refresh_due_dates(late)
    assert refresh_due_dates(late).years == ()


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(starts=st.lists(st.integers(0, 40), min_size=1, max_size=3, unique=True))
def test_publishing_2027_moves_exactly_the_due_dates_that_cross_the_changed_days(late, starts):
    """After a newer schedule, a due date moves iff its count crosses a changed day."""
    refresh_due_dates(late)  # fingerprints of the calendar as installed
    first = date(2026, 11, 2)
    began = {}
    for offset in starts:
        code = f"2601-621022-04-01-{900000 + next(_SEQUENCE)}"
        project(late, code=code)
        began[code] = first + timedelta(offset)
        procedures.set_status(late, code, STEP, "submitted", on=began[code])
    before = late.calendar()
    old = {c: before.add_workdays(s, 30) for c, s in began.items()}
    with published_2027():
        refreshed = refresh_due_dates(late)
        after = cal.WorkCalendar()
        changed = [
            date(2027, 1, 1) + timedelta(i)
            for i in range(365)
            if before.is_workday(date(2027, 1, 1) + timedelta(i))
            != after.is_workday(date(2027, 1, 1) + timedelta(i))
        ]
        moved = {m.code: (m.old, m.new) for m in refreshed.moved if m.code in began}
        crossing = {c for c, s in began.items() if any(s < d <= old[c] for d in changed)}
        assert set(moved) == crossing
        note(f"crossing: {sorted(crossing)}")
        assert moved == {c: (old[c], after.add_workdays(began[c], 30)) for c in crossing}
        assert 2027 in refreshed.years
        assert late.calendar().is_workday(date(2027, 2, 20))


CODES = [f"2601-621022-04-01-{n:06d}" for n in range(500001, 500006)]


def filed(ctx) -> dict[str, date | None]:
    """Five projects whose filing was submitted on SUBMITTED; their due dates by code."""
    for code in CODES:
        project(ctx, code)
        procedures.set_status(ctx, code, "filing", "submitted", on=SUBMITTED)
    return {code: due_of(ctx, code) for code in CODES}


def test_a_recount_in_batches_moves_every_running_due_date_once(ctx):
    """Batches of 2 over five running procedures: all five move, one audit event each."""
    before = filed(ctx)
    assert calendar.set_override(ctx, date(2026, 9, 23), workday=False, batch=2) == 5
    expected = ctx.calendar().deadline(SUBMITTED, 3).due
    for code in CODES:
        assert due_of(ctx, code) == expected
        moves = [e for e in projects.history(ctx, code) if e.action == "due_changed"]
        assert [(e.old, e.new) for e in moves] == [(str(before[code]), str(expected))]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_recount_lets_a_colleagues_write_through_between_batches(ctx, monkeypatch):
    """After each batch a colleague's write that refuses to wait commits (SQLite)."""
    filed(ctx)
    committed = after_each_write(monkeypatch, HUAN_EN, path=ctx.db.sqlite_path)
    assert calendar.set_override(ctx, date(2026, 9, 23), workday=False, batch=2) == 5
    assert len(committed) == 4  # the override, then batches of 2 + 2 + 1


def test_a_recount_stopped_half_way_is_completed_by_setting_the_day_again(ctx, monkeypatch):
    """Killed after the first batch: setting the same day again moves exactly the rest."""
    import qy_landing.services.calendar as calendar_module

    filed(ctx)
    original = calendar_module._recount
    done = []

    def power_cut(*args, **kwargs):  # type: ignore[no-untyped-def]
        if done:
            raise KeyboardInterrupt
        moved = original(*args, **kwargs)
        done.append(len(moved))
        return moved

    monkeypatch.setattr(calendar_module, "_recount", power_cut)
    with pytest.raises(KeyboardInterrupt):
        calendar.set_override(ctx, date(2026, 9, 23), workday=False, batch=2)
    assert done == [2]
    monkeypatch.setattr(calendar_module, "_recount", original)
    assert calendar.set_override(ctx, date(2026, 9, 23), workday=False, batch=2) == 3
    expected = ctx.calendar().deadline(SUBMITTED, 3).due
    assert {due_of(ctx, c) for c in CODES} == {expected}


def due_of(ctx, code: str) -> date | None:
    view = projects.show_project(ctx, code)
    return next(p.due for p in view.procedures if p.step == "filing")


def test_a_schedule_refresh_stopped_half_way_is_done_again_by_the_next_one(ctx, monkeypatch):
    """The fingerprints are stored after the last batch: a refresh cut off after its first
    batch leaves them unstored, so the next refresh recounts again and then settles."""
    import qy_landing.services.calendar as calendar_module

    filed(ctx)
    original = calendar_module._recount
    batches: list[int] = []

    def power_cut(*args, **kwargs):  # type: ignore[no-untyped-def]
        if batches:
            raise KeyboardInterrupt
        batches.append(len(args[2]))
        return original(*args, **kwargs)

    monkeypatch.setattr(calendar_module, "_recount", power_cut)
    with pytest.raises(KeyboardInterrupt):
        refresh_due_dates(ctx, batch=2)
    assert batches == [2]
    monkeypatch.setattr(calendar_module, "_recount", original)
    assert refresh_due_dates(ctx, batch=2).years  # not stored yet: done again
    assert refresh_due_dates(ctx, batch=2).years == ()  # stored: nothing to do
