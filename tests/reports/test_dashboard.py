"""The one-screen dashboard's figures."""

from __future__ import annotations

from datetime import date

from qy_landing.reports.dashboard import build_dashboard
from qy_landing.services import procedures, projects
from tests.reports.data import add, code, start


def test_funnel_overdue_per_unit_and_most_stuck(ctx):
    """Funnel of this year's signings, open work per unit, the most stuck first."""
    add(ctx, 1, signed_on=date(2026, 3, 2))
    start(ctx, code(1), date(2026, 10, 9), approved_on=date(2026, 9, 1))
    add(ctx, 2, signed_on=date(2026, 8, 3))
    procedures.set_status(ctx, code(2), "filing", "submitted", on=date(2026, 9, 25))
    add(ctx, 3, code=code(3, "621002"), unit="西峰区", signed_on=date(2026, 5, 6))
    add(ctx, 4, signed_on=date(2026, 6, 1))
    projects.terminate(ctx, code(4), reason="企业撤资", on=date(2026, 7, 1))
    board = build_dashboard(ctx, date(2026, 10, 12))
    assert board.funnel == [3, 1, 1, 1, 1]  # 1, 2, 3 signed (4 terminated); 1 started
    lines = {u.unit: (u.active, u.running, u.overdue, u.stuck) for u in board.units}
    assert lines == {"西峰区": (1, 0, 0, 1), "环县": (1, 1, 1, 1)}
    assert [p.code for p in board.most_stuck] == [code(3, "621002"), code(2)]
    assert board.as_dict()["funnel"]["started"] == 1
