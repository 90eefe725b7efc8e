"""The pure year plan: hits the figures by construction, for any seed, and is reproducible."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from qy_landing.demo.plan import plan_demo
from qy_landing.demo.world import load_world
from qy_landing.errors import DemoPlanError

from .conftest import AS_OF


def test_plans_hit_the_figures_for_many_seeds(definitions):
    """Whatever the seed, the plan hits the figures by construction (planning needs no database)."""
    target = load_world().target
    for seed in range(1, 13):
        assert plan_demo(seed, definitions).expected(AS_OF) == target, seed


def test_same_seed_same_plan(definitions, plan):
    """Planning the same seed again gives the same codes, names and dated changes."""
    again = plan_demo(plan.seed, definitions)
    assert [(p.code, p.name, p.amount, p.moves) for p in again.projects] == [
        (p.code, p.name, p.amount, p.moves) for p in plan.projects
    ]


def test_another_seed_gives_other_projects(definitions, plan):
    """Another seed plans other projects (and still the same figures)."""
    other = plan_demo(7, definitions)
    assert {p.code for p in other.projects} != {p.code for p in plan.projects}
    assert other.expected(AS_OF) == plan.expected(AS_OF)


def test_a_world_whose_figures_cannot_be_hit_is_refused(definitions):
    """A target the cohorts cannot reach (too many county approvals) raises DemoPlanError."""
    world = load_world()
    greedy = dataclasses.replace(
        world, target=dataclasses.replace(world.target, handled_county=5000)
    )
    with pytest.raises(DemoPlanError, match="left over"):
        plan_demo(2026, definitions, world=greedy)


def test_the_world_decides_the_amounts(definitions):
    """The target's amounts come from the data: another fair amount gives another plan total."""
    world = load_world()
    bigger = dataclasses.replace(
        world,
        target=dataclasses.replace(
            world.target,
            fair_amount=Decimal("1000.00"),
            signed_amount=Decimal("1424.97"),
        ),
    )
    figures = plan_demo(2026, definitions, world=bigger).expected(AS_OF)
    assert (figures.fair_amount, figures.signed_amount) == (Decimal("1000.00"), Decimal("1424.97"))
