"""Headline figures: growth, JSON form, differences, and the year-earlier day."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from qy_landing.demo.figures import Figures, year_earlier
from qy_landing.demo.world import load_world


def test_funds_growth_is_year_on_year_in_per_cent():
    """835.76 against 523.99 亿元 a year earlier is +59.50 %; no last year means no growth."""
    target = load_world().target
    assert target.funds_growth == Decimal("59.50")
    assert dataclasses.replace(target, funds_last_year=Decimal(0)).funds_growth is None


def test_as_dict_is_json_ready():
    """Dates are ISO strings, amounts exact strings, and the growth is included."""
    data = load_world().target.as_dict()
    assert data["start"] == "2026-01-01"
    assert data["signed_amount"] == "1374.95"
    assert data["funds_growth"] == "59.50"
    assert data["handled_county"] == 416


def test_differences_name_each_figure_that_differs():
    """differences() lists (name, mine, theirs) for every differing figure only."""
    target = load_world().target
    other = dataclasses.replace(target, signed=437, funds=Decimal("1.00"))
    assert target.differences(other) == [
        ("signed", 438, 437),
        ("funds", Decimal("835.76"), Decimal("1.00")),
    ]
    assert target.differences(target) == []
    assert isinstance(other, Figures)


def test_year_earlier_of_29_february_is_28_february():
    """The same period one year earlier ends on 28 February when this one ends on the 29th."""
    assert year_earlier(date(2028, 2, 29)) == date(2027, 2, 28)
    assert year_earlier(date(2026, 10, 31)) == date(2025, 10, 31)
