"""Procedures (手续): status changes with due dates in working days, in the allowed order only."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.errors import (
    ChoiceError,
    DateOrderError,
    DependencyNotMetError,
    ProjectClosedError,
    ReasonRequiredError,
    StatusChangeNotAllowedError,
)
from qy_landing.services import procedures, projects
from qy_landing.services.procedures import ProcedureNotApplicableError
from tests.builders import CODE, project

SUBMITTED = date(2026, 9, 22)


def test_procedure_due_date_counts_working_days_from_submission(ctx):
    """Submitted on the Mid-Autumn holiday: 30 working days skip National Day, count 10/10."""
    project(ctx)
    change = procedures.set_status(ctx, CODE, "eia_form", "submitted", on=date(2026, 9, 25))
    assert change.due == date(2026, 11, 12)


def test_submitting_sets_a_due_date_in_working_days(ctx):
    """A submitted procedure is due its limit in working days later (holidays skipped)."""
    project(ctx)
    change = procedures.set_status(ctx, CODE, "filing", "submitted", on=SUBMITTED)
    assert (change.old, change.new) == ("pending", "submitted")
    assert change.due == ctx.calendar().deadline(SUBMITTED, 3).due
    assert not change.due_provisional
    # submitted just before National Day: 3 working days land after the holiday week
    late = procedures.set_status(ctx, CODE, "soil_water", "submitted", on=date(2026, 9, 30))
    assert late.due is not None and late.due > date(2026, 10, 7)


def test_steps_and_statuses_by_their_chinese_or_english_names(ctx):
    """A step may be named by key, Chinese or English name; the audit trail keeps the key."""
    project(ctx)
    procedures.set_status(ctx, CODE, "项目备案", "submitted", on=SUBMITTED)
    change = procedures.set_status(ctx, CODE, "project filing", "approved", on=date(2026, 9, 24))
    assert (change.step, change.new) == ("filing", "approved")
    event = projects.history(ctx, CODE)[-1]
    assert (event.action, event.field, event.old, event.new) == (
        "procedure",
        "filing",
        "submitted",
        "approved",
    )


def test_only_the_allowed_status_changes_are_accepted(ctx):
    """pending → approved skips submission: refused, naming what is allowed from pending."""
    project(ctx)
    with pytest.raises(StatusChangeNotAllowedError) as caught:
        procedures.set_status(ctx, CODE, "filing", "approved", on=SUBMITTED)
    assert "submitted" in caught.value.render("en")
    with pytest.raises(ChoiceError):
        procedures.set_status(ctx, CODE, "filing", "lost", on=SUBMITTED)
    with pytest.raises(ChoiceError):
        procedures.set_status(ctx, CODE, "no_such_step", "submitted", on=SUBMITTED)


def test_waiving_needs_a_reason_and_can_be_taken_back(ctx):
    """A waiver without a reason is refused; with one it counts as done until taken back."""
    project(ctx)
    with pytest.raises(ReasonRequiredError):
        procedures.set_status(ctx, CODE, "soil_water", "waived", on=SUBMITTED)
    procedures.set_status(ctx, CODE, "soil_water", "waived", on=SUBMITTED, reason="已纳入区域评估")
    view = {p.step: p for p in procedures.list_procedures(ctx, CODE, lang="en")}
    assert (view["soil_water"].status, view["soil_water"].waive_reason) == (
        "waived",
        "已纳入区域评估",
    )
    procedures.set_status(ctx, CODE, "soil_water", "pending", on=date(2026, 9, 23))
    view = {p.step: p for p in procedures.list_procedures(ctx, CODE)}
    assert view["soil_water"].waive_reason is None


def test_a_step_waits_for_the_steps_it_depends_on(ctx):
    """Construction planning cannot be submitted before the land pre-review is done."""
    project(ctx)
    with pytest.raises(DependencyNotMetError) as caught:
        procedures.set_status(ctx, CODE, "construction_planning", "submitted", on=SUBMITTED)
    assert "Land pre-review" in caught.value.render("en")


def test_a_step_that_does_not_apply_to_the_project_is_refused(ctx):
    """Approval (核准) applies only to approval-listed projects; this one files instead."""
    project(ctx)
    with pytest.raises(ProcedureNotApplicableError):
        procedures.set_status(ctx, CODE, "approval", "submitted", on=SUBMITTED)


def test_dates_keep_their_order_and_closed_projects_are_frozen(ctx):
    """Approval before submission is refused; a suspended project's procedures do not move."""
    project(ctx)
    procedures.set_status(ctx, CODE, "filing", "submitted", on=SUBMITTED)
    with pytest.raises(DateOrderError):
        procedures.set_status(ctx, CODE, "filing", "approved", on=date(2026, 9, 21))
    projects.suspend(ctx, CODE, reason="投资方资金调整", on=date(2026, 9, 25))
    with pytest.raises(ProjectClosedError):
        procedures.set_status(ctx, CODE, "filing", "approved", on=date(2026, 9, 28))
