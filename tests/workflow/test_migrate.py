"""Reconciling procedures with a definition: what is added, removed, changed or blocked."""

from __future__ import annotations

from qy_landing.workflow.definition import parse_definition
from qy_landing.workflow.migrate import ExistingProcedure, plan_project, reconcile

V1 = """\
name: tiny
states:
  - {name: signed, initial: true}
  - {name: county, level: county}
  - {name: started, kind: final}
transitions:
  - {trigger: begin, source: signed, dest: county}
  - {trigger: start, source: county, dest: started, guards: [level_complete]}
levels: [county]
steps:
  - {key: filing, name: 项目备案, level: county, limit: 3, when: not approval_listed}
  - {key: approval, name: 项目核准, level: county, limit: 20, when: approval_listed}
  - {key: permit, name: 施工许可证, level: county, limit: 7}
"""
# version 2: the permit takes 5 days, a land step is new for new land, filing is gone
V2 = V1.replace("limit: 7}", "limit: 5}").replace(
    "  - {key: filing, name: 项目备案, level: county, limit: 3, when: not approval_listed}\n",
    "  - {key: land, name: 用地预审, level: county, limit: 20, when: new_land}\n",
)
OLD = parse_definition(V1, "v1.yaml")
NEW = parse_definition(V2, "v2.yaml")


def have(**statuses: str) -> dict[str, ExistingProcedure]:
    limits = {"filing": 3, "approval": 20, "permit": 7, "land": 20}
    return {
        step: ExistingProcedure(step, status, limits[step], "county")
        for step, status in statuses.items()
    }


def test_nothing_changes_when_procedures_match_the_definition():
    """A project whose procedures are exactly the applicable steps needs no change."""
    result = reconcile(OLD, {"approval_listed": False}, have(filing="pending", permit="pending"))
    assert not result.changes_anything
    assert result.problems == []


def test_changed_facts_add_and_remove_procedures():
    """Becoming approval-listed swaps filing for approval; untouched filing goes quietly."""
    result = reconcile(OLD, {"approval_listed": True}, have(filing="pending", permit="pending"))
    assert result.add == ["approval"]
    assert result.remove == ["filing"]
    assert result.problems == []
    assert result.changes_anything


def test_removing_a_procedure_with_progress_is_a_problem():
    """A procedure already submitted is never dropped silently: the change is blocked."""
    result = reconcile(OLD, {"approval_listed": True}, have(filing="submitted", permit="pending"))
    assert result.remove == ["filing"]
    assert len(result.problems) == 1
    message = result.problems[0].render("en")
    assert "filing" in message


def test_a_new_version_changes_limits_and_steps():
    """Moving to version 2: new limit of the permit, the new land step, filing removed."""
    plan = plan_project(
        "P-1",
        "county",
        {"new_land": True, "approval_listed": False},
        have(filing="approved", permit="pending"),
        (1, OLD),
        (2, NEW),
    )
    assert (plan.code, plan.from_version, plan.to_version) == ("P-1", 1, 2)
    assert plan.changes.add == ["land"]
    assert plan.changes.limits == [("permit", 7, 5)]
    assert plan.changes.remove == ["filing"]
    assert plan.blocked  # the approved filing would be lost


def test_a_state_missing_from_the_new_version_blocks_first():
    """A project in a state the new version no longer has cannot be moved."""
    plan = plan_project("P-2", "provincial", {}, have(permit="pending"), (1, OLD), (2, NEW))
    assert plan.blocked
    assert "provincial" in plan.changes.problems[0].render("en")


def test_an_untouched_project_moves_without_problems():
    """Only pending procedures change: the plan is not blocked."""
    plan = plan_project(
        "P-3", "signed", {"approval_listed": True}, have(approval="pending", permit="pending"),
        (1, OLD), (2, NEW),
    )  # fmt: skip
    assert not plan.blocked
    assert plan.changes.limits == [("permit", 7, 5)]
    assert plan.changes.add == [] and plan.changes.remove == []
