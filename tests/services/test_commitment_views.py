"""Commitments read back: the derived status as of a day, filters, and a read-only path."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.errors import ChoiceError, CommitmentNotFoundError, InvalidValueError
from qy_landing.services import commitment_views as views
from qy_landing.services.commitments import add_commitment, withdraw_commitment
from tests.builders import CODE, person, project

DUE = date(2026, 10, 9)


def test_the_status_shown_is_derived_from_the_day_asked_about():
    """Open until the due day, missed after; a promise closed later was still open before."""
    assert views.derived_status("open", DUE, None, DUE) == "open"
    assert views.derived_status("open", DUE, None, date(2026, 10, 10)) == "missed"
    assert views.derived_status("done", DUE, date(2026, 10, 12), date(2026, 10, 11)) == "missed"
    assert views.derived_status("done", DUE, date(2026, 10, 8), date(2026, 10, 8)) == "done"
    assert views.kept("done", DUE, date(2026, 10, 8), date(2026, 12, 1)) is True
    assert views.kept("done", DUE, date(2026, 10, 12), date(2026, 12, 1)) is False
    assert views.kept("withdrawn", DUE, date(2026, 10, 1), date(2026, 12, 1)) is None
    assert views.kept("open", DUE, None, DUE) is None


def test_a_meeting_month_is_stored_as_yyyy_mm():
    """2026/9, 2026年9月 and 2026-09 are the same meeting month; nonsense is refused."""
    assert {views.check_month(v) for v in ("2026/9", "2026年9月", "2026-09")} == {"2026-09"}
    with pytest.raises(InvalidValueError):
        views.check_month("九月")


def test_lists_filter_by_status_as_of_a_day_and_by_meeting(ctx):
    """Withdrawn ones show as withdrawn only from the day they were withdrawn."""
    project(ctx)
    person(ctx, "张伟")
    kept_open = add_commitment(ctx, CODE, "推动用地预审", "张伟", "2026-12-31", on=date(2026, 9, 1))
    gone = add_commitment(
        ctx, CODE, "完成环评", "张伟", "2026-12-31", on=date(2026, 9, 1), meeting="2026-09"
    )
    withdraw_commitment(ctx, gone.id, "项目调整", on=date(2026, 10, 1))
    as_of = date(2026, 10, 15)
    assert [r.id for r in views.list_commitments(ctx, status="open", as_of=as_of)] == [kept_open.id]
    assert [r.id for r in views.list_commitments(ctx, status="withdrawn", as_of=as_of)] == [gone.id]
    before = views.list_commitments(ctx, status="open", as_of=date(2026, 9, 20))
    assert {r.id for r in before} == {kept_open.id, gone.id}
    assert [r.id for r in views.list_commitments(ctx, meeting="2026年9月")] == [gone.id]
    assert views.get_commitment(ctx, gone.id).as_dict()["status"] == "withdrawn"
    with pytest.raises(ChoiceError):
        views.list_commitments(ctx, status="late")
    with pytest.raises(CommitmentNotFoundError):
        views.get_commitment(ctx, 9999)
