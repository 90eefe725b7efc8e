"""The office's calendar overrides: closures move running due dates, audited, in batches."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.services import calendar, procedures, projects
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
        done.append(original(*args, **kwargs))
        return done[-1]

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
