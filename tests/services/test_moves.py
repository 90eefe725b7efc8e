"""Moving projects through the standard workflow: advance, suspend, resume, terminate."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing import i18n
from qy_landing.errors import (
    ConflictError,
    NoNextStepError,
    ReasonRequiredError,
    TransitionBlockedError,
    TransitionNotAllowedError,
)
from qy_landing.services import moves, project_views
from tests.builders import CODE, approve, project


def test_begin_passes_a_level_without_applicable_procedures_and_records_it(ctx):
    """Without provincial procedures the project goes straight on to the city level."""
    project(ctx)
    result = moves.advance(ctx, CODE)
    assert [m.dest for m in result.moves] == ["provincial", "city"]
    assert result.state == "city"
    actions = [e.action for e in project_views.history(ctx, CODE) if e.field == "state"]
    assert actions == ["create", "trigger", "auto_pass"]


def test_leaving_a_level_waits_for_its_procedures(ctx):
    """A level is left only once its procedures are approved or waived."""
    project(ctx)
    moves.advance(ctx, CODE)
    with pytest.raises(TransitionBlockedError) as caught:
        moves.advance(ctx, CODE)
    assert "环境影响评价（报告表）" in caught.value.render("zh")
    approve(ctx, CODE, "eia_form", date(2026, 9, 1), date(2026, 9, 20))
    assert moves.advance(ctx, CODE).state == "county"


def test_a_trigger_not_allowed_now_names_the_allowed_ones(ctx):
    """A trigger the state does not allow names the project, its state and what is allowed."""
    project(ctx)
    with pytest.raises(TransitionNotAllowedError) as caught:
        moves.advance(ctx, CODE, "start_construction")
    message = caught.value.render("en")
    assert CODE in message and "signed" in message and "begin" in message


def test_full_landing_to_construction_start(ctx):
    """With every procedure approved in dependency order, the project starts construction."""
    project(ctx)
    moves.advance(ctx, CODE, on=date(2026, 7, 13))
    day = date(2026, 7, 14)
    for step in (
        "filing",
        "land_prereview",
        "eia_form",
        "soil_water",
        "construction_planning",
        "drawing_review",
        "construction_permit",
    ):
        approve(ctx, CODE, step, day)
    moves.advance(ctx, CODE, on=date(2026, 7, 20))
    result = moves.advance(ctx, CODE, on=date(2026, 7, 21))
    assert result.state == "started"
    view = project_views.show_project(ctx, CODE)
    assert view.started_on == date(2026, 7, 21)
    with pytest.raises(NoNextStepError):
        moves.advance(ctx, CODE)


def test_suspend_and_resume_return_to_where_it_was(ctx):
    """Suspending needs a reason; resuming returns to the state it was suspended from."""
    project(ctx)
    moves.advance(ctx, CODE)
    with pytest.raises(ReasonRequiredError):
        moves.suspend(ctx, CODE, reason=" ")
    moves.suspend(ctx, CODE, reason="企业融资未到位")
    assert project_views.show_project(ctx, CODE).state == "suspended"
    assert moves.resume(ctx, CODE, reason="资金到位").state == "city"


def test_terminated_is_final(ctx):
    """A terminated project cannot move any more."""
    project(ctx)
    moves.terminate(ctx, CODE, reason="投资方撤资")
    with pytest.raises(TransitionNotAllowedError):
        moves.advance(ctx, CODE, "begin")


def test_stale_version_is_a_conflict_and_nothing_is_written(ctx):
    """A change against a version read earlier is a conflict and writes nothing."""
    project(ctx)
    version = project_views.show_project(ctx, CODE).version
    moves.advance(ctx, CODE)
    with pytest.raises(ConflictError):
        moves.advance(ctx, CODE, "suspend", reason="x", expected_version=version)
    assert project_views.show_project(ctx, CODE).state == "city"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_trigger_may_be_given_by_its_name(ctx, lang):
    """The library resolves a trigger typed by its Chinese or English name to its key."""
    project(ctx)
    name = i18n.term("trigger", "begin", lang)
    assert name != "begin" or lang == "en"
    result = moves.advance(ctx, CODE, f" {name} ")
    assert (result.moves[0].trigger, result.state) == ("begin", "city")
