"""Workflow definitions are data: shipped files load, invalid files are refused precisely."""

from __future__ import annotations

import pytest

from qy_landing.errors import WorkflowDefinitionError
from qy_landing.workflow.definition import definition_files, load_definition, parse_definition

MINIMAL = """\
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
  - {key: filing, name: 项目备案, level: county, stage: project_land, limit: 3}
  - {key: permit, name: 施工许可证, level: county, stage: construction, limit: 7,
     depends_on: [filing]}
"""


def broken(replace: str, by: str) -> str:
    assert replace in MINIMAL
    return MINIMAL.replace(replace, by)


def problem_of(source: str) -> WorkflowDefinitionError:
    with pytest.raises(WorkflowDefinitionError) as caught:
        parse_definition(source, "workflows/tiny.yaml")
    return caught.value


def test_every_shipped_definition_loads():
    names = {load_definition(path).name for path in definition_files()}
    assert {"standard", "data_center"} <= names


def test_standard_definition_has_the_seed_shape():
    standard = next(load_definition(p) for p in definition_files() if p.stem == "standard")
    assert [s.name for s in standard.states][:5] == [
        "signed",
        "provincial",
        "city",
        "county",
        "started",
    ]
    assert standard.overall_limit == 90
    levels = {s.key: s.level for s in standard.steps}
    assert levels["land_conversion"] == "provincial"
    assert levels["eia_form"] == "city"
    assert levels["construction_permit"] == "county"
    permit = standard.step_by_key["construction_permit"]
    assert "drawing_review" in permit.depends_on


def test_data_center_energy_review_is_provincial():
    data_center = next(load_definition(p) for p in definition_files() if p.stem == "data_center")
    assert data_center.step_by_key["energy_review_province"].level == "provincial"


def test_minimal_definition_parses():
    definition = parse_definition(MINIMAL)
    assert definition.initial.name == "signed"
    assert definition.step_by_key["permit"].depends_on == ("filing",)


def test_unknown_state_names_file_line_and_defined_states():
    error = problem_of(broken("dest: county}", "dest: countyy}"))
    message = error.render("en")
    assert "workflows/tiny.yaml" in message
    assert "line 7" in message
    assert "countyy" in message and "signed, county, started" in message


def test_step_without_level_is_refused_with_allowed_levels():
    error = problem_of(
        broken(
            "{key: filing, name: 项目备案, level: county, stage: project_land, limit: 3}",
            "{key: filing, name: 项目备案, stage: project_land, limit: 3}",
        )
    )
    assert "line 11" in error.render("en")
    assert "filing" in error.render("en") and "county" in error.render("en")
    assert "缺少 level" in error.render("zh")


def test_dependency_cycle_is_refused_with_the_cycle():
    source = broken("limit: 3}", "limit: 3, depends_on: [permit]}")
    message = problem_of(source).render("en")
    assert "filing → permit → filing" in message or "permit → filing → permit" in message


def test_unreachable_state_is_refused():
    source = broken(
        "  - {name: started, kind: final}\n",
        "  - {name: started, kind: final}\n  - {name: limbo}\n",
    )
    message = problem_of(source).render("en")
    assert "limbo" in message and "cannot be reached" in message


def test_unknown_key_lists_the_allowed_keys():
    source = broken("levels: [county]", "levels: [county]\ncolour: red")
    message = problem_of(source).render("en")
    assert "colour" in message and "transitions" in message


def test_unknown_fact_in_a_condition_is_refused():
    source = broken("limit: 7,", "limit: 7, when: big_land,")
    message = problem_of(source).render("en")
    assert "big_land" in message and "new_land" in message and "line 12" in message


def test_yaml_syntax_error_names_the_line():
    message = problem_of("name: x\nstates: [\n").render("en")
    assert "YAML" in message and "line" in message


def test_unknown_guard_is_refused():
    message = problem_of(broken("guards: [level_complete]", "guards: [stars_aligned]")).render("en")
    assert "stars_aligned" in message and "level_complete" in message


def test_level_state_needs_an_exit_guarded_by_level_complete():
    message = problem_of(broken(", guards: [level_complete]}", "}")).render("en")
    assert "level_complete" in message


def test_conditions_decide_applicable_steps():
    source = MINIMAL + (
        "  - {key: energy, name: 节能审查, level: county, stage: engineering, limit: 20,"
        " when: energy_tce >= 1000 and not new_land}\n"
    )
    definition = parse_definition(source)
    keys = lambda facts: [s.key for s in definition.applicable_steps(facts)]  # noqa: E731
    assert keys({"energy_tce": 1500}) == ["filing", "permit", "energy"]
    assert keys({"energy_tce": 1500, "new_land": True}) == ["filing", "permit"]
    assert keys({"energy_tce": None}) == ["filing", "permit"]


def test_layout_and_comments_do_not_change_the_digest():
    assert parse_definition(MINIMAL).digest == parse_definition("# c\n" + MINIMAL).digest
    assert (
        parse_definition(MINIMAL).digest
        != parse_definition(broken("limit: 3}", "limit: 4}")).digest
    )
