"""The demo's promotion system: units of every kind, introducers, targets, a busy October."""

from __future__ import annotations

from collections import Counter
from datetime import date

from qy_landing.demo.promotion import load_promotion
from qy_landing.demo.world import load_world
from qy_landing.reports.redblack import rank_units
from qy_landing.reports.stats import compute_stats
from qy_landing.reports.target_progress import target_progress

OCTOBER = date(2026, 10, 1)


def test_units_reach_the_reported_counts():
    """With units.yaml's city units, 63 departments, 17 enterprises and 9 offices."""
    world = load_world()
    promotion = load_promotion(world)
    kinds = Counter(u.kind for u in world.city_units) + Counter(u.kind for u in promotion.units)
    assert (kinds["department"], kinds["enterprise"], kinds["office"]) == (63, 17, 9)
    names = [u.name for u in promotion.units]
    assert len(set(names)) == len(names)
    assert "市委督查室" not in promotion.pools["department"]  # supervisors bring nothing in


def test_plan_names_introducers_and_targets(plan):
    """Some projects are introduced by another unit; every county and park has targets."""
    introduced = [p for p in plan.projects if p.introduced_by]
    assert 0.3 * len(plan.projects) < len(introduced) < 0.6 * len(plan.projects)
    with_targets = {unit for unit, _key, _value in plan.targets}
    assert set(load_world().counties) <= with_targets
    assert {key for _u, key, _v in plan.targets} == {
        "signed_count",
        "signed_amount",
        "started_count",
        "funds_out",
    }


def test_october_has_approvals_starts_and_resolved_problems(plan):
    """The report's last month is busy: approvals, starts and resolved problems."""
    october = (date(2026, 10, 1), date(2026, 10, 31))
    approvals = [on for p in plan.projects for _k, on in p.approvals() if october[0] <= on]
    starts = [p for p in plan.projects if p.start_on and p.start_on >= october[0]]
    resolved = [
        x
        for p in plan.projects
        for x in p.problems
        if x.resolved_on and x.resolved_on >= october[0]
    ]
    assert len(approvals) >= 15 and len(starts) >= 5 and len(resolved) >= 5


def test_october_boards_have_data_for_every_kind(built):
    """report redblack --month 2026-10: every kind's board ranks units, with red and black."""
    ctx, _summary = built
    result = rank_units(ctx, OCTOBER)
    assert [b.board.key for b in result.boards] == [
        "county",
        "park",
        "department",
        "enterprise",
        "office",
    ]
    for board in result.boards:
        assert len(board.ranking) >= 3, board.board.key
        assert board.red and board.black, board.board.key
        assert all(u.reasons for u in board.black)
    departments = result.board("department")
    assert departments is not None and departments.apart  # most departments bring nothing


def test_demo_growth_is_the_reported_one(built):
    """Out-of-province funds 835.76 亿元, +59.50 % on the same period of 2025."""
    ctx, _summary = built
    figures = compute_stats(ctx, date(2026, 1, 1), date(2026, 10, 31))
    assert str(figures.funds_out_of_province) == "835.7600"
    assert figures.growth()["funds_out_of_province"] == 59.5


def test_demo_progress_table(built):
    """Every unit with targets has a progress line per indicator and a rank on its board."""
    ctx, _summary = built
    progress = target_progress(ctx, date(2026, 10, 31))
    counties = [u for u in progress.units if u.kind == "county"]
    assert len(counties) == 8 and all(u.rank >= 1 for u in counties)
    assert min(u.rank for u in counties) == 1
