"""Funds in place: exact out-of-province totals for both years, never more than the amount."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from qy_landing.demo.funds import fill
from qy_landing.errors import DemoPlanError


def _out_of_province(plan, first: date, last: date) -> Decimal:
    return sum(
        (
            f.amount
            for p in plan.projects
            for f in p.funds
            if f.out_of_province and first <= f.on <= last
        ),
        Decimal("0.00"),
    )


def test_out_of_province_totals_are_exact(plan):
    """Jan–Oct 2026 holds 835.76 亿元 out of province, Jan–Oct 2025 523.99 亿元."""
    assert _out_of_province(plan, date(2026, 1, 1), date(2026, 10, 31)) == Decimal("835.76")
    assert _out_of_province(plan, date(2025, 1, 1), date(2025, 10, 31)) == Decimal("523.99")


def test_gansu_investors_report_in_province_funds(plan):
    """Investors from Gansu report in-province funds; all others out-of-province ones."""
    records = [(p, f) for p in plan.projects for f in p.funds]
    assert len(records) > 500
    for p, f in records:
        assert f.out_of_province == (not p.investor.startswith("甘肃"))


def test_no_project_receives_more_than_its_amount(plan):
    """A project's funds never exceed its contract amount; records are in date order."""
    for p in plan.projects:
        assert sum((f.amount for f in p.funds), Decimal(0)) <= p.amount
        assert [f.on for f in p.funds] == sorted(f.on for f in p.funds)
        assert all(p.signed_on <= f.on and f.amount > 0 for f in p.funds)


def test_fill_shares_by_weight_within_room():
    """fill() shares by weight, capping who would get more than its room (water-filling)."""
    shares = fill({1: 1.0, 2: 1.0, 3: 2.0}, {1: 10.0, 2: 1.0, 3: 100.0}, 20.0)
    assert shares[2] == pytest.approx(0.995)
    assert shares[3] == pytest.approx(2 * shares[1])
    assert sum(shares.values()) == pytest.approx(20.0)


def test_fill_refuses_a_total_that_does_not_fit():
    """A total larger than the room of all projects is a plan error."""
    with pytest.raises(DemoPlanError, match="do not fit"):
        fill({1: 1.0}, {1: 5.0}, 10.0)
