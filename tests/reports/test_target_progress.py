"""Progress against the yearly targets: done in the year so far, the rate, competition ranks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from qy_landing.config import RedBlackConfig
from qy_landing.reports.target_progress import rank_by, target_progress
from qy_landing.services.targets import set_target
from tests.builders import project


def test_ranks_are_competition_ranks_highest_first():
    """Equal values share a rank and the next one skips (1, 1, 3)."""
    items = [SimpleNamespace(v=v, rank=0) for v in (0.5, 0.9, 0.9, 0.1)]
    rank_by(items, lambda i: i.v)
    assert [i.rank for i in items] == [3, 1, 1, 4]


def test_signed_projects_count_towards_the_landing_unit_s_target(ctx):
    """环县 signed one project of a target of two; units without targets are left out."""
    project(ctx)  # signed 2026-07-10 in 环县
    set_target(ctx, "环县", "signed_count", 2, year=2026)
    progress = target_progress(ctx, date(2026, 10, 31), RedBlackConfig())
    assert progress.year == 2026
    assert [u.unit for u in progress.units] == ["环县"]
    (line,) = [x for x in progress.units[0].lines if x.indicator == "signed_count"]
    assert (line.target, line.done) == (Decimal(2), Decimal(1))
    assert target_progress(ctx, date(2026, 7, 9), RedBlackConfig()).units[0].lines[0].done == 0
