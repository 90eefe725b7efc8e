"""The monthly digest's lines for the statutory clock: stopped clocks and moved due dates."""

from __future__ import annotations

from datetime import date

from qy_landing.calendar import WorkCalendar
from qy_landing.reminders.render import FIELD_SEP, ROW_SEP, DigestProject, Renderer
from qy_landing.services.due_dates import MovedDue
from qy_landing.workflow.definition import load_definition, shipped_workflow_dir

STANDARD = load_definition(shipped_workflow_dir() / "standard.yaml")


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
