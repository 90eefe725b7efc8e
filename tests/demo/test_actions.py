"""A project's changes as one dated sequence, and the plan's own check of them."""

from __future__ import annotations

import copy

import pytest

from qy_landing.demo.actions import project_actions, validate
from qy_landing.demo.model import Move
from qy_landing.demo.schedule import ordered
from qy_landing.errors import DemoPlanError


def test_actions_are_in_date_order_with_the_start_after_the_days_approvals(plan):
    """Changes come day by day; on a start day the last approvals come before the start."""
    for p in plan.projects[:60]:
        actions = project_actions(p)
        assert [on for on, _, _ in actions] == sorted(on for on, _, _ in actions)
        if p.start_on is not None:
            same_day = [kind for on, kind, _ in actions if on == p.start_on]
            assert same_day.index("start") >= max(
                (i for i, k in enumerate(same_day) if k == "status"), default=-1
            )


def test_every_planned_project_passes_the_check(plan):
    """The plan of the default seed passes validate() for every project."""
    for p in plan.projects:
        validate(p)


def test_a_step_submitted_before_its_dependency_is_refused(plan):
    """A dependant step submitted before its dependency is done is a plan error."""
    project = copy.deepcopy(
        next(
            p
            for p in plan.projects
            if p.fate == "started"
            and [m.status for m in p.moves.get("drawing_review", [])][:1] == ["submitted"]
        )
    )
    first = project.moves["drawing_review"][0]
    project.moves["drawing_review"][0] = Move(project.signed_on, first.status)
    with pytest.raises(DemoPlanError, match="drawing_review submitted"):
        validate(project)


def test_a_change_after_termination_is_refused(plan):
    """Nothing may happen to a project after it was terminated."""
    project = copy.deepcopy(next(p for p in plan.projects if p.fate == "terminated" and p.moves))
    assert project.terminate_on is not None
    key = next(iter(project.moves))
    project.moves[key].append(Move(project.terminate_on, "accepted"))
    project.terminate_on = project.moves[key][0].on
    with pytest.raises(DemoPlanError, match="after the project's terminate"):
        validate(project)


def test_a_start_with_procedures_undone_is_refused(plan):
    """A project may not start while one of its procedures is not done."""
    project = copy.deepcopy(
        next(
            p
            for p in plan.projects
            if p.fate == "started" and p.moves[ordered(p.steps)[-1].key][0].status == "submitted"
        )
    )
    key = ordered(project.steps)[-1].key  # nothing depends on it
    project.moves[key] = project.moves[key][:1]  # submitted only
    with pytest.raises(DemoPlanError, match="not done"):
        validate(project)
