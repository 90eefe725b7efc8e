"""Reading projects: show, history, replay and the list with its filters."""

from __future__ import annotations

import pytest

from qy_landing import i18n
from qy_landing.errors import ChoiceError, ProjectNotFoundError
from qy_landing.services import moves, project_views
from tests.builders import CODE, project

OTHER = "2601-621022-04-01-123457"


def test_unknown_code_suggests_close_matches(ctx):
    """An unknown code is answered with the close codes that exist."""
    project(ctx)
    with pytest.raises(ProjectNotFoundError) as caught:
        project_views.show_project(ctx, CODE[:-1] + "7")
    assert caught.value.suggestions == [CODE]


def test_audit_trail_replays_to_the_stored_state(ctx):
    """Replaying the audit trail leads to the stored state."""
    project(ctx)
    moves.advance(ctx, CODE)
    moves.suspend(ctx, CODE, reason="停工待审")
    moves.resume(ctx, CODE, reason="复工")
    assert (
        project_views.replay_state(ctx, CODE)
        == project_views.show_project(ctx, CODE).state
        == "city"
    )


def test_the_list_filters_by_a_state_given_by_its_name(ctx):
    """``state`` may be a key or a Chinese/English name; only projects in it are listed."""
    project(ctx)
    project(ctx, code=OTHER)
    moves.advance(ctx, CODE)
    for typed in ("city", i18n.term("state", "city", "zh"), i18n.term("state", "city", "en")):
        assert [r.code for r in project_views.list_projects(ctx, state=typed)] == [CODE]


def test_an_unknown_state_lists_the_states_of_the_stored_definitions(ctx):
    """A state no stored definition has is refused, naming every state there is."""
    with pytest.raises(ChoiceError) as caught:
        project_views.list_projects(ctx, state="landed")
    message = caught.value.render("en")
    assert "landed" in message and "suspended" in message


def test_a_procedure_view_says_whether_it_is_done(ctx):
    """Approved and waived procedures are done; the others hold their level back."""
    from datetime import date

    from qy_landing.services import procedures

    project(ctx)
    procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 9, 1))
    procedures.set_status(ctx, CODE, "filing", "approved", on=date(2026, 9, 2))
    done = {p.step: p.done for p in project_views.show_project(ctx, CODE).procedures}
    assert done["filing"] is True and done["eia_form"] is False


def test_a_code_longer_than_any_code_is_refused_before_the_database_sees_it(ctx):
    """A 40 000-character code: its length and the limit (zh, en), not a database error."""
    from qy_landing.errors import InvalidValueError

    with pytest.raises(InvalidValueError) as caught:
        project_views.show_project(ctx, "项" * 40_000)
    shown = "项" * 39 + "…"
    assert caught.value.render("zh") == (
        f"项目代码「{shown}」无效，应为不超过 40 个字符的文字（这里有 40,000 个字符）"
    )
    assert caught.value.render("en") == (
        f"Invalid project code '{shown}': expected text of at most 40 characters (this has 40,000)"
    )


def test_iter_projects_streams_the_rows_list_projects_returns(ctx):
    """Read two at a time, the stream holds the same rows in the same order; a bad filter
    is refused on the first row asked for."""
    from datetime import date

    codes = [f"2601-621022-04-01-{n:06d}" for n in range(500001, 500006)]
    for day, code in enumerate(codes, start=1):
        project(ctx, code, signed_on=date(2026, 7, day))
    streamed = list(project_views.iter_projects(ctx, chunk=2))
    assert streamed == project_views.list_projects(ctx)
    assert [r.code for r in streamed] == list(reversed(codes))
    rows = project_views.iter_projects(ctx, project_views.ProjectFilter(state="landed"))
    with pytest.raises(ChoiceError):
        next(rows)


def test_fixed_parameters_are_padded_and_bounded():
    """fixed_params fills every parameter of a fixed IN list and refuses too many values."""
    from qy_landing.services.project_views import fixed_params

    assert fixed_params("id", [7, 8], 0, size=3) == {"id0": 7, "id1": 8, "id2": 0}
    with pytest.raises(ValueError):
        fixed_params("id", [1, 2, 3, 4], 0, size=3)


def test_project_id_reads_the_id_without_a_model_and_suggests_like_show(ctx):
    """project_id() gives the stored id of a code typed loosely, and an unknown code the
    same suggestions as `project show`."""
    made = project(ctx)
    with ctx.db.read_connection() as connection:
        assert project_views.project_id(connection, CODE.replace("-", "－")) == made.id
        with pytest.raises(ProjectNotFoundError) as caught:
            project_views.project_id(connection, CODE[:-1] + "7")
    assert caught.value.suggestions == [CODE]
