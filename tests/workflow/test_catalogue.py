"""The Gansu procedure catalogue in the shipped workflows: conditions, levels, stages, sources."""

from __future__ import annotations

from typing import Any

import pytest

from qy_landing.errors import WorkflowDefinitionError
from qy_landing.workflow.definition import (
    STEP_STAGES,
    Definition,
    definition_files,
    load_definition,
    parse_definition,
)

SHIPPED = {path.stem: load_definition(path) for path in definition_files()}
STANDARD = SHIPPED["standard"]
ENERGY = SHIPPED["energy"]

# A filed project in a county, no new land, no special facts.
PLAIN: dict[str, Any] = {"approval_listed": False, "approval": "filing"}


def applicable(definition: Definition, **facts: Any) -> dict[str, Any]:
    """step key -> resolved step, for PLAIN facts changed by ``facts``."""
    return {s.key: s for s in definition.applicable_steps({**PLAIN, **facts})}


# new procedure -> the facts that switch it on (it is off for PLAIN)
NEW_PROCEDURES = {
    "social_stability": {"approval_listed": True, "approval": "provincial"},
    "mineral_overlay": {"over_mineral_area": True},
    "relics_survey": {"relics_zone": True},
    "forest_grassland": {"uses_forest_or_grassland": True},
    "water_permit": {"abstracts_water": True},
    "design_scheme": {"civil_building": True},
    "civil_air_defence": {"civil_building": True},
    "land_prereview": {"new_land": True},
}


@pytest.mark.parametrize("workflow", ["standard", "energy"])
@pytest.mark.parametrize("step", sorted(NEW_PROCEDURES))
def test_new_procedure_follows_its_condition(workflow: str, step: str) -> None:
    """Each new procedure applies when its fact holds and not otherwise."""
    definition = SHIPPED[workflow]
    if step not in definition.step_by_key:
        assert workflow == "energy" and step in ("design_scheme", "civil_air_defence")
        return
    assert step not in applicable(definition)
    assert step in applicable(definition, **NEW_PROCEDURES[step])


def test_social_stability_for_national_approval_too() -> None:
    """Projects approved by the State Council need the assessment; city approvals do not."""
    assert "social_stability" in applicable(STANDARD, approval_listed=True, approval="national")
    assert "social_stability" not in applicable(STANDARD, approval_listed=True, approval="city")


@pytest.mark.parametrize(
    ("approval", "step", "level", "authority"),
    [
        ("filing", "filing", "county", "县区发展和改革局"),
        ("county", "approval", "county", "县区发展和改革局"),
        ("city", "approval", "city", "市发展和改革委员会"),
        ("provincial", "approval", "provincial", "省发展和改革委员会"),
        ("national", "approval", "provincial", "国家发展和改革委员会（经省发展和改革委员会转报）"),
    ],
)
def test_approval_level_follows_the_catalogue_entry(
    approval: str, step: str, level: str, authority: str
) -> None:
    """核准/备案: the catalogue entry decides the step, its level and its authority."""
    steps = applicable(STANDARD, approval_listed=approval != "filing", approval=approval)
    assert (steps[step].level, steps[step].authority.zh) == (level, authority)
    other = "approval" if step == "filing" else "filing"
    assert other not in steps


@pytest.mark.parametrize(
    ("facts", "level"),
    [
        ({"new_land": True}, "county"),
        ({"new_land": True, "approval_listed": True, "approval": "city"}, "city"),
        ({"new_land": True, "approval_listed": True, "approval": "provincial"}, "provincial"),
        ({"new_land": True, "approval_listed": True, "approval": "national"}, "provincial"),
        ({"new_land": True, "in_planned_urban_land": True}, None),
        ({"new_land": False}, None),
    ],
)
def test_land_prereview_only_when_it_applies(facts: dict[str, Any], level: str | None) -> None:
    """Land pre-review: new land outside planned urban land only; the approver's level reviews."""
    step = applicable(STANDARD, **facts).get("land_prereview")
    assert (step.level if step else None) == level


