"""Procedures (手续): statuses, and due dates counted in working days."""

from __future__ import annotations

from datetime import date

from qy_landing.services import procedures
from tests.builders import CODE, project


def test_procedure_due_date_counts_working_days_from_submission(ctx):
    """Submitted on the Mid-Autumn holiday: 30 working days skip National Day, count 10/10."""
    project(ctx)
    change = procedures.set_status(ctx, CODE, "eia_form", "submitted", on=date(2026, 9, 25))
    assert change.due == date(2026, 11, 12)
