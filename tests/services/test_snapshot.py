"""Point-in-time reads: a past day's state replayed from the audit trail, unchanged by
what happens later, counting corrections recorded since."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qy_landing.errors import LandingError, ProjectNotFoundError
from qy_landing.services import corrections, procedures, snapshot
from qy_landing.services.project_views import list_projects, show_project
from tests.builders import CODE, project


def _view(ctx, day):
    past = snapshot.at(ctx, day)
    try:
        view = show_project(past, CODE, as_of=day, events=0)
        return view.state, [(p.step, p.status, p.submitted_on, p.due) for p in view.procedures]
    finally:
        past.db.dispose()


def test_a_past_day_does_not_see_later_changes(ctx):
    """As of a day, later submissions and later projects are not there yet."""
    project(ctx, signed_on=date(2026, 9, 3))
    day = date(2026, 9, 30)
    before = _view(ctx, day)
    procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 10, 9))
    project(ctx, code="2601-621022-04-01-654321", signed_on=date(2026, 10, 2))
    assert before == _view(ctx, day)
    assert [p.code for p in list_projects(ctx, as_of=day)] == [CODE]
    assert _view(ctx, day)[1][0][1] == "pending"


def test_a_correction_counts_as_of_the_past_unless_as_recorded(ctx):
    """A corrected date counts in the past; --as-recorded shows what was known then."""
    project(ctx, signed_on=date(2026, 9, 3))
    procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 10, 9))
    corrections.correct_procedure(ctx, CODE, "filing", on=date(2026, 10, 1), reason="日期录错")
    assert _view(ctx, date(2026, 10, 5))[1][0][1] == "submitted"
    # everything here was recorded on 2026-10-12: as recorded by 10-05, nothing was known
    recorded = snapshot.at(ctx, date(2026, 10, 5), as_recorded=True)
    with pytest.raises(ProjectNotFoundError):
        show_project(recorded, CODE, as_of=date(2026, 10, 5))
    recorded.db.dispose()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    days=st.lists(st.integers(min_value=0, max_value=35), min_size=1, max_size=4),
    fix=st.booleans(),
)
def test_replay_to_today_equals_the_stored_state(sqlite_ctx, days, fix):
    """Any sequence of changes and corrections replays to the stored current state."""
    from qy_landing.services.context import Context
    from qy_landing.services.replay import NOW, live_events  # noqa: F401

    ctx: Context = sqlite_ctx
    code = f"2601-621022-04-01-{100000 + len(days) * 1000 + sum(days) % 1000:06d}"
    try:
        project(ctx, code=code, signed_on=date(2026, 9, 1))
    except Exception:
        return
    statuses = ["submitted", "approved"]
    on = date(2026, 9, 1)
    from datetime import timedelta

    for step_status, offset in zip(statuses, sorted(days), strict=False):
        on = max(on, date(2026, 9, 1) + timedelta(days=offset))
        procedures.set_status(ctx, code, "filing", step_status, on=on)
    if fix:
        with contextlib.suppress(LandingError):
            corrections.correct_procedure(ctx, code, "filing", on=on, reason="x")
    stored = show_project(ctx, code, events=0)
    replayed = snapshot.at(ctx, ctx.today(), as_recorded=True)
    try:
        again = show_project(replayed, code, events=0)
    finally:
        replayed.db.dispose()
    assert (stored.state, stored.procedures) == (again.state, again.procedures)


def test_a_past_month_s_pack_is_the_pack_of_its_last_day(db_url, tmp_path):
    """Generated later, a month's pack is byte for byte the one of its last day (but the
    generation time); with a record dated back into the month, --as-recorded still is."""
    from qy_landing.clock import FixedClock
    from qy_landing.reports.monthly import monthly_pack
    from qy_landing.reports.monthly_files import _now, write_monthly_html
    from qy_landing.services import moves
    from qy_landing.services.context import Context

    def pack_bytes(ctx: Context, as_recorded: bool = False) -> bytes:
        pack = monthly_pack(ctx, date(2026, 9, 1), as_recorded=as_recorded)
        path = tmp_path / "pack.html"
        with path.open("wb") as stream:
            write_monthly_html(pack, stream)
        return path.read_bytes().replace(_now(pack).encode(), b"")

    then = Context.open(db_url, actor="测试员", clock=FixedClock.on(date(2026, 9, 30), hour=18))
    project(then, signed_on=date(2026, 8, 3), new_land=True)
    procedures.set_status(then, CODE, "filing", "submitted", on=date(2026, 9, 10))
    procedures.set_status(then, CODE, "filing", "approved", on=date(2026, 9, 14))
    procedures.set_status(then, CODE, "land_prereview", "submitted", on=date(2026, 9, 21))
    on_the_day = pack_bytes(then)
    then.db.dispose()
    later = Context.open(db_url, actor="测试员", clock=FixedClock.on(date(2026, 11, 20)))
    try:
        procedures.set_status(later, CODE, "land_prereview", "approved", on=date(2026, 10, 9))
        moves.terminate(later, CODE, reason="投资方撤资", on=date(2026, 11, 2))
        assert pack_bytes(later) == on_the_day
        # a project signed in September but registered only in November
        project(later, code="2601-621022-04-01-654321", signed_on=date(2026, 9, 20))
        assert pack_bytes(later) != on_the_day
        assert pack_bytes(later, as_recorded=True) == on_the_day
    finally:
        later.db.dispose()


def test_an_assignment_ended_since_is_shown_as_of_the_past(ctx):
    """A person unassigned later is still responsible as of a day before."""
    from qy_landing.services import assignments
    from tests.builders import person

    project(ctx, signed_on=date(2026, 9, 3))
    person(ctx, "张伟")
    assignments.assign(ctx, CODE, "first_responsible", "张伟", on=date(2026, 9, 4))
    assignments.unassign(ctx, CODE, "first_responsible", "张伟", on=date(2026, 10, 9))
    past = snapshot.at(ctx, date(2026, 9, 30))
    try:
        names = [a.person for a in show_project(past, CODE, as_of=date(2026, 9, 30)).assignments]
    finally:
        past.db.dispose()
    assert names == ["张伟"]
    assert show_project(ctx, CODE).assignments == []


def test_a_disposed_past_view_leaves_today_s_state_behind(ctx):
    """Once a past view is disposed, reads see today's state again (no view of the past is
    left on a pooled connection)."""
    project(ctx, signed_on=date(2026, 9, 3))
    procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 10, 9))
    assert _view(ctx, date(2026, 9, 30))[1][0][1] == "pending"
    for _ in range(3):  # whichever pooled connection the read takes
        assert show_project(ctx, CODE, events=0).procedures[0].status == "submitted"
