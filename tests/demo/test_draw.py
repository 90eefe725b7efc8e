"""Drawing for the plan: working days, weighted choices, exact splits of an amount."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from random import Random

import pytest

from qy_landing.calendar import WorkCalendar
from qy_landing.demo.draw import Days, spread, weighted
from qy_landing.errors import DemoPlanError


def test_spread_is_exact_and_proportional():
    """The shares sum to the total exactly, in proportion to the weights, at 0.01."""
    shares = spread([1, 2, 3.3], Decimal("100.00"))
    assert sum(shares) == Decimal("100.00")
    assert shares[0] < shares[1] < shares[2]
    assert all(s == s.quantize(Decimal("0.01")) for s in shares)


def test_spread_gives_every_share_a_minimum():
    """A tiny weight still gets the minimum share; the largest share takes the rest."""
    shares = spread([0.0001, 100], Decimal("10.00"))
    assert shares == [Decimal("0.05"), Decimal("9.95")]


def test_spread_refuses_what_cannot_be_split():
    """No weights, or a total too small for the minimum shares, is a plan error."""
    with pytest.raises(DemoPlanError, match="nothing to spread"):
        spread([], Decimal("1.00"))
    with pytest.raises(DemoPlanError, match="cannot spread"):
        spread([1, 1, 1], Decimal("0.10"))


def test_weighted_follows_the_weights():
    """A name with weight 0 is never drawn; the others are, roughly in proportion."""
    rng = Random(1)
    drawn = Counter(weighted(rng, [("a", 3), ("b", 1), ("c", 0)]) for _ in range(2000))
    assert drawn["c"] == 0
    assert 2 < drawn["a"] / drawn["b"] < 4


def test_days_pick_working_days_in_range():
    """pick() draws working days between the bounds (from the first's next working day)."""
    days = Days(WorkCalendar())
    rng = Random(5)
    first, last = date(2026, 9, 28), date(2026, 10, 16)  # across the National Day holidays
    picked = {days.pick(rng, first, last) for _ in range(200)}
    assert all(first <= d <= last and days.calendar.is_workday(d) for d in picked)
    assert days.between(date(2026, 10, 9), days.add(date(2026, 10, 9), 5)) == 5
