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


def test_a_decision_keeps_the_due_date_of_its_round(ctx):
    """Approving (or rejecting) does not move the due date the round was counted to."""
    project(ctx)
    set_(ctx, "submitted", "2026-08-03")
    set_(ctx, "accepted", "2026-08-10")
    assert set_(ctx, "approved", "2026-09-01").due == date(2026, 9, 20)
    assert explain_due(ctx, CODE, STEP).count.due == date(2026, 9, 20)


def test_a_step_named_in_chinese_counts_the_same_history(ctx):
    """A status change naming the step by its Chinese name counts the same due date as by
    its key (the history is then read after the name is resolved)."""
    project(ctx)
    set_(ctx, "submitted", "2026-08-03")
    accepted = procedures.set_status(
        ctx, CODE, "环境影响评价（报告表）", "accepted", on=date(2026, 8, 10)
    )
    assert accepted.due == date(2026, 9, 20)


def test_a_closure_added_elsewhere_counts_in_the_next_due_date(ctx):
    """A long-lived context counts a due date with a closure another process added since
    its calendar was cached (the change reads the calendar version with the project)."""
    from qy_landing.services.calendar import set_override
    from qy_landing.services.context import Context

    project(ctx)
    ctx.calendar()  # cached before the closure
    set_override(Context(ctx.db, "另一位同事", ctx.clock), date(2026, 9, 10), workday=False)
    assert set_(ctx, "submitted", "2026-08-03").due == date(2026, 9, 15)


def test_a_corrected_acceptance_counts_in_the_next_status_change(ctx):
    """The history read with a change holds corrections: 补正 after an acceptance corrected
    from 09-14 to 09-10 counts the working days used from 09-10."""
    from qy_landing.services import corrections

    project(ctx)
    set_(ctx, "submitted", "2026-09-07")
    set_(ctx, "accepted", "2026-09-14")
    corrections.correct_procedure(ctx, CODE, STEP, on=date(2026, 9, 10), reason="日期录错")
    set_(ctx, "materials_requested", "2026-09-21", note="补充材料")
    used = explain_due(ctx, CODE, STEP, as_of=date(2026, 9, 28)).count.used
    assert used == ctx.calendar().workdays_between(date(2026, 9, 10), date(2026, 9, 21)) == 8
