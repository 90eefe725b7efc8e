"""The shared machine of a definition: moves, guards, side moves and the errors that say why not."""

from __future__ import annotations

import pytest

from qy_landing.errors import (
    NoNextStepError,
    ReasonRequiredError,
    TransitionBlockedError,
    TransitionNotAllowedError,
)
from qy_landing.workflow.definition import parse_definition
from qy_landing.workflow.machine import Subject, machine_for

TWO_LEVELS = """\
name: two_levels
states:
  - {name: signed, initial: true}
  - {name: city, level: city}
  - {name: county, level: county}
  - {name: started, kind: final}
  - {name: suspended, kind: suspended}
  - {name: terminated, kind: final}
transitions:
  - {trigger: begin, source: signed, dest: city}
  - {trigger: finish_city, source: city, dest: county, guards: [level_complete]}
  - {trigger: start_construction, source: county, dest: started,
     guards: [level_complete, all_complete]}
  - {trigger: suspend, source: [signed, city, county], dest: suspended, requires_reason: true}
  - {trigger: resume, source: suspended, dest: $previous, requires_reason: true}
  - {trigger: terminate, source: [signed, city, county, suspended], dest: terminated,
     requires_reason: true}
levels: [city, county]
steps:
  - {key: eia, name: {zh: 环评, en: EIA}, level: city, limit: 20}
  - {key: permit, name: {zh: 施工许可, en: Building permit}, level: county, limit: 7}
"""


@pytest.fixture(scope="module")
def machine():
    return machine_for(parse_definition(TWO_LEVELS, "two_levels.yaml"))


def subject(state: str, **statuses: str) -> Subject:
    return Subject("P-1", state, statuses or {"eia": "pending", "permit": "pending"})


def test_one_machine_per_definition_version(machine):
    """Asking again for the same definition gives the very same machine (built once)."""
    again = machine_for(parse_definition(TWO_LEVELS, "elsewhere.yaml"))
    assert again is machine
    changed = TWO_LEVELS.replace("limit: 7", "limit: 8")
    assert machine_for(parse_definition(changed, "two_levels.yaml")) is not machine


def test_fire_moves_the_subject_and_reports_the_move(machine):
    """A forward move changes the subject's state and says from, to and by what."""
    project = subject("signed")
    move = machine.fire(project, "begin")
    assert (move.trigger, move.source, move.dest) == ("begin", "signed", "city")
    assert project.state == "city"


def test_level_guard_names_the_unfinished_steps_of_that_level_only(machine):
    """Leaving the city level waits for the city steps, not for the county's."""
    blocked = subject("city", eia="submitted", permit="pending")
    with pytest.raises(TransitionBlockedError) as caught:
        machine.fire(blocked, "finish_city")
    message = caught.value.render("en")
    assert "EIA" in message and "Building permit" not in message
    assert blocked.state == "city"  # nothing moved
    done = subject("city", eia="approved", permit="pending")
    assert machine.fire(done, "finish_city").dest == "county"


def test_all_complete_guard_also_reads_other_levels_and_counts_waived_as_done(machine):
    """Construction starts only when every step of every level is approved or waived."""
    earlier_open = subject("county", eia="accepted", permit="approved")
    assert machine.allowed(earlier_open) == ["suspend", "terminate"]
    with pytest.raises(TransitionBlockedError) as caught:
        machine.fire(earlier_open, "start_construction")
    assert "EIA" in caught.value.render("en")
    ready = subject("county", eia="waived", permit="approved")
    assert "start_construction" in machine.allowed(ready)
    assert machine.fire(ready, "start_construction").dest == "started"


def test_a_trigger_the_state_does_not_have_lists_the_allowed(machine):
    """An unknown or misplaced trigger raises our error with the triggers that are allowed."""
    project = subject("signed")
    with pytest.raises(TransitionNotAllowedError) as caught:
        machine.fire(project, "finish_city")
    message = caught.value.render("en")
    assert "P-1" in message and "begin" in message
    with pytest.raises(TransitionNotAllowedError):
        machine.fire(project, "no_such_trigger")
    assert project.state == "signed"


def test_side_moves_need_a_reason(machine):
    """Suspending without a reason is refused; with one the project is suspended."""
    project = subject("city")
    for reason in (None, "   "):
        with pytest.raises(ReasonRequiredError):
            machine.fire(project, "suspend", reason=reason)
    assert machine.fire(project, "suspend", reason="用地未落实").dest == "suspended"


@pytest.mark.parametrize("origin", ["signed", "city", "county"])
def test_resume_returns_to_where_the_project_was_suspended(machine, origin):
    """``$previous`` goes back to the state the project was suspended from."""
    project = subject("suspended")
    project.suspended_from = origin
    move = machine.fire(project, "resume", reason="问题已解决")
    assert move.dest == origin == project.state


def test_resume_without_a_known_origin_is_refused(machine):
    """A suspended project whose origin is unknown cannot be resumed blindly."""
    with pytest.raises(TransitionNotAllowedError):
        machine.fire(subject("suspended"), "resume", reason="问题已解决")


def test_next_forward_is_the_main_line_step(machine):
    """From a level the next step is the forward move, never a side move."""
    assert machine.next_forward(subject("signed")).trigger == "begin"
    assert machine.next_forward(subject("city")).trigger == "finish_city"
    with pytest.raises(NoNextStepError) as caught:
        machine.next_forward(subject("suspended"))
    assert "resume" in caught.value.render("en")


def test_queries_read_the_definition(machine):
    """Triggers from a state, a transition by name, and a state's label."""
    assert machine.triggers_from("county") == ["start_construction", "suspend", "terminate"]
    assert machine.transition("city", "begin") is None
    transition = machine.transition("suspended", "terminate")
    assert transition is not None and transition.requires_reason
    assert machine.state_term("city").get("en")
