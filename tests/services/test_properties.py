"""Property tests: whatever staff do, a project stays in a declared state and its audit
trail replays to the stored state; nobody starts construction with procedures open."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from qy_landing.clock import FixedClock
from qy_landing.errors import LandingError
from qy_landing.services import procedures, projects
from qy_landing.services.context import Context
from qy_landing.services.workflows import show_workflow
from qy_landing.vocabulary import DONE_STATUSES, PROCEDURE_STATUSES
from tests.builders import CODE, project

STEPS = [
    "filing",
    "approval",
    "social_stability",
    "mineral_overlay",
    "relics_survey",
    "forest_grassland",
    "land_prereview",
    "land_conversion",
    "land_tender",
    "land_use_permit",
    "property_certificate",
    "eia_form",
    "eia_report",
    "energy_review",
    "energy_review_province",
    "soil_water",
    "safety_review",
    "water_permit",
    "design_scheme",
    "construction_planning",
    "civil_air_defence",
    "drawing_review",
    "construction_permit",
]
TRIGGERS = [
    "begin",
    "finish_provincial",
    "finish_city",
    "start_construction",
    "suspend",
    "resume",
    "terminate",
    None,
]

operation = st.one_of(
    st.tuples(st.just("advance"), st.sampled_from(TRIGGERS)),
    st.tuples(st.just("status"), st.sampled_from(STEPS), st.sampled_from(PROCEDURE_STATUSES)),
)
facts = st.fixed_dictionaries(
    {
        "new_land": st.booleans(),
        "hazardous": st.booleans(),
        "approval_listed": st.booleans(),
        "eia_full": st.booleans(),
        "energy_tce": st.sampled_from([None, 500, 5000, 20000]),
        "approval_level": st.sampled_from([None, "county", "city", "provincial", "national"]),
        "over_mineral_area": st.booleans(),
        "civil_building": st.booleans(),
        "in_planned_urban_land": st.booleans(),
    }
)


def examples(backend: str, on_sqlite: int) -> int:
    """Examples per run: all on SQLite; a quarter on PostgreSQL (a database per example)."""
    return on_sqlite if backend == "sqlite" else max(5, on_sqlite // 4)


def test_any_sequence_keeps_the_project_consistent(backend, fresh_databases):
    """Whatever is tried in whatever order, the project stays in a declared state, a change
    bumps its version exactly when it succeeds, and its trail replays to the stored state."""

    @settings(max_examples=examples(backend, 40), deadline=None)
    @given(project_facts=facts, operations=st.lists(operation, max_size=40))
    def check(project_facts, operations):
        with fresh_databases() as url:
            clock = FixedClock.on(date(2026, 10, 30))
            ctx = Context.open(url, actor="hypothesis", clock=clock)
            try:
                run_sequence(ctx, project_facts, operations)
            finally:
                ctx.db.dispose()

    check()


def run_sequence(ctx: Context, project_facts: dict, operations: list) -> None:
    project(ctx, **project_facts)
    _, definition = show_workflow(ctx, "standard")
    declared = {s.name for s in definition.states}
    day = date(2026, 7, 13)
    for op in operations:
        version_before = projects.show_project(ctx, CODE).version
        try:
            if op[0] == "advance":
                projects.advance(ctx, CODE, op[1], on=day, reason="理由")
            else:
                procedures.set_status(ctx, CODE, op[1], op[2], on=day, reason="不适用")
            succeeded = True
        except LandingError:
            succeeded = False
        view = projects.show_project(ctx, CODE)
        assert view.state in declared
        assert (view.version > version_before) == succeeded
        if view.state == "started":
            assert all(p.status in DONE_STATUSES for p in view.procedures)
        day = min(day + timedelta(days=1), date(2026, 10, 30))
    assert projects.replay_state(ctx, CODE) == projects.show_project(ctx, CODE).state


def test_approving_everything_in_dependency_order_always_lands(backend, fresh_databases):
    """For any facts, approving the applicable procedures in order lets the project start."""

    @settings(max_examples=examples(backend, 25), deadline=None)
    @given(project_facts=facts)
    def check(project_facts):
        with fresh_databases() as url:
            ctx = Context.open(url, clock=FixedClock.on(date(2026, 10, 30)))
            try:
                approve_all(ctx, project_facts)
            finally:
                ctx.db.dispose()

    check()


def approve_all(ctx: Context, project_facts: dict) -> None:
    project(ctx, **project_facts)
    projects.advance(ctx, CODE, on=date(2026, 7, 13))
    pending = [p.step for p in projects.show_project(ctx, CODE).procedures]
    while pending:  # approve whatever is not waiting for anything
        view = {p.step: p for p in projects.show_project(ctx, CODE).procedures}
        ready = [s for s in pending if not view[s].waiting_for]
        assert ready, f"deadlock among {pending}"
        for step in ready:
            procedures.set_status(ctx, CODE, step, "submitted", on=date(2026, 8, 3))
            procedures.set_status(ctx, CODE, step, "approved", on=date(2026, 8, 4))
            pending.remove(step)
    while projects.show_project(ctx, CODE).state != "started":
        projects.advance(ctx, CODE, on=date(2026, 8, 5))
    assert projects.replay_state(ctx, CODE) == "started"