def test_land_conversion_still_needs_new_land_inside_urban_plans() -> None:
    """Inside planned urban land the pre-review is skipped, but the land is still converted."""
    steps = applicable(STANDARD, new_land=True, in_planned_urban_land=True)
    assert {"land_conversion", "land_tender"} <= set(steps)


def test_energy_workflow_has_the_grid_connection() -> None:
    """Wind/solar/storage projects connect to the grid; the standard workflow has no such step."""
    grid = applicable(ENERGY)["grid_connection"]
    assert (grid.level, grid.stage) == ("provincial", "engineering")
    assert "grid_connection" in ENERGY.step_by_key["construction_permit"].depends_on
    assert "grid_connection" not in STANDARD.step_by_key
    assert "safety_review" not in ENERGY.step_by_key


def test_wind_farm_approved_by_the_province() -> None:
    """A wind farm listed for provincial approval: provincial approval, stability assessment."""
    steps = applicable(
        ENERGY, approval_listed=True, approval="provincial", over_mineral_area=True, new_land=True
    )
    assert steps["approval"].level == "provincial"
    assert {"social_stability", "mineral_overlay", "land_prereview"} <= set(steps)
    assert steps["land_prereview"].level == "provincial"


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_every_shipped_step_names_its_stage(name: str) -> None:
    """Every step of every shipped workflow belongs to one of the three 33号 stages."""
    for step in SHIPPED[name].steps:
        assert step.stage in STEP_STAGES, step.key


@pytest.mark.parametrize("name", ["standard", "energy"])
def test_every_catalogue_step_names_its_source(name: str) -> None:
    """Every step of the catalogue workflows says which rule it comes from, in zh and en."""
    for step in SHIPPED[name].steps:
        assert step.source is not None and step.source.zh and step.source.en, step.key


TINY = """\
name: tiny
levels: [county, city]
states:
  - {name: signed, initial: true}
  - {name: city, level: city}
  - {name: county, level: county}
  - {name: started, kind: final}
transitions:
  - {trigger: begin, source: signed, dest: city}
  - {trigger: finish_city, source: city, dest: county, guards: [level_complete]}
  - {trigger: start, source: county, dest: started, guards: [level_complete]}
steps:
  - key: approval
    name: 核准
    level: county
    limit: 20
    stage: project_land
    cases:
      - {when: approval == city, level: city, limit: 25}
"""


def problem(source: str) -> str:
    with pytest.raises(WorkflowDefinitionError) as caught:
        parse_definition(source, "workflows/tiny.yaml")
    return caught.value.render("en")


def test_cases_resolve_level_and_limit() -> None:
    """A case changes the level and the limit for the projects it matches."""
    definition = parse_definition(TINY)
    [city] = definition.applicable_steps({"approval": "city"})
    [county] = definition.applicable_steps({"approval": "county"})
    assert (city.level, city.limit, county.level, county.limit) == ("city", 25, "county", 20)


def test_step_without_stage_is_refused() -> None:
    """A step must name its approval stage; the three stages are listed."""
    message = problem(TINY.replace("    stage: project_land\n", ""))
    assert "has no stage" in message and "project_land, engineering, construction" in message


def test_acceptance_stage_is_refused_for_a_step() -> None:
    """Completion acceptance comes after construction start: no step may belong to it."""
    message = problem(TINY.replace("stage: project_land", "stage: acceptance"))
    assert "acceptance" in message and "project_land, engineering, construction" in message


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("{when: approval == town, level: city}", "approval has no value 'town'"),
        ("{when: approval, level: city}", "compare it with == or !="),
        ("{when: approval == city, level: province}", "province"),
        ("{when: approval == city}", "must change at least one of level, authority, limit"),
        ("{level: city}", "when"),
    ],
)
def test_bad_cases_are_refused(case: str, expected: str) -> None:
    """Cases are validated: known choice values, a level of the workflow, something changed."""
    message = problem(TINY.replace("{when: approval == city, level: city, limit: 25}", case))
    assert expected in message and "line 19" in message


def test_replaces_must_name_an_old_step() -> None:
    """replaces names steps of older versions, not steps still in the definition."""
    source = TINY.replace(
        "    stage: project_land\n", "    stage: project_land\n    replaces: [approval]\n"
    )
    assert "still a step of this definition" in problem(source)
