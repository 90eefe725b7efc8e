"""How reminders word dates, steps and the statutory clock: working days left, provisional
dues, month names, stopped clocks and due dates a calendar change moved."""

from __future__ import annotations

from datetime import date

from qy_landing.calendar import WorkCalendar
from qy_landing.reminders.render import FIELD_SEP, ROW_SEP, DigestProject, Renderer
from qy_landing.services.due_dates import MovedDue
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


def test_a_digest_shows_a_stopped_clock_and_a_due_date_a_calendar_change_moved():
    """补正 reads 'the clock is stopped', not 'rejected'; a moved due date gets its own line."""
    renderer = Renderer(WorkCalendar(), date(2026, 12, 1), lambda name, version: STANDARD)
    procedures = ROW_SEP.join(
        [
            FIELD_SEP.join(["eia_form", "city", "materials_requested", "", "0"]),
            FIELD_SEP.join(["filing", "county", "submitted", "2026-12-10", "0"]),
        ]
    )
    project = DigestProject(
        "2601-621022-04-01-123456",
        "环县风电",
        "环县",
        "city",
        None,
        "standard",
        1,
        date(2026, 11, 20),
        procedures,
    )
    moved = {
        project.code: [
            MovedDue(
                project.code, "filing", date(2026, 12, 9), date(2026, 12, 10), date(2026, 11, 25)
            )
        ]
    }
    _, body = renderer.digest("张伟", "zh", 2026, 12, [project], moved)
    assert "环境影响评价（报告表）（市级）：补正中，停止计时" in body
    assert "日历变更：项目备案 到期日由 2026-12-09 改为 2026-12-10" in body
    _, english = renderer.digest("Zhang Wei", "en", 2026, 12, [project], moved)
    assert "materials requested, the clock is stopped" in english
