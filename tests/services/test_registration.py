"""Registering projects and changing their details: procedures follow the facts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from qy_landing.errors import DuplicateError, InvalidValueError
from qy_landing.services import project_views, registration
from tests.builders import CODE, project


def test_new_project_is_signed_with_its_applicable_procedures_pending(ctx):
    """A project starts in 'signed'; only the steps whose conditions hold are created."""
    project(ctx, energy_tce=12000)
    view = project_views.show_project(ctx, CODE)
    assert view.state == "signed"
    assert view.amount == Decimal("12.5")
    steps = {p.step: p.status for p in view.procedures}
    assert steps == {
        "filing": "pending",
        "land_prereview": "pending",
        "eia_form": "pending",
        "energy_review_province": "pending",
        "soil_water": "pending",
        "construction_planning": "pending",
        "drawing_review": "pending",
        "construction_permit": "pending",
    }


def test_new_land_brings_provincial_land_procedures(ctx):
    """New construction land adds the provincial pre-review and conversion and the land tender."""
    project(ctx, new_land=True, hazardous=True)
    steps = {p.step: p.level for p in project_views.show_project(ctx, CODE).procedures}
    assert steps["land_prereview_province"] == "provincial"
    assert steps["land_conversion"] == "provincial"
    assert steps["safety_review"] == "city"
    assert "land_prereview" not in steps


def test_duplicate_code_is_refused(ctx):
    """Registering a code that exists already is refused."""
    project(ctx)
    with pytest.raises(DuplicateError):
        project(ctx)


def test_code_outside_gansu_is_refused_with_the_accepted_forms(ctx):
    """A code whose region is not in Gansu is refused; the message names the accepted forms."""
    with pytest.raises(InvalidValueError) as caught:
        project(ctx, code="2601-110101-04-01-123456")
    assert "62" in caught.value.render("en")


def test_changed_facts_add_newly_applicable_procedures_and_drop_pending_ones(ctx):
    """New land brings the provincial land steps and replaces the city pre-review, audited."""
    project(ctx)
    registration.update_project(ctx, CODE, new_land=True, note="规划调整")
    view = project_views.show_project(ctx, CODE)
    steps = {p.step for p in view.procedures}
    assert {"land_prereview_province", "land_conversion"} <= steps
    assert "land_prereview" not in steps
    facts = [e for e in project_views.history(ctx, CODE) if e.action == "facts"]
    assert [(e.field, e.old, e.new, e.note) for e in facts] == [
        ("new_land", "False", "True", "规划调整")
    ]


def test_a_dry_run_upsert_reports_and_writes_nothing(ctx):
    """A dry run tells what it would create and leaves the database as it was."""
    item = registration.ProjectInput(
        code=CODE,
        name="环县 100MW 风电项目",
        investor="甘肃某新能源有限公司",
        unit="环县",
        chain="energy",
        amount="12.5",
        signed_on=date(2026, 7, 10),
    )
    report = registration.upsert_projects(ctx, [item], dry_run=True)
    assert (report.created, report.dry_run, report.total) == ([CODE], True, 1)
    assert project_views.list_projects(ctx) == []
    assert registration.upsert_projects(ctx, [item]).created == [CODE]
    assert project_views.list_projects(ctx)[0].amount == Decimal("12.5")
