"""Stored workflow definitions: read back once, and the one source of final states."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from qy_landing.errors import NotFoundError
from qy_landing.services import definitions, moves
from qy_landing.services.workflows import sync_definitions
from qy_landing.store.models import Project
from qy_landing.workflow.definition import shipped_workflow_dir
from tests.builders import CODE, project

OTHER = "2601-621022-04-01-123457"


@pytest.fixture
def pilot(tmp_path: Path) -> Path:
    """A workflow ``pilot``: the standard one with one more final state, ``withdrawn``."""
    source = (shipped_workflow_dir() / "standard.yaml").read_text(encoding="utf-8")
    source = source.replace("name: standard", "name: pilot", 1)
    source = source.replace(
        "  - {name: terminated, kind: final}\n",
        "  - {name: terminated, kind: final}\n"
        "  - {name: withdrawn, kind: final, label: {zh: 已撤回, en: Withdrawn}}\n",
    )
    source = source.replace(
        "\nsteps:",
        "  - {trigger: withdraw, source: signed, dest: withdrawn, requires_reason: true}\n\nsteps:",
    )
    path = tmp_path / "pilot.yaml"
    path.write_text(source, encoding="utf-8")
    return path


def test_final_states_are_what_the_stored_definitions_say(ctx, pilot):
    """A final state added by a definition counts as final everywhere; none is hard-coded."""
    with ctx.db.read() as session:
        assert definitions.final_states(session) == {"started", "terminated"}
    sync_definitions(ctx, [pilot])
    with ctx.db.read() as session:
        assert definitions.final_states(session) == {"started", "terminated", "withdrawn"}
        assert "withdrawn" in definitions.all_states(session)


def test_open_states_leave_out_projects_in_any_final_state(ctx, pilot):
    """A project withdrawn under its own workflow is no longer open."""
    sync_definitions(ctx, [pilot])
    project(ctx, workflow="pilot")
    project(ctx, code=OTHER)
    moves.advance(ctx, CODE, "withdraw", reason="投资方撤回")

    def open_codes() -> list[str]:
        with ctx.db.read() as session:
            clause = definitions.open_states_clause(session)
            return list(session.execute(select(Project.code).where(clause)).scalars())

    assert open_codes() == [OTHER]
    with ctx.db.read() as session:
        assert session.execute(select(func.count()).select_from(Project)).scalar_one() == 2


def test_stored_definitions_by_version_and_kind(ctx):
    """Every stored version is there once, with its states by kind and its latest version."""
    with ctx.db.read() as session:
        stored = definitions.StoredDefinitions.load(session)
    assert set(stored.latest()) == {"standard", "data_center"}
    assert stored("standard", 1).name == "standard"
    assert stored.get("standard", 99) is None
    assert stored.states("suspended") == {"suspended"}
    assert stored.versions("standard") == 1
    assert stored.state_label("standard", 1, "city").get("en") == "city procedures"
    assert stored.state_label("standard", 99, "city").get("zh") != "city"


def test_an_unknown_workflow_or_version_is_not_found(ctx):
    """An unknown name lists the stored workflows; an unknown version of a known one says so."""
    with ctx.db.read() as session, pytest.raises(NotFoundError) as caught:
        definitions.get_version(session, "nonesuch")
    assert "standard" in caught.value.render("en")
    with ctx.db.read() as session, pytest.raises(NotFoundError) as caught:
        definitions.get_version(session, "standard", 7)
    assert "standard v7" in caught.value.render("en")
