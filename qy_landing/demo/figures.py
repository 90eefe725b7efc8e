"""The headline figures of a period, as the statistics define them (plan and database alike)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Figures:
    """The headline figures of a period (``start`` … ``end``), as the statistics define them.

    signed: projects whose ``signed_on`` lies in the period, and their contract amount;
    fair: the same for signing event 第三十届兰洽会; handled_*: procedures whose
    ``approved_on`` lies in the period, by the procedure's level; started: projects whose
    ``started_on`` lies in the period (and how many of them are major); funds: out-of-province
    funds in place received in the period, and in the same period one year earlier.
    """

    start: date
    end: date
    signed: int
    signed_amount: Decimal
    fair: int
    fair_amount: Decimal
    handled_provincial: int
    handled_city: int
    handled_county: int
    started: int
    started_major: int
    funds: Decimal
    funds_last_year: Decimal

    @property
    def handled(self) -> dict[str, int]:
        return {
            "provincial": self.handled_provincial,
            "city": self.handled_city,
            "county": self.handled_county,
        }

    @property
    def funds_growth(self) -> Decimal | None:
        """Year-on-year growth of out-of-province funds, in per cent (2 decimals)."""
        if not self.funds_last_year:
            return None
        return ((self.funds / self.funds_last_year - 1) * 100).quantize(Decimal("0.01"))

    def as_dict(self) -> dict[str, Any]:
        result = asdict(self)
        for key, value in result.items():
            if isinstance(value, Decimal):
                result[key] = str(value)
            elif isinstance(value, date):
                result[key] = value.isoformat()
        growth = self.funds_growth
        result["funds_growth"] = None if growth is None else str(growth)
        return result

    def differences(self, other: Figures) -> list[tuple[str, object, object]]:
        """``(name, self's value, other's value)`` for every figure that differs."""
        mine, theirs = asdict(self), asdict(other)
        return [(k, mine[k], theirs[k]) for k in mine if mine[k] != theirs[k]]


def year_earlier(day: date) -> date:
    """The same day one year earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
