"""Corrections: the original stays, a correction points at it, the project is as if the
right value had been recorded in the first place."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.config import CorrectionPolicy
from qy_landing.errors import (
    CorrectionBreaksHistoryError,
    CorrectionNotAllowedError,
    CorrectionTooOldError,
    DateOrderError,
    ReasonRequiredError,
)
from qy_landing.services import corrections, moves, procedures
from qy_landing.services.project_views import history, show_project
from tests.builders import CODE, project


def _filing(ctx):
    return show_project(ctx, CODE).procedures[0]


def test_a_wrong_status_is_corrected_and_the_original_kept(ctx):
    """A status typed wrong becomes the right one; history keeps both, linked."""
    project(ctx, signed_on=date(2026, 9, 3))
    procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 9, 10))
    procedures.set_status(ctx, CODE, "filing", "approved", on=date(2026, 10, 5))
    result = corrections.correct_procedure(ctx, CODE, "filing", status="rejected", reason="录错")
    assert _filing(ctx).status == "rejected"
    assert date(2026, 10, 5) == _filing(ctx).rejected_on
    assert _filing(ctx).approved_on is None
    events = {e.id: e for e in history(ctx, CODE)}
    assert result.event == events[result.corrects].corrected_by
    assert events[result.corrects].new == "approved"


def test_a_wrong_submission_date_moves_the_due_date(ctx):
    """Correcting when a procedure was submitted counts its due date again."""
    project(ctx, signed_on=date(2026, 9, 3))
    procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 10, 9))
    corrections.correct_procedure(ctx, CODE, "filing", on=date(2026, 10, 1), reason="日期录错")
    filing = _filing(ctx)
    expected = ctx.calendar().deadline(date(2026, 10, 1), filing.limit_days).due
    assert (date(2026, 10, 1), expected) == (filing.submitted_on, filing.due)


def test_undoing_a_correction_restores_the_original(ctx):
    """A correction then its reversal leaves the procedure as before."""
    project(ctx, signed_on=date(2026, 9, 3))
    procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 10, 9))
    before = _filing(ctx)
    done = corrections.correct_procedure(ctx, CODE, "filing", on=date(2026, 10, 1), reason="x")
    corrections.correct_event(ctx, done.event, undo=True, reason="改回")
    assert before == _filing(ctx)


def test_a_mistaken_terminate_is_undone(ctx):
    """Undoing the latest move puts the project back where it was; the trail still replays."""
    project(ctx, signed_on=date(2026, 9, 3))
    moves.terminate(ctx, CODE, reason="误操作", on=date(2026, 10, 9))
    result = corrections.undo_move(ctx, CODE, reason="终止录错")
    assert "signed" == result.state == show_project(ctx, CODE).state
    assert [e.action for e in history(ctx, CODE)] == ["create", "terminate", "void"]


def test_a_registered_detail_is_corrected_and_procedures_follow(ctx):
    """A fact registered wrong is corrected; the procedures it decides follow."""
    project(ctx, signed_on=date(2026, 9, 3))
    corrections.correct_fact(ctx, CODE, "new_land", "true", reason="其实是新增用地")
    steps = [p.step for p in show_project(ctx, CODE).procedures]
    assert "land_conversion" in steps
    assert show_project(ctx, CODE).facts["new_land"] is True


def test_a_correction_needs_a_reason(ctx):
    """Without a reason nothing is written."""
    project(ctx, signed_on=date(2026, 9, 3))
    procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 10, 9))
    with pytest.raises(ReasonRequiredError):
        corrections.correct_procedure(ctx, CODE, "filing", status="pending", reason=" ")
    assert [e.action for e in history(ctx, CODE)] == ["create", "procedure"]


def test_corrections_are_limited_in_time_and_by_person(ctx):
    """By default only the current and the previous month; the policy names who may."""
    project(ctx, signed_on=date(2026, 7, 1))
    procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 8, 3))
    with pytest.raises(CorrectionTooOldError):
        corrections.correct_procedure(ctx, CODE, "filing", on=date(2026, 8, 4), reason="x")
    wide = CorrectionPolicy(months_back=3)
    corrections.correct_procedure(ctx, CODE, "filing", on=date(2026, 8, 4), reason="x", policy=wide)
    strict = CorrectionPolicy(months_back=3, who={"procedure": ("李主任",)})
    with pytest.raises(CorrectionNotAllowedError):
        corrections.correct_procedure(
            ctx, CODE, "filing", on=date(2026, 8, 5), reason="x", policy=strict
        )


def test_dates_before_signing_or_breaking_history_are_refused(ctx):
    """A date before signing is refused; so is a status the later record cannot follow."""
    project(ctx, signed_on=date(2026, 9, 3))
    procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 9, 10))
    with pytest.raises(DateOrderError):
        corrections.correct_procedure(ctx, CODE, "filing", on=date(2026, 9, 1), reason="x")
    procedures.set_status(ctx, CODE, "filing", "approved", on=date(2026, 9, 11))
    first = next(e for e in history(ctx, CODE) if e.new == "submitted")
    with pytest.raises(CorrectionBreaksHistoryError):
        corrections.correct_event(ctx, first.id, value="waived", reason="x")
    assert _filing(ctx).status == "approved"


def test_a_mistaken_unassign_is_undone(ctx):
    """Undoing an unassign puts the person back in the role."""
    from qy_landing.services import assignments
    from tests.builders import person

    project(ctx, signed_on=date(2026, 9, 3))
    person(ctx, "张伟")
    assignments.assign(ctx, CODE, "first_responsible", "张伟", on=date(2026, 10, 5))
    assignments.unassign(ctx, CODE, "first_responsible", "张伟", on=date(2026, 10, 9))
    ended = history(ctx, CODE)[-1]
    corrections.correct_event(ctx, ended.id, undo=True, reason="误取消")
    assert [a.person for a in show_project(ctx, CODE).assignments] == ["张伟"]


def test_reminders_already_sent_for_a_corrected_date_are_not_sent_again(ctx):
    """A corrected submission moves the due date; the overdue reminders sent follow it."""
    from sqlalchemy import select

    from qy_landing.config import Config
    from qy_landing.reminders.generate import generate
    from qy_landing.store.models import Reminder
    from tests.reminders.conftest import build_office

    build_office(ctx)
    first = generate(ctx, config=Config()).kinds["overdue"].generated
    assert first > 0
    corrections.correct_procedure(ctx, CODE, "filing", on=date(2026, 9, 2), reason="录错日期")
    with ctx.db.read() as session:
        keys = session.execute(select(Reminder.key).where(Reminder.kind == "overdue")).scalars()
        assert all(":2026-09-07:" in key for key in keys)
    assert generate(ctx, config=Config()).kinds["overdue"].generated == 0
