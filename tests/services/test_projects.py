"""Registering projects and moving them through the standard workflow."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from qy_landing.errors import (
    ConflictError,
    DuplicateError,
    InvalidValueError,
    NoNextStepError,
    ProjectNotFoundError,
    ReasonRequiredError,
    TransitionBlockedError,
    TransitionNotAllowedError,
)
from qy_landing.services import procedures, projects
from tests.builders import CODE, approve, person, project


def test_new_project_is_signed_with_its_applicable_procedures_pending(ctx):
    """A project starts in 'signed'; only the steps whose conditions hold are created."""
    project(ctx, energy_tce=12000)
    view = projects.show_project(ctx, CODE)
    assert view.state == "signed"
    assert view.amount == Decimal("12.5")
    steps = {p.step: p.status for p in view.procedures}
    assert steps == {
        "filing": "pending",
        "eia_form": "pending",
        "energy_review_province": "pending",
        "soil_water": "pending",
        "construction_planning": "pending",
        "drawing_review": "pending",
        "construction_permit": "pending",
    }


def test_new_land_brings_land_procedures(ctx):
    """New construction land adds the pre-review, the provincial conversion and the tender."""
    project(ctx, new_land=True, hazardous=True)
    steps = {p.step: p.level for p in projects.show_project(ctx, CODE).procedures}
    assert steps["land_prereview"] == "county"  # a filed project: the county reviews
    assert steps["land_conversion"] == "provincial"
    assert steps["land_tender"] == "county"
    assert steps["safety_review"] == "city"


def test_duplicate_code_is_refused(ctx):
    project(ctx)
    with pytest.raises(DuplicateError):
        project(ctx)


def test_code_outside_gansu_is_refused_with_the_accepted_forms(ctx):
    with pytest.raises(InvalidValueError) as caught:
        project(ctx, code="2601-110101-04-01-123456")
    assert "62" in caught.value.render("en")


def test_begin_passes_a_level_without_applicable_procedures_and_records_it(ctx):
    """Without provincial procedures the project goes straight on to the city level."""
    project(ctx)
    result = projects.advance(ctx, CODE)
    assert [m.dest for m in result.moves] == ["provincial", "city"]
    assert result.state == "city"
    actions = [e.action for e in projects.history(ctx, CODE) if e.field == "state"]
    assert actions == ["create", "trigger", "auto_pass"]


def test_leaving_a_level_waits_for_its_procedures(ctx):
    project(ctx)
    projects.advance(ctx, CODE)
    with pytest.raises(TransitionBlockedError) as caught:
        projects.advance(ctx, CODE)
    assert "环境影响评价（报告表）" in caught.value.render("zh")
    approve(ctx, CODE, "eia_form", date(2026, 9, 1), date(2026, 9, 20))
    assert projects.advance(ctx, CODE).state == "county"


def test_a_trigger_not_allowed_now_names_the_allowed_ones(ctx):
    project(ctx)
    with pytest.raises(TransitionNotAllowedError) as caught:
        projects.advance(ctx, CODE, "start_construction")
    message = caught.value.render("en")
    assert CODE in message and "signed" in message and "begin" in message


def test_full_landing_to_construction_start(ctx):
    """With every procedure approved in dependency order, the project starts construction."""
    project(ctx)
    projects.advance(ctx, CODE, on=date(2026, 7, 13))
    day = date(2026, 7, 14)
    for step in (
        "filing",
        "eia_form",
        "soil_water",
        "construction_planning",
        "drawing_review",
        "construction_permit",
    ):
        approve(ctx, CODE, step, day)
    projects.advance(ctx, CODE, on=date(2026, 7, 20))
    result = projects.advance(ctx, CODE, on=date(2026, 7, 21))
    assert result.state == "started"
    view = projects.show_project(ctx, CODE)
    assert view.started_on == date(2026, 7, 21)
    with pytest.raises(NoNextStepError):
        projects.advance(ctx, CODE)


def test_suspend_and_resume_return_to_where_it_was(ctx):
    project(ctx)
    projects.advance(ctx, CODE)
    with pytest.raises(ReasonRequiredError):
        projects.suspend(ctx, CODE, reason=" ")
    projects.suspend(ctx, CODE, reason="企业融资未到位")
    assert projects.show_project(ctx, CODE).state == "suspended"
    assert projects.resume(ctx, CODE, reason="资金到位").state == "city"


def test_terminated_is_final(ctx):
    project(ctx)
    projects.terminate(ctx, CODE, reason="投资方撤资")
    with pytest.raises(TransitionNotAllowedError):
        projects.advance(ctx, CODE, "begin")


def test_unknown_code_suggests_close_matches(ctx):
    project(ctx)
    with pytest.raises(ProjectNotFoundError) as caught:
        projects.show_project(ctx, CODE[:-1] + "7")
    assert caught.value.suggestions == [CODE]


def test_stale_version_is_a_conflict_and_nothing_is_written(ctx):
    project(ctx)
    version = projects.show_project(ctx, CODE).version
    projects.advance(ctx, CODE)
    with pytest.raises(ConflictError):
        projects.advance(ctx, CODE, "suspend", reason="x", expected_version=version)
    assert projects.show_project(ctx, CODE).state == "city"


def test_assignments_show_on_the_project(ctx):
    person(ctx, "张伟", "环县", title="副县长")
    project(ctx, direct_responsible=["张伟"])
    projects.assign(ctx, CODE, "落地专员", "张伟")
    roles = [(a.role, a.person) for a in projects.show_project(ctx, CODE).assignments]
    assert roles == [("direct_responsible", "张伟"), ("commissioner", "张伟")]


def test_audit_trail_replays_to_the_stored_state(ctx):
    project(ctx)
    projects.advance(ctx, CODE)
    projects.suspend(ctx, CODE, reason="停工待审")
    projects.resume(ctx, CODE, reason="复工")
    assert projects.replay_state(ctx, CODE) == projects.show_project(ctx, CODE).state == "city"


def test_procedure_due_date_counts_working_days_from_submission(ctx):
    """Submitted on the Mid-Autumn holiday: 30 working days skip National Day, count 10/10."""
    project(ctx)
    change = procedures.set_status(ctx, CODE, "eia_form", "submitted", on=date(2026, 9, 25))
    assert change.due == date(2026, 11, 12)


def test_units_without_code_can_be_added_one_after_another(ctx):
    """Two new units without a code do not clash with each other (only names and codes do)."""
    from qy_landing.errors import DuplicateError
    from qy_landing.services import units

    units.add_unit(ctx, "市招商促进中心", kind="office")
    units.add_unit(ctx, "市委督查室", kind="department")
    with pytest.raises(DuplicateError):
        units.add_unit(ctx, "市委督查室", kind="department")
    with pytest.raises(DuplicateError):
        units.add_unit(ctx, "新园区", code="621022", kind="park")


def test_changing_the_approval_level_moves_the_pending_approval(ctx):
    """A listed project whose catalogue entry turns out provincial: its approval moves level."""
    project(ctx, approval_listed=True)
    assert {p.step: p.level for p in projects.show_project(ctx, CODE).procedures}["approval"] == (
        "city"
    )
    projects.update_project(ctx, CODE, approval_level="省级核准", on=date(2026, 9, 1))
    view = projects.show_project(ctx, CODE)
    steps = {p.step: (p.level, p.authority) for p in view.procedures}
    assert steps["approval"] == ("provincial", "省发展和改革委员会")
    assert "social_stability" in steps  # provincial approvals need the stability assessment
    assert view.facts["approval"] == "provincial"
    projects.update_project(ctx, CODE, approval_level="filing", on=date(2026, 9, 2))
    steps = {p.step for p in projects.show_project(ctx, CODE).procedures}
    assert "filing" in steps and "approval" not in steps
