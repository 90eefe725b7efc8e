"""Planning procedure histories: complete schedules, partial ones, and handing out approvals.

A project that starts construction gets a complete schedule (:func:`schedule_full`); one
signed in 2025 and still in progress a fixed partial history (:func:`plan_partial`). The
approvals still missing from the target are then handed out to the 2026 projects in
progress (:func:`allocate`) and scheduled one after another (:func:`schedule_chain`).
Steps are always taken in dependency order.
"""

from __future__ import annotations

from collections.abc import Sequence
from random import Random
from typing import TYPE_CHECKING

from qy_landing.demo.draw import Days
from qy_landing.demo.model import Move, PlannedProject
from qy_landing.demo.world import World
from qy_landing.errors import DemoPlanError

if TYPE_CHECKING:
    from datetime import date

    from qy_landing.workflow.definition import Step


def depths(steps: Sequence[Step]) -> dict[str, int]:
    """Each step's stage: 0 without dependencies, else one more than its deepest dependency."""
    keys = {s.key for s in steps}
    by_key = {s.key: s for s in steps}
    depth: dict[str, int] = {}

    def of(key: str) -> int:
        if key not in depth:
            deps = [d for d in by_key[key].depends_on if d in keys]
            depth[key] = 1 + max((of(d) for d in deps), default=-1)
        return depth[key]

    for s in steps:
        of(s.key)
    return depth


def ordered(steps: Sequence[Step]) -> list[Step]:
    """The steps by stage, then in the definition's order."""
    depth = depths(steps)
    position = {s.key: i for i, s in enumerate(steps)}
    return sorted(steps, key=lambda s: (depth[s.key], position[s.key]))


