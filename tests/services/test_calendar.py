"""The office's calendar overrides: closures move running due dates, in one audited change."""

from __future__ import annotations

from datetime import date

from qy_landing.services import calendar, procedures, projects
from tests.builders import CODE, project

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
