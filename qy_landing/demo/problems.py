"""Planning bottlenecks (卡脖子问题): some solved before construction start, others still open."""

from __future__ import annotations

from random import Random

from qy_landing.demo.draw import Days
from qy_landing.demo.model import People, PlannedProblem, PlannedProject
from qy_landing.demo.world import World


def plan_problems(rng: Random, days: Days, world: World, p: PlannedProject, people: People) -> None:
    """At most one problem for ``p``: resolved for started projects, often open otherwise."""
    first = days.add(p.signed_on, 5)
    end = p.start_on or p.window_end
    room = days.between(first, end)
    if room < 15 or p.fate == "terminated":
        return
    problem = rng.choice(world.problems)
    owner = (
        p.direct_responsible[0] if problem.owner == "direct" else people.by_unit[problem.owner].ref
    )

    def solved() -> PlannedProblem:
        opened = days.add(first, rng.randint(0, room // 2))
        closed = days.add(opened, rng.randint(3, max(3, days.between(opened, end) - 1)))
        return PlannedProblem(problem.text, owner, opened, min(closed, end), problem.resolution)

    if p.fate == "started":
        if rng.random() < 0.35:
            p.problems.append(solved())
        return
    roll = rng.random()
    if p.fate == "suspended" and p.resume_on is None:
        p.problems.append(
            PlannedProblem(problem.text, owner, days.add(first, rng.randint(0, room - 5)))
        )
    elif roll < 0.13 + min(0.2, room / 1500):
        p.problems.append(
            PlannedProblem(problem.text, owner, days.add(first, rng.randint(0, room - 3)))
        )
    elif roll < 0.25 + min(0.2, room / 1500):
        p.problems.append(solved())
