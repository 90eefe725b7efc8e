"""Effective dates are refused the same way by every command."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.errors import DateOrderError, InvalidValueError
from qy_landing.services import funds, moves, problems, procedures
from tests.builders import CODE, project

BEFORE_SIGNING = date(2026, 7, 1)  # the project is signed on 2026-07-10


def test_a_date_before_signing_is_refused_by_every_command(ctx):
    """procedure set, project advance, problems and funds give the same message."""
    project(ctx)
    calls = [
        lambda: procedures.set_status(ctx, CODE, "filing", "submitted", on=BEFORE_SIGNING),
        lambda: moves.advance(ctx, CODE, on=BEFORE_SIGNING),
        lambda: problems.open_problem(ctx, CODE, "用地指标不足", on=BEFORE_SIGNING),
        lambda: funds.record_funds(ctx, CODE, "1.5", on=BEFORE_SIGNING),
    ]
    for call in calls:
        with pytest.raises(DateOrderError) as caught:
            call()
        text = caught.value.render("en")
        assert "2026-07-01 is before the signing date 2026-07-10" in text, text


def test_a_status_before_the_procedures_previous_step_is_refused(ctx):
    """Approved before it was submitted: the message names both dates."""
    project(ctx)
    procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 8, 3))
    with pytest.raises(DateOrderError) as caught:
        procedures.set_status(ctx, CODE, "filing", "approved", on=date(2026, 7, 31))
    assert "2026-07-31" in caught.value.render("zh") and "2026-08-03" in caught.value.render("zh")


def test_a_future_date_is_refused(ctx):
    """The clock says 2026-10-12; a later date is not yet."""
    project(ctx)
    with pytest.raises(InvalidValueError):
        procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 10, 13))


def test_detail_changes_assignments_commitments_and_notes_use_the_same_check(ctx):
    """Project details, assign, commitments and meeting notes refuse a date before signing."""
    from qy_landing.services import assignments, commitments, meetings, registration
    from tests.builders import person

    project(ctx)
    person(ctx, "张伟")
    calls = [
        lambda: registration.update_project(ctx, CODE, on=BEFORE_SIGNING, amount="13"),
        lambda: assignments.assign(ctx, CODE, "first_responsible", "张伟", on=BEFORE_SIGNING),
        lambda: commitments.add_commitment(
            ctx, CODE, "完成备案", "张伟", date(2026, 10, 30), on=BEFORE_SIGNING
        ),
        lambda: meetings.add_note(ctx, CODE, "县政府牵头协调", on=BEFORE_SIGNING),
    ]
    for call in calls:
        with pytest.raises(DateOrderError) as caught:
            call()
        assert "before the signing date 2026-07-10" in caught.value.render("en")
    with pytest.raises(InvalidValueError) as future:
        registration.update_project(ctx, CODE, on=date(2026, 10, 13), amount="13")
    assert "(2026-10-12)" in future.value.render("en")
    assert show_amount(ctx) == "12.5"


def show_amount(ctx) -> str:
    from qy_landing.services.project_views import show_project

    return f"{show_project(ctx, CODE).amount.normalize()}"


def test_a_signing_date_in_the_future_is_refused(ctx):
    """Registering (or changing) a signing after today is refused like any future date."""
    from qy_landing.services import registration

    with pytest.raises(InvalidValueError) as caught:
        project(ctx, signed_on=date(2026, 10, 13))
    assert "not after today (2026-10-12)" in caught.value.render("en")
    project(ctx)
    with pytest.raises(InvalidValueError):
        registration.update_project(ctx, CODE, signed_on=date(2026, 10, 13))
    assert show_amount(ctx) == "12.5"


def test_a_signing_moved_after_a_record_is_refused(ctx):
    """Correcting or changing the signing date past a recorded status names that record."""
    from qy_landing.services import corrections, registration

    project(ctx, signed_on=date(2026, 9, 3))
    procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 9, 10))
    for call in (
        lambda: corrections.correct_fact(ctx, CODE, "signed_on", "2026-09-15", reason="签约日期"),
        lambda: registration.update_project(ctx, CODE, signed_on=date(2026, 9, 15)),
    ):
        with pytest.raises(DateOrderError) as caught:
            call()
        assert caught.value.render("en") == (
            "The submitted date 2026-09-10 is before the signing date 2026-09-15"
        )
    corrections.correct_fact(ctx, CODE, "signed_on", "2026-09-08", reason="签约日期")
    from qy_landing.services.project_views import show_project

    assert show_project(ctx, CODE).signed_on == date(2026, 9, 8)
