"""The headline figures the city reports (see DOMAIN.md), from the office's own data.

For a period ``start``–``end`` (both days included), optionally for one unit:

- **signed**: projects with ``signed_on`` in the period and their contract amount (亿元),
  by signing event (签约活动), by industry chain and by unit — terminated ones included:
  a signing is a signing;
- **procedures handled** (办理手续): procedures *approved* in the period (``approved_on``
  in the period), by the procedure's level (provincial / city / county); waived ones are
  not handled;
- **started** (开工): projects with ``started_on`` in the period, and how many are major;
- **funds in place** (到位资金): the sum of funds records received in the period, with
  out-of-province (省外) funds separately.

Amounts are exact (``Decimal``, stored as whole 万元); everything is a grouped query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import and_, case, func, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from qy_landing.errors import DateOrderError, Term
from qy_landing.reports.common import FUNDS, PROCEDURE, PROJECT, UNIT
from qy_landing.services.context import Context
from qy_landing.store.types import Amount, exact_sum
from qy_landing.vocabulary import CHAINS, LEVELS, resolve

ZERO = Decimal("0.0000")


def _sum(column: Any) -> Any:
    """An exact sum of amounts, whatever the data (no 64-bit overflow on SQLite)."""
    return exact_sum(column, type_=Amount())


@dataclass(frozen=True)
class Figure:
    """A count of projects and their amount (亿元)."""

    key: str | None
    count: int
    amount: Decimal

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "count": self.count, "amount": str(self.amount)}


@dataclass
class Stats:
    start: date
    end: date
    unit: str | None
    signed: Figure
    by_event: list[Figure]
    by_chain: list[Figure]
    by_unit: list[Figure]
    handled: dict[str, int]
    started: int
    started_major: int
    started_amount: Decimal
    funds: Decimal
    funds_out_of_province: Decimal
    funds_in_province: Decimal
    notes: list[str] = field(default_factory=list)
    group_by: str = "landing"
    # a unit staff login's figures: its own unit's projects (services.users.ReadScope)
    limited_to: str | None = None
    # the same period a year earlier (29 February becomes 28 February), when compared
    previous: Stats | None = None

    def growth(self) -> dict[str, float | None]:
        """Year-on-year growth in % (two decimals) of the compared figures; None when the
        earlier period had nothing (a rate from 0 means nothing)."""
        if self.previous is None:
            return {}
        before = self.previous
        pairs: dict[str, tuple[Decimal | int, Decimal | int]] = {
            "signed_count": (self.signed.count, before.signed.count),
            "signed_amount": (self.signed.amount, before.signed.amount),
            "started": (self.started, before.started),
            "funds": (self.funds, before.funds),
            "funds_out_of_province": (self.funds_out_of_province, before.funds_out_of_province),
        }
        return {key: growth_rate(now, then) for key, (now, then) in pairs.items()}

    @property
    def handled_total(self) -> int:
        return sum(self.handled.values())

    def as_dict(self) -> dict[str, Any]:
        data = self._figures()
        if self.previous is not None:
            data["year_on_year"] = {
                "start": self.previous.start.isoformat(),
                "end": self.previous.end.isoformat(),
                "previous": self.previous._figures(),
                "growth_percent": self.growth(),
            }
        return data

    def _figures(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "unit": self.unit,
            "group_by": self.group_by,
            "limited_to": self.limited_to,
            "signed": {"count": self.signed.count, "amount": str(self.signed.amount)},
            "signed_by_event": [f.as_dict() for f in self.by_event],
            "signed_by_chain": [f.as_dict() for f in self.by_chain],
            "signed_by_unit": [f.as_dict() for f in self.by_unit],
            "procedures_handled": {**self.handled, "total": self.handled_total},
            "started": {
                "count": self.started,
                "major": self.started_major,
                "amount": str(self.started_amount),
            },
            "funds_in_place": {
                "total": str(self.funds),
                "out_of_province": str(self.funds_out_of_province),
                "in_province": str(self.funds_in_province),
            },
        }


def growth_rate(now: Decimal | int, then: Decimal | int) -> float | None:
    """``(now − then) ÷ then`` in %, rounded half up to two decimals; None when ``then`` is 0."""
    if not then:
        return None
    rate = (Decimal(now) - Decimal(then)) * 100 / Decimal(then)
    return float(rate.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def year_earlier(day: date) -> date:
    """The same day a year earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _amount(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(value).quantize(ZERO)


def compute_stats(
    ctx: Context,
    start: date | None = None,
    end: date | None = None,
    unit: str | None = None,
    *,
    compare: bool = True,
    group_by: str = "landing",
    as_recorded: bool = False,
) -> Stats:
    """The figures for ``start``–``end`` (default: 1 January of this year to today) and,
    with ``compare``, the same period a year earlier for the growth rates; from the state
    as of ``end`` (see :func:`qy_landing.services.snapshot.at`). ``group_by`` (``landing``
    or ``introducing``, either name in both languages) says which unit a project counts
    for.

    A unit staff login (row-level security) reads its own unit's projects only: without
    ``unit`` its figures are its unit's, and ``limited_to`` names the unit.
    """
    from qy_landing.services.snapshot import at
    from qy_landing.services.users import read_scope

    scope = read_scope(ctx)
    if scope is not None and unit is None and scope.unit is not None:
        unit = scope.unit
    group_by = resolve("group_by", group_by)
    end = end or ctx.today()
    start = start or date(end.year, 1, 1)
    if end < start:
        raise DateOrderError(Term("noun", "date"), end, Term("noun", "date"), start)
    ctx = at(ctx, end, as_recorded=as_recorded)
    with ctx.db.read() as session:
        unit_id = None
        unit_name = None
        if unit is not None:
            from qy_landing.services.units import find_unit

            found = find_unit(session, unit)
            unit_id, unit_name = found.id, found.name
        figures = _compute(session, start, end, unit_id, unit_name, group_by)
        if compare:
            figures.previous = _compute(
                session, year_earlier(start), year_earlier(end), unit_id, unit_name, group_by
            )
        if scope is not None:
            figures.limited_to = scope.unit or ""
        return figures


def _signed_by(
    session: Session, signed_in: ColumnElement[bool], owner: ColumnElement[Any]
) -> tuple[list[Figure], list[Figure], list[Figure]]:
    """The signed projects by signing event, by industry chain and by unit (``owner``)."""
    by_event = [
        Figure(key, int(n), _amount(a))
        for key, n, a in session.execute(
            select(PROJECT.c.signing_event, func.count(), _sum(PROJECT.c.amount))
            .where(signed_in)
            .group_by(PROJECT.c.signing_event)
        )
    ]
    by_event.sort(key=lambda f: (f.key is None, -f.amount, f.key or ""))
    chains = {
        key: (int(n), _amount(a))
        for key, n, a in session.execute(
            select(PROJECT.c.chain, func.count(), _sum(PROJECT.c.amount))
            .where(signed_in)
            .group_by(PROJECT.c.chain)
        )
    }
    by_chain = [Figure(c, *chains.get(c, (0, ZERO))) for c in CHAINS]
    by_chain += [Figure(c, *v) for c, v in sorted(chains.items()) if c not in CHAINS]
    by_unit = [
        Figure(name, int(n), _amount(a))
        for _id, name, n, a in session.execute(
            select(UNIT.c.id, UNIT.c.name, func.count(), _sum(PROJECT.c.amount))
            .select_from(PROJECT)
            .join(UNIT, UNIT.c.id == owner)
            .where(signed_in)
            .group_by(UNIT.c.id, UNIT.c.name)
            .order_by(UNIT.c.id)
        )
    ]
    return by_event, by_chain, by_unit


def _compute(
    session: Session,
    start: date,
    end: date,
    unit_id: int | None,
    unit_name: str | None,
    group_by: str = "landing",
) -> Stats:
    """The headline figures of ``start``–``end`` (one unit's when ``unit_id`` is given);
    ``group_by`` says which unit a project counts for."""
    from qy_landing.reports.common import owner_column

    owner = owner_column(group_by)
    in_unit = owner == unit_id if unit_id is not None else true()
    signed_in = and_(PROJECT.c.signed_on >= start, PROJECT.c.signed_on <= end, in_unit)
    count, amount = session.execute(
        select(func.count(), _sum(PROJECT.c.amount)).where(signed_in)
    ).one()
    by_event, by_chain, by_unit = _signed_by(session, signed_in, owner)
    handled_rows = session.execute(
        select(PROCEDURE.c.level, func.count())
        .join(PROJECT, PROJECT.c.id == PROCEDURE.c.project_id)
        .where(
            PROCEDURE.c.status == "approved",
            PROCEDURE.c.approved_on >= start,
            PROCEDURE.c.approved_on <= end,
            in_unit,
        )
        .group_by(PROCEDURE.c.level)
    ).all()
    handled = dict.fromkeys(LEVELS, 0)
    handled.update({level: int(n) for level, n in handled_rows})
    started, major, started_amount = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((PROJECT.c.major.is_(True), 1), else_=0)), 0),
            _sum(PROJECT.c.amount),
        ).where(PROJECT.c.started_on >= start, PROJECT.c.started_on <= end, in_unit)
    ).one()
    funds = {
        bool(out): _amount(total)
        for out, total in session.execute(
            select(FUNDS.c.out_of_province, _sum(FUNDS.c.amount))
            .join(PROJECT, PROJECT.c.id == FUNDS.c.project_id)
            .where(FUNDS.c.received_on >= start, FUNDS.c.received_on <= end, in_unit)
            .group_by(FUNDS.c.out_of_province)
        )
    }
    out_of_province = funds.get(True, ZERO)
    in_province = funds.get(False, ZERO)
    return Stats(
        start=start,
        end=end,
        unit=unit_name,
        signed=Figure(None, int(count), _amount(amount)),
        by_event=by_event,
        by_chain=by_chain,
        by_unit=by_unit,
        handled=handled,
        started=int(started),
        started_major=int(major),
        started_amount=_amount(started_amount),
        funds=out_of_province + in_province,
        funds_out_of_province=out_of_province,
        funds_in_province=in_province,
        group_by=group_by,
    )
