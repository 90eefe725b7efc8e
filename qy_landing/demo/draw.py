"""Drawing days and shares for the plan: working-day arithmetic, weighted choices, exact splits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from random import Random

from qy_landing.calendar import WorkCalendar
from qy_landing.errors import DemoPlanError


class Days:
    """Working-day arithmetic for the plan (the official calendar, no office overrides)."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar

    def add(self, day: date, n: int) -> date:
        return self.calendar.add_workdays(day, n)

    def next(self, day: date) -> date:
        return self.calendar.next_workday(day)

    def between(self, start: date, end: date) -> int:
        return self.calendar.workdays_between(start, end)

    def pick(self, rng: Random, first: date, last: date) -> date:
        """A random working day in ``first`` … ``last`` (``first``'s next working day at least)."""
        start = self.next(first)
        span = max(0, self.between(start, last))
        return self.add(start, rng.randint(0, span))


def weighted(rng: Random, options: Sequence[tuple[str, int]]) -> str:
    """One of ``options``' names, drawn in proportion to its weight."""
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def spread(
    weights: Sequence[float],
    total: Decimal,
    quantum: Decimal = Decimal("0.01"),
    minimum: Decimal = Decimal("0.05"),
) -> list[Decimal]:
    """``total`` split in proportion to ``weights``, exactly (the largest share takes the rest)."""
    whole = sum(weights)
    if not weights or whole <= 0:
        raise DemoPlanError("nothing to spread an amount over")
    shares = [
        max(minimum, (total * Decimal(w) / Decimal(whole)).quantize(quantum)) for w in weights
    ]
    largest = max(range(len(shares)), key=lambda i: shares[i])
    shares[largest] += total - sum(shares)
    if shares[largest] < minimum:
        raise DemoPlanError(f"cannot spread {total} over {len(weights)} shares")
    return shares
