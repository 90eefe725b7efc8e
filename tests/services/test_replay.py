"""Replay from the audit trail (property tests): any sequence of changes and corrections
replays to the stored state; a past day's state does not change when later events are
added; a correction then its reversal leaves every derived value as before."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from qy_landing.clock import FixedClock
from qy_landing.config import CorrectionPolicy
from qy_landing.errors import LandingError
from qy_landing.reports.stats import compute_stats
from qy_landing.reports.stuck import find_stuck
from qy_landing.services import corrections, moves, procedures, snapshot
from qy_landing.services.context import Context
from qy_landing.services.project_views import replay_state, show_project
from tests.builders import CODE, project

STEPS = ["filing", "land_prereview", "eia_form", "soil_water", "construction_planning"]
STATUSES = [
    "submitted",
    "accepted",
    "approved",
    "rejected",
    "waived",
    "pending",
    "materials_requested",
    "on_hold",
]
WIDE = CorrectionPolicy(months_back=24)
TODAY = date(2026, 10, 30)

change = st.one_of(
    st.tuples(st.just("status"), st.sampled_from(STEPS), st.sampled_from(STATUSES)),
    st.tuples(st.just("advance"), st.sampled_from([None, "suspend", "resume", "terminate"])),
)
fix = st.one_of(
    st.tuples(st.just("fix"), st.sampled_from(STEPS), st.sampled_from([None, *STATUSES])),
    st.tuples(st.just("shift"), st.sampled_from(STEPS), st.integers(-3, 3)),
    st.tuples(st.just("undo_move")),
    st.tuples(st.just("undo_last")),
)


def examples(backend: str, on_sqlite: int) -> int:
    """Examples per run: all on SQLite; a third on PostgreSQL (a database per example)."""
    return on_sqlite if backend == "sqlite" else max(5, on_sqlite // 3)


@contextlib.contextmanager
def fresh(make: Callable[[], contextlib.AbstractContextManager[str]]) -> Iterator[Context]:
    """A project signed 2026-07-01 (new land) in a database of its own."""
    with make() as url:
        ctx = Context.open(url, actor="hypothesis", clock=FixedClock.on(TODAY))
        try:
            project(ctx, signed_on=date(2026, 7, 1), new_land=True)
            yield ctx
        finally:
            ctx.db.dispose()


def apply(ctx: Context, op: tuple, day: date) -> None:
    """One change or correction; refused ones (LandingError) change nothing."""
    with contextlib.suppress(LandingError):
        kind = op[0]
        if kind == "status":
            procedures.set_status(ctx, CODE, op[1], op[2], on=day, reason="理由")
        elif kind == "advance":
            trigger = op[1]
            if trigger in ("suspend", "resume", "terminate"):
                getattr(moves, trigger)(ctx, CODE, reason="理由", on=day)
            else:
                moves.advance(ctx, CODE, on=day)
        elif kind == "fix":
            corrections.correct_procedure(
                ctx, CODE, op[1], status=op[2], reason="更正", policy=WIDE
            )
        elif kind == "shift":
            view = {p.step: p for p in show_project(ctx, CODE, events=0).procedures}
            dates = (
                [
                    getattr(view[op[1]], f"{s}_on")
                    for s in ("submitted", "accepted", "approved", "rejected", "waived")
                ]
                if op[1] in view
                else []
            )
            last = max((d for d in dates if d is not None), default=None)
            if last is not None:
                corrections.correct_procedure(
                    ctx, CODE, op[1], on=last + timedelta(days=op[2]), reason="日期", policy=WIDE
                )
        elif kind == "undo_move":
            corrections.undo_move(ctx, CODE, reason="撤销", policy=WIDE)
        else:
            events = show_project(ctx, CODE, events=1).events
            if events:
                corrections.correct_event(ctx, events[0].id, undo=True, reason="撤销", policy=WIDE)


def seen(ctx: Context, day: date | None = None, *, as_recorded: bool = False) -> tuple:
    """What a reader sees of the project as of ``day``: state and procedures."""
    view_ctx = snapshot.at(ctx, day or ctx.today(), as_recorded=as_recorded)
    try:
        view = show_project(view_ctx, CODE, as_of=day, events=0)
    finally:
        if view_ctx is not ctx:
            view_ctx.db.dispose()
    return view.state, view.state_since, view.last_progress_on, view.procedures


def derived(ctx: Context) -> tuple:
    """Every derived value a report shows: the view, stuck reasons, the year's figures."""
    stuck = [(s.code, s.reasons) for s in find_stuck(ctx)]
    return seen(ctx), stuck, compute_stats(ctx).as_dict()


ops = st.lists(st.one_of(change, change, fix), max_size=25)


def test_any_changes_and_corrections_replay_to_the_stored_state(backend, fresh_databases):
    """Replayed event by event, the trail gives exactly the stored rows."""

    @settings(max_examples=examples(backend, 15), deadline=None)
    @given(operations=ops)
    def check(operations):
        with fresh(fresh_databases) as ctx:
            day = date(2026, 7, 6)
            for op in operations:
                apply(ctx, op, day)
                day += timedelta(days=3)
            assert seen(ctx) == seen(ctx, as_recorded=True)
            assert replay_state(ctx, CODE) == show_project(ctx, CODE, events=0).state

    check()


def test_a_past_day_does_not_change_when_later_events_are_added(backend, fresh_databases):
    """The state as of day D is the same before and after changes effective after D."""

    @settings(max_examples=examples(backend, 15), deadline=None)
    @given(before=ops, after=st.lists(change, max_size=12))
    def check(before, after):
        with fresh(fresh_databases) as ctx:
            day = date(2026, 7, 6)
            for op in before:
                apply(ctx, op, day)
                day += timedelta(days=2)
            cut = date(2026, 9, 30)
            then = seen(ctx, cut)
            day = date(2026, 10, 1)
            for op in after:
                apply(ctx, op, day)
                day += timedelta(days=2)
            assert seen(ctx, cut) == then

    check()


def test_a_correction_then_its_reversal_changes_nothing(backend, fresh_databases):
    """Correct, then undo the correction: every derived value is as before."""

    @settings(max_examples=examples(backend, 15), deadline=None)
    @given(before=st.lists(change, max_size=15), correction=fix)
    def check(before, correction):
        with fresh(fresh_databases) as ctx:
            day = date(2026, 7, 6)
            for op in before:
                apply(ctx, op, day)
                day += timedelta(days=3)
            was = derived(ctx)
            last = show_project(ctx, CODE, events=1).events[0].id
            apply(ctx, correction, day)
            # the reversal: every correction event just recorded undone, the latest first
            added = [e.id for e in show_project(ctx, CODE, events=10).events if e.id > last]
            for event_id in added:
                corrections.correct_event(ctx, event_id, undo=True, reason="改回", policy=WIDE)
            assert derived(ctx) == was

    check()
