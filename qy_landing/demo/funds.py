"""Planning funds in place (到位资金): monthly records whose out-of-province sums are exact.

Started projects receive a share of their amount month by month, some major ones in
progress a little; then the out-of-province records of January … October of this year and
of last year are filled up to the target's exact totals (water-filling: no project ever
receives more than 90 % of its contract amount).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from random import Random

from qy_landing.demo.draw import Days, spread
from qy_landing.demo.figures import year_earlier
from qy_landing.demo.model import LAST_DAY, PlannedFunds, PlannedProject
from qy_landing.demo.world import World
from qy_landing.errors import DemoPlanError

# (cohort) -> the share of its amount a started project receives, drawn in this range
STARTED_FRACTIONS = {
    "continuing": (0.55, 0.8),
    "carry": (0.3, 0.55),
    "fair": (0.12, 0.3),
    "y2026": (0.12, 0.35),
}


def plan_funds(rng: Random, days: Days, world: World, projects: list[PlannedProject]) -> None:
    """Monthly funds in place; out-of-province sums hit this year's and last year's targets."""
    for p in projects:
        _draw_records(rng, days, world, p)
    target = world.target
    periods = (
        (date(target.start.year - 1, 1, 1), year_earlier(target.end), target.funds_last_year),
        (target.start, target.end, target.funds),
    )
    # Records outside the two compared periods keep their planned size (and so do in-province
    # ones); the out-of-province records of each period are filled up to its exact total,
    # no project ever receiving more than 90 % of its amount (water-filling, last year first).
    for p in projects:
        for f in p.funds:
            if not (f.out_of_province and any(s <= f.on <= e for s, e, _ in periods)):
                f.amount = max(Decimal("0.01"), Decimal(f.weight).quantize(Decimal("0.01")))
    for start, end, total in periods:
        _fill_period(projects, start, end, total)
    for p in projects:
        if sum((f.amount for f in p.funds), Decimal(0)) > p.amount:
            raise DemoPlanError(f"{p.code}: funds in place exceed the contract amount")
        p.funds.sort(key=lambda f: f.on)


def _draw_records(rng: Random, days: Days, world: World, p: PlannedProject) -> None:
    """``p``'s monthly records, sized by weight only (exact amounts come later)."""
    if p.fate == "started":
        low, high = STARTED_FRACTIONS[p.cohort]
        begin = (
            p.signed_on + timedelta(days=45)
            if p.cohort == "continuing"
            else max(
                p.signed_on + timedelta(days=30), (p.start_on or LAST_DAY) - timedelta(days=75)
            )
        )
    elif (
        p.fate == "progress"
        and p.major
        and p.signed_on <= date(2026, 7, 31)
        and rng.random() < 0.35
    ):
        low, high = 0.02, 0.06
        begin = p.signed_on + timedelta(days=40)
    else:
        return
    months = []
    cursor = date(begin.year, begin.month, 1)
    while cursor <= date(2026, 10, 1):
        if rng.random() < 0.8:
            months.append(cursor)
        cursor = _next_month(cursor)
    if not months:
        return
    target = float(p.amount) * rng.uniform(low, high)
    weights = [rng.uniform(0.5, 1.5) for _ in months]
    scale = target / sum(weights)
    out_of_province = not p.investor.startswith("甘肃")
    for month, w in zip(months, weights, strict=True):
        last = _next_month(month) - timedelta(days=1)
        on = days.pick(rng, max(month, begin), min(last, LAST_DAY))
        if on > LAST_DAY or on < p.signed_on:
            continue
        note = rng.choice(world.funds_notes)
        p.funds.append(PlannedFunds(on, Decimal(0), out_of_province, note, w * scale))


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _fill_period(projects: list[PlannedProject], start: date, end: date, total: Decimal) -> None:
    """The out-of-province records of ``start`` … ``end`` sized to sum to ``total`` exactly."""
    members = {
        p.index: [f for f in p.funds if f.out_of_province and start <= f.on <= end]
        for p in projects
    }
    room = {
        p.index: max(0.0, float(p.amount) * 0.9 - float(sum(f.amount for f in p.funds)))
        for p in projects
        if members[p.index]
    }
    shares = fill({i: sum(f.weight for f in members[i]) for i in room}, room, float(total))
    chosen = [
        (f, shares[i] * f.weight / sum(g.weight for g in members[i]))
        for i in room
        for f in members[i]
    ]
    exact = spread([w for _, w in chosen], total, minimum=Decimal("0.01"))
    for (record, _), amount in zip(chosen, exact, strict=True):
        record.amount = amount


def fill(weights: Mapping[int, float], room: Mapping[int, float], total: float) -> dict[int, float]:
    """``total`` shared in proportion to ``weights``, no one getting more than its ``room``."""
    if sum(room.values()) < total * 1.001:
        raise DemoPlanError(f"funds of {total:.2f} do not fit in the projects' amounts")
    shares: dict[int, float] = {}
    active = {i for i, w in weights.items() if w > 0 and room[i] > 0}
    left = total
    while active:
        scale = left / sum(weights[i] for i in sorted(active))
        full = {i for i in active if scale * weights[i] > room[i] * 0.995}
        if not full:
            shares.update({i: scale * weights[i] for i in sorted(active)})
            return shares
        for i in sorted(full):
            shares[i] = room[i] * 0.995
            left -= shares[i]
        active -= full
    raise DemoPlanError(f"funds of {total:.2f} do not fit in the projects' amounts")
