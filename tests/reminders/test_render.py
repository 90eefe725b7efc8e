"""How reminders word dates and steps: working days left, provisional dues, month names."""

from __future__ import annotations

from datetime import date

from qy_landing.calendar import WorkCalendar
from qy_landing.reminders.render import Renderer
from qy_landing.workflow.definition import load_definition, shipped_workflow_dir

STANDARD = load_definition(shipped_workflow_dir() / "standard.yaml")


def renderer(today: date = date(2026, 9, 30)) -> Renderer:
    return Renderer(WorkCalendar(), today, lambda name, version: STANDARD)


def test_working_days_left_skip_the_national_day_holidays():
    """From 9/30, a due date of 10/9 is 2 working days away (10/1–10/7 are holidays)."""
    r = renderer()
    assert r.workdays_left(date(2026, 10, 9)) == 2
    assert r.workdays_left(date(2026, 9, 28)) < 0
    assert r.idle(date(2026, 9, 28)) == -r.workdays_left(date(2026, 9, 28))
    assert r.idle(date(2026, 10, 9)) == 0


def test_due_dates_months_and_steps_in_both_languages():
    """A provisional due date is marked; months and step names follow the language."""
    r = renderer()
    assert r.due_text(date(2026, 10, 9), False, "zh") == "2026-10-09"
    marked = r.due_text(date(2027, 3, 1), True, "en")
    assert "2027-03-01" in marked and marked != "2027-03-01"
    assert r.month_label(2026, 10, "en") != r.month_label(2026, 10, "zh")
    assert "October" in r.month_label(2026, 10, "en")
    assert r.step_name(STANDARD, "filing", "zh") == STANDARD.step_by_key["filing"].name.zh
    assert r.step_name(STANDARD, "no_such_step", "en") == "no_such_step"
    assert r.step_order(STANDARD)[STANDARD.steps[0].key] == 0
