"""``procedure show``'s explanation of a due date, as data."""

from __future__ import annotations

from datetime import date

from qy_landing.jsonable import dumps
from qy_landing.services import procedures
from qy_landing.services.due_views import explain_due
from tests.builders import CODE, project


def test_the_explanation_names_start_limit_pauses_and_skipped_days(ctx):
    """Accepted 08-10: 30 working days to 09-20, with the weekends and days skipped counted."""
    project(ctx)
    procedures.set_status(ctx, CODE, "eia_form", "submitted", on=date(2026, 8, 3))
    procedures.set_status(ctx, CODE, "eia_form", "accepted", on=date(2026, 8, 10))
    shown = explain_due(ctx, CODE, "环境影响评价（报告表）").as_dict()
    assert shown["start"] == date(2026, 8, 10)
    assert shown["start_kind"] == "accepted"
    assert shown["due"] == date(2026, 9, 20)
    assert shown["non_working_days_skipped"] == 11  # 41 days, 30 of them working days
    assert shown["pauses"] == [] and not shown["provisional"]
    assert '"due": "2026-09-20"' in dumps(shown)
