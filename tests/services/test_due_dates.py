"""Due dates counted by the statutory clock, recounted as the procedure moves."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.errors import ReasonRequiredError
from qy_landing.services import procedures
from qy_landing.services.due_views import explain_due
from tests.builders import CODE, project

STEP = "eia_form"  # 30 working days, counted from acceptance


def set_(ctx, status: str, on: str, **extra):
    return procedures.set_status(ctx, CODE, STEP, status, on=date.fromisoformat(on), **extra)


def test_recording_acceptance_moves_the_due_date_to_count_from_it(ctx):
    """Submitted 08-03 (due 09-14 from receipt), accepted 08-10 within 5 days → 09-20."""
    project(ctx)
    assert set_(ctx, "submitted", "2026-08-03").due == date(2026, 9, 14)
    assert set_(ctx, "accepted", "2026-08-10").due == date(2026, 9, 20)
    shown = explain_due(ctx, CODE, STEP)
    assert (shown.count.start, shown.count.start_kind) == (date(2026, 8, 10), "accepted")


def test_a_late_acceptance_counts_from_submission(ctx):
    """Accepted 6 working days after submission: deemed accepted on receipt (Art. 32(4))."""
    project(ctx)
    set_(ctx, "submitted", "2026-08-03")
    assert set_(ctx, "accepted", "2026-08-11").due == date(2026, 9, 14)
    assert explain_due(ctx, CODE, STEP).count.start_kind == "deemed"


def test_materials_requested_stops_the_clock_and_resubmission_resumes_it(ctx):
    """8 of 30 days used when 补正 is asked on 08-20; resubmitted 09-01 → 22 more → 10-08."""
    project(ctx)
    set_(ctx, "submitted", "2026-08-03")
    set_(ctx, "accepted", "2026-08-10")
    paused = set_(ctx, "materials_requested", "2026-08-20", note="补充水土保持方案")
    assert paused.due is None
    assert explain_due(ctx, CODE, STEP, as_of=date(2026, 8, 27)).count.paused
    resumed = set_(ctx, "submitted", "2026-09-01")
    assert resumed.due == date(2026, 10, 8)
    count = explain_due(ctx, CODE, STEP).count
    assert count.used == 8
    assert [(p.start, p.end, p.workdays) for p in count.pauses] == [
        (date(2026, 8, 20), date(2026, 9, 1), 8)
    ]


def test_an_expert_review_is_left_out_of_the_limit_and_needs_a_reason(ctx):
    """Art. 45: on hold 08-20 … 09-01 for an expert review; without a reason it is refused."""
    project(ctx)
    set_(ctx, "submitted", "2026-08-03")
    set_(ctx, "accepted", "2026-08-10")
    with pytest.raises(ReasonRequiredError):
        set_(ctx, "on_hold", "2026-08-20")
    assert set_(ctx, "on_hold", "2026-08-20", reason="专家评审").due is None
    assert set_(ctx, "accepted", "2026-09-01").due == date(2026, 10, 8)
    assert explain_due(ctx, CODE, STEP).count.pauses[0].reason == "专家评审"
