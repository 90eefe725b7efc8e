"""Commitments (承诺事项): recorded, closed once, missed by date, audited, locked."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.errors import ConflictError, InvalidValueError
from qy_landing.services import commitments as c
from qy_landing.services.projects import history, show_project
from tests.builders import CODE, person, project


@pytest.fixture
def signed(ctx):
    project(ctx)
    person(ctx, "张伟")
    return ctx


def test_add_with_working_days_counts_on_the_office_calendar(signed):
    """ "10 working days" from Friday 2026-09-25 skips the National Day holidays (10/1–10/7)."""
    row = c.add_commitment(signed, CODE, "推动用地预审", "张伟", "10", on=date(2026, 9, 25))
    assert row.due_on == date(2026, 10, 15)
    assert row.status == "open"
    assert not row.due_provisional


def test_missed_is_derived_from_the_due_date(signed):
    """Open on its due day, missed the day after; done late is not kept."""
    row = c.add_commitment(signed, CODE, "完成环评", "张伟", "2026-10-09", on=date(2026, 9, 1))
    assert c.get_commitment(signed, row.id, as_of=date(2026, 10, 9)).status == "open"
    missed = c.get_commitment(signed, row.id, as_of=date(2026, 10, 12))
    assert (missed.status, missed.kept, missed.overdue_workdays) == (
        "missed",
        False,
        2,
    )  # 10/10 is a make-up working day
    assert [r.id for r in c.list_commitments(signed, status="missed")] == [row.id]
    done = c.complete_commitment(signed, row.id, "环评批复已取得")
    assert (done.status, done.kept, done.closed_on) == ("done", False, date(2026, 10, 12))
    # As of a day before it was done, it was still missed.
    assert c.get_commitment(signed, row.id, as_of=date(2026, 10, 10)).status == "missed"


def test_every_change_is_audited_and_bumps_the_version(signed):
    """add, done and withdraw each leave one event and a new project version."""
    before = show_project(signed, CODE).version
    first = c.add_commitment(signed, CODE, "落实用地指标", "张伟", "5", meeting="2026-10")
    second = c.add_commitment(signed, CODE, "协调电网接入", "张伟", "2026-10-30")
    c.complete_commitment(signed, first.id, "指标已下达")
    c.withdraw_commitment(signed, second.id, "项目调整，不再需要")
    assert show_project(signed, CODE).version == before + 4
    actions = [(e.action, e.new) for e in history(signed, CODE) if e.entity == "commitment"]
    assert actions == [
        ("commitment_add", "落实用地指标"),
        ("commitment_add", "协调电网接入"),
        ("commitment_done", "done"),
        ("commitment_withdraw", "withdrawn"),
    ]
    assert c.list_commitments(signed, meeting="2026-10")[0].meeting == "2026-10"


def test_closing_twice_or_with_a_stale_version_is_refused(signed):
    """A closed commitment stays closed; a write against an old version is a conflict."""
    row = c.add_commitment(signed, CODE, "完成土地招拍挂", "张伟", "20")
    version = show_project(signed, CODE).version
    c.complete_commitment(signed, row.id, "已签出让合同")
    with pytest.raises(c.CommitmentClosedError) as closed:
        c.withdraw_commitment(signed, row.id, "x")
    assert "already done" in closed.value.render("en")
    other = c.add_commitment(signed, CODE, "x", "张伟", "3")
    with pytest.raises(ConflictError):
        c.complete_commitment(signed, other.id, "y", expected_version=version)
    assert c.get_commitment(signed, other.id).status == "open"


def test_bad_input_names_what_is_allowed(signed):
    """Unknown ids, a due date before today, bad "by" values and empty notes are refused."""
    with pytest.raises(c.CommitmentNotFoundError):
        c.complete_commitment(signed, 99, "x")
    with pytest.raises(c.DueBeforeMadeError):
        c.add_commitment(signed, CODE, "x", "张伟", "2026-01-01")
    with pytest.raises(InvalidValueError) as bad:
        c.add_commitment(signed, CODE, "x", "张伟", "soon")
    assert "working days" in bad.value.render("en")
    row = c.add_commitment(signed, CODE, "x", "张伟", "3")
    with pytest.raises(InvalidValueError):
        c.complete_commitment(signed, row.id, "  ")