def _approval(
    rng: Random,
    days: Days,
    world: World,
    step: Step,
    submit: date,
    last: date,
    reject: float = 0.06,
) -> list[Move]:
    """Submitted on ``submit``, approved by ``last`` (sometimes accepted or first rejected)."""
    span = days.between(submit, last)
    if span < 1:
        raise DemoPlanError(f"no time to approve {step.key} between {submit} and {last}")
    took = min(span, max(1, round(step.limit * rng.uniform(0.35, 1.1))))
    if took >= 6 and rng.random() < reject:
        rejected = days.add(submit, rng.randint(1, took // 3))
        again = days.add(rejected, rng.randint(1, max(1, took // 3)))
        approved = days.add(submit, took)
        if again < approved:
            return [
                Move(submit, "submitted"),
                Move(rejected, "rejected", world.reject_note(step.key)),
                Move(again, "submitted"),
                Move(approved, "approved"),
            ]
    moves = [Move(submit, "submitted")]
    if took >= 3 and rng.random() < 0.45:
        moves.append(Move(days.add(submit, rng.randint(1, min(2, took - 1))), "accepted"))
    moves.append(Move(days.add(submit, took), "approved"))
    return moves


def _waivers(rng: Random, p: PlannedProject, world: World) -> dict[str, str]:
    keys = {s.key for s in p.steps}
    waive: dict[str, str] = {}
    if p.profile == "workshop":
        waive.update({k: v for k, v in world.waive_workshop.items() if k in keys})
        if "eia_form" in keys and rng.random() < 0.4:
            waive["eia_form"] = world.waive_eia_registration
    elif p.unit in world.places and "soil_water" in keys and rng.random() < 0.5:
        waive["soil_water"] = world.waive_park_soil
    return waive


def schedule_full(
    rng: Random, days: Days, world: World, p: PlannedProject, first: date, start: date
) -> None:
    """Every procedure done (approved or waived) between ``first`` and the day before ``start``."""
    waive = _waivers(rng, p, world)
    depth = depths(p.steps)
    slots = max(depth.values()) + 1
    first = days.next(first)
    total = days.between(first, start)
    width = total / slots
    if width < 3:
        raise DemoPlanError(f"{p.code}: {total} working days are too few for {slots} stages")
    for step in ordered(p.steps):
        k = depth[step.key]
        low, high = int(k * width), int((k + 1) * width) - 1
        if step.key in waive:
            on = days.add(first, rng.randint(low, max(low, high - 1)))
            p.moves[step.key] = [Move(on, "waived", waive[step.key])]
            continue
        submit = low + rng.randint(0, max(0, (high - low) // 3))
        submit = min(submit, high - 1)
        p.moves[step.key] = _approval(
            rng, days, world, step, days.add(first, submit), days.add(first, high)
        )


def schedule_chain(
    rng: Random,
    days: Days,
    world: World,
    p: PlannedProject,
    order: Sequence[Step],
    first: date,
    last: date,
    running: Sequence[Step] = (),
) -> None:
    """Approve ``order`` one after another in ``first`` … ``last``; then ``running`` in flight."""
    first = days.next(first)
    available = days.between(first, last)
    durations = [max(1, round(s.limit * rng.uniform(0.3, 1.05))) for s in order]
    gaps = [rng.randint(0, 6) for _ in order]
    need = sum(durations) + sum(gaps) + (3 if running else 0)
    if need > available:
        scale = available / need
        durations = [max(1, int(d * scale)) for d in durations]
        gaps = [int(g * scale) for g in gaps]
    if sum(durations) + sum(gaps) > available:
        raise DemoPlanError(f"{p.code}: {len(order)} approvals do not fit in {available} days")
    offset = 0
    for step, took, gap in zip(order, durations, gaps, strict=True):
        submit = offset + gap
        approved = submit + took
        moves = [Move(days.add(first, submit), "submitted")]
        if took >= 3 and rng.random() < 0.4:
            moves.append(Move(days.add(first, submit + 1), "accepted"))
        if took >= 6 and rng.random() < 0.06:
            rejected = submit + max(1, took // 3)
            moves = [
                moves[0],
                Move(days.add(first, rejected), "rejected", world.reject_note(step.key)),
                Move(days.add(first, rejected + 1), "submitted"),
            ]
        moves.append(Move(days.add(first, approved), "approved"))
        p.moves[step.key] = moves
        offset = approved
    for step in running:
        if available - offset < 2:
            return
        p.moves[step.key] = _in_flight(rng, days, world, step, first, offset, available)


def _in_flight(
    rng: Random, days: Days, world: World, step: Step, first: date, offset: int, available: int
) -> list[Move]:
    """A step submitted after working day ``offset`` and not done by ``available``."""
    room = available - offset
    if rng.random() < 0.55:  # submitted recently: still within its time limit
        submit = max(offset + 1, available - rng.randint(1, step.limit + 2))
    else:  # submitted a while ago: by now often overdue
        submit = offset + rng.randint(1, min(room - 1, 25))
    on = days.add(first, submit)
    moves = [Move(on, "submitted")]
    roll = rng.random()
    after = available - submit
    if roll < 0.22 and after >= 2:
        note = world.reject_note(step.key)
        moves.append(Move(days.add(on, rng.randint(1, min(after, step.limit))), "rejected", note))
    elif roll < 0.55 and after >= 1:
        moves.append(Move(days.add(on, rng.randint(1, min(after, 3))), "accepted"))
    return moves


def candidates(p: PlannedProject) -> list[Step]:
    """Steps a project still in progress may have approved: all but its last one."""
    order = ordered(p.steps)
    return [s for s in order[:-1] if s.key not in p.moves]


def eligible(p: PlannedProject, step: Step, done: set[str]) -> bool:
    """Whether every dependency of ``step`` (that ``p`` has) is in ``done``."""
    keys = {s.key for s in p.steps}
    return all(d in done for d in step.depends_on if d in keys)


def plan_partial(
    rng: Random, days: Days, world: World, p: PlannedProject, count: int, first: date, last: date
) -> None:
    """A fixed partial history: the first ``count`` eligible steps approved, one in flight."""
    done: set[str] = set()
    order: list[Step] = []
    for step in candidates(p):
        if len(order) >= count:
            break
        if eligible(p, step, done):
            order.append(step)
            done.add(step.key)
    running = [s for s in candidates(p) if s.key not in done and eligible(p, s, done)][:1]
    schedule_chain(rng, days, world, p, order, first, last, running)


def allocate(
    rng: Random, days: Days, flexible: list[PlannedProject], remaining: dict[str, int]
) -> dict[int, list[Step]]:
    """Hand out the approvals still needed, oldest projects first, dependencies respected."""
    allocated: dict[int, list[Step]] = {p.index: [] for p in flexible}
    done: dict[int, set[str]] = {
        p.index: {k for k, m in p.moves.items() if m[-1].status in ("approved", "waived")}
        for p in flexible
    }
    capacity: dict[int, int] = {}
    wish: dict[int, int] = {}
    for p in flexible:
        first = p.resume_on or p.signed_on
        room = days.between(first, p.window_end)
        capacity[p.index] = max(0, room // 4)
        wish[p.index] = min(capacity[p.index], int(room / 90 * rng.uniform(0.0, 2.0)))

    def take(p: PlannedProject) -> bool:
        if len(allocated[p.index]) >= capacity[p.index]:
            return False
        for step in candidates(p):
            if step.key in done[p.index] or remaining[step.level] <= 0:
                continue
            if eligible(p, step, done[p.index]):
                allocated[p.index].append(step)
                done[p.index].add(step.key)
                remaining[step.level] -= 1
                return True
        return False

    shuffled = list(flexible)
    rng.shuffle(shuffled)
    for p in shuffled:
        while len(allocated[p.index]) < wish[p.index] and take(p):
            pass
    order = sorted(flexible, key=lambda p: (p.signed_on, p.index))
    while any(remaining.values()):
        progressed = [take(p) for p in order]  # every project gets its turn
        if not any(progressed):
            break
    if any(remaining.values()):
        raise DemoPlanError(f"approvals left over after allocation: {remaining}")
    return allocated
