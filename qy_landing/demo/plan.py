"""The pure year plan: every unit, person, project and dated change of the demo, no database.

:func:`plan_demo` decides every project up front: its cohort, its fate (started, in
progress, suspended, terminated), its facts (which decide its procedures) and every dated
status change. Projects that start construction get complete schedules; the procedures
they approve in the target period are counted per level, and what remains of the target
is handed out to the projects still in progress, oldest first, respecting each step's
dependencies. Amounts are spread with exact decimals. The plan then checks itself: every
project's changes as the library will check them, and its figures against the target.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from random import Random
from typing import TYPE_CHECKING

from qy_landing.calendar import WorkCalendar
from qy_landing.demo.actions import validate
from qy_landing.demo.draw import Days
from qy_landing.demo.funds import plan_funds
from qy_landing.demo.model import LAST_DAY, DemoPlan, Move, People, PlannedProject, handled
from qy_landing.demo.people import plan_people
from qy_landing.demo.problems import plan_problems
from qy_landing.demo.projects import (
    assign_amounts,
    assign_people,
    code_project,
    name_project,
    plan_projects,
)
from qy_landing.demo.promotion import (
    busy_october,
    load_promotion,
    plan_introducers,
    plan_targets,
)
from qy_landing.demo.schedule import (
    allocate,
    candidates,
    eligible,
    plan_partial,
    schedule_chain,
    schedule_full,
)
from qy_landing.demo.world import World, load_world
from qy_landing.errors import DemoPlanError

if TYPE_CHECKING:
    from qy_landing.workflow.definition import Definition, Step


def plan_demo(
    seed: int,
    definitions: Mapping[str, Definition],
    calendar: WorkCalendar | None = None,
    world: World | None = None,
) -> DemoPlan:
    """Decide every unit, person, project and dated change of the demo (no database)."""
    world = world or load_world()
    rng = Random(seed)
    days = Days(calendar or WorkCalendar())
    people = plan_people(rng, world)
    projects = plan_projects(rng, days, world)
    assign_amounts(projects, world)
    names: set[str] = set()
    codes: set[str] = set()
    local = [0]
    for p in projects:
        name_project(rng, p, names, world)
        code_project(rng, p, codes, local, world)
        assign_people(rng, p, people, days, world)
        p.planned_start_on = p.start_on or days.add(p.signed_on, rng.randint(60, 130))
        p.steps = definitions[p.workflow].applicable_steps(p.facts())
    # side moves first: they bound the windows in which procedures can move
    for p in projects:
        _side_moves(rng, days, world, p)
    for p in projects:
        _fixed_history(rng, days, world, p)
    _flexible_histories(rng, days, world, projects)
    busy_october(seed, days, projects)
    for p in projects:
        plan_problems(rng, days, world, p, people)
        if p.lead_on is not None and p.lead_on > p.window_end:
            p.lead_on = p.signed_on
    _handovers(rng, days, projects, people)
    plan_funds(rng, days, world, projects)
    for p in projects:
        validate(p)
    promotion = load_promotion(world)
    plan_introducers(seed, world, promotion, projects)
    plan = DemoPlan(seed, people, projects, world.fair)
    plan.units = [(u.name, u.kind, u.code) for u in promotion.units]
    plan.targets = plan_targets(seed, world, promotion, projects, world.target.end)
    expected = plan.expected(world.target.end)
    if expected != world.target:
        raise DemoPlanError(f"plan misses the figures: {expected.differences(world.target)}")
    return plan


def _side_moves(rng: Random, days: Days, world: World, p: PlannedProject) -> None:
    """When a terminated project ends, when a suspended one stops (and perhaps resumes)."""
    if p.fate == "terminated":
        p.terminate_on = days.pick(
            rng,
            days.add(p.signed_on, 15),
            max(days.add(p.signed_on, 16), min(days.add(p.signed_on, 120), LAST_DAY)),
        )
        p.terminate_on = min(p.terminate_on, LAST_DAY)
        p.terminate_reason = rng.choice(world.terminate_reasons)
    elif p.fate == "suspended":
        age = days.between(p.signed_on, LAST_DAY)
        p.suspend_reason = rng.choice(world.suspend_reasons)
        if p.cohort in ("fair", "y2026") and age > 80 and rng.random() < 0.5:
            p.suspend_on = days.add(p.signed_on, rng.randint(3, 10))
            p.resume_on = days.add(p.suspend_on, rng.randint(15, 35))
            p.resume_reason = rng.choice(world.resume_reasons)
        else:
            p.suspend_on = days.add(p.signed_on, max(10, int(age * rng.uniform(0.5, 0.85))))


def _fixed_history(rng: Random, days: Days, world: World, p: PlannedProject) -> None:
    """Started projects and the 2025 projects still in progress: histories fixed by fate."""
    first = days.add(p.signed_on, rng.randint(2, 6))
    if p.fate == "started":
        assert p.start_on is not None
        schedule_full(rng, days, world, p, first, p.start_on)
    elif p.cohort in ("carry", "continuing"):
        count = {"terminated": 3, "suspended": 4}.get(p.fate, rng.randint(3, 6))
        plan_partial(rng, days, world, p, count, first, days.add(p.window_end, -1))
    elif p.fate == "terminated":
        plan_partial(rng, days, world, p, rng.randint(0, 1), first, days.add(p.window_end, -1))


def _flexible_histories(
    rng: Random, days: Days, world: World, projects: list[PlannedProject]
) -> None:
    """The approvals the target still needs go to the 2026 projects in progress."""
    target = world.target
    used = handled(projects, target.start, target.end)
    remaining = {level: target.handled[level] - used[level] for level in used}
    if any(v < 0 for v in remaining.values()):
        raise DemoPlanError(f"started projects alone approve too much: {used}")
    flexible = [
        p for p in projects if p.cohort in ("fair", "y2026") and p.fate in ("progress", "suspended")
    ]
    for p in flexible:
        park = p.unit in world.places and "soil_water" in {s.key for s in p.steps}
        if park and rng.random() < 0.3:  # a park's regional assessment spares the plan
            first = days.add(p.resume_on or p.signed_on, rng.randint(2, 8))
            if first < p.window_end:
                p.moves["soil_water"] = [Move(first, "waived", world.waive_park_soil)]
    allocated = allocate(rng, days, flexible, remaining)
    for p in flexible:
        order = allocated[p.index]
        done = {k for k, m in p.moves.items() if m[-1].status == "waived"} | {s.key for s in order}
        running: list[Step] = []
        if rng.random() < 0.55:
            pending = [s for s in candidates(p) if s.key not in done and eligible(p, s, done)]
            running = pending[: 2 if rng.random() < 0.2 else 1]
        first = days.add(p.resume_on or p.signed_on, rng.randint(2, 10))
        last = days.add(p.window_end, -1)
        if first >= last:
            if order:
                raise DemoPlanError(f"{p.code}: no time for its approvals")
            continue
        schedule_chain(rng, days, world, p, order, first, last, running)


def _handovers(rng: Random, days: Days, projects: list[PlannedProject], people: People) -> None:
    """Four projects change their landing commissioner in June 2026."""
    for p in rng.sample(
        [
            p
            for p in projects
            if p.fate == "progress" and p.cohort == "y2026" and p.signed_on < date(2026, 6, 1)
        ],
        4,
    ):
        old = p.commissioner
        new = rng.choice([c for c in people.commissioners if c.ref != old])
        p.handover = (days.pick(rng, date(2026, 6, 1), date(2026, 6, 30)), new.ref, old)
