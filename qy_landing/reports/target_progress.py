"""Progress against the yearly targets, per unit (目标任务完成情况).

For year ``Y`` as of ``D`` (1 January to ``D``), a unit has done:

``signed_count`` / ``signed_amount``  projects signed in the period and their amount (亿元)
``started_count``  projects with ``started_on`` in the period
``funds_out``      out-of-province funds in place received in the period (亿元)

A project counts for its *landing* unit on the boards of counties and parks and for its
*introducing* unit (the landing unit when none was named) on the boards of departments,
enterprises and offices — each board says which (``attribute`` in ``[redblack.boards]``).
An indicator the office added carries its own reported ``done``. The rate is done ÷
target; the rank is the competition rank (1, 1, 3) of the unit's mean rate (each rate
capped at 100 %) among the units of the same board that have targets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from qy_landing.config import RedBlackConfig
from qy_landing.reports.common import FUNDS, PROJECT, UNIT, owner_column
from qy_landing.services.context import Context
from qy_landing.services.targets import INDICATORS, targets_by_unit

ZERO = Decimal("0.0000")


def measured(
    session: Session, start: date, end: date, attribute: str
) -> dict[int, dict[str, Decimal]]:
    """Per owning unit: the built-in indicators done between ``start`` and ``end``."""
    owner = owner_column(attribute).label("owner")
    done: dict[int, dict[str, Decimal]] = {}

    def put(unit_id: int, key: str, value: Any) -> None:
        done.setdefault(unit_id, dict.fromkeys(INDICATORS, ZERO))[key] = (
            ZERO if value is None else Decimal(value).quantize(ZERO)
        )

    for unit_id, count, amount in session.execute(
        select(owner, func.count(), func.sum(PROJECT.c.amount))
        .where(PROJECT.c.signed_on >= start, PROJECT.c.signed_on <= end)
        .group_by(owner)
    ):
        put(unit_id, "signed_count", count)
        put(unit_id, "signed_amount", amount)
    for unit_id, count in session.execute(
        select(owner, func.count())
        .where(PROJECT.c.started_on >= start, PROJECT.c.started_on <= end)
        .group_by(owner)
    ):
        put(unit_id, "started_count", count)
    for unit_id, amount in session.execute(
        select(owner, func.sum(FUNDS.c.amount))
        .select_from(FUNDS)
        .join(PROJECT, PROJECT.c.id == FUNDS.c.project_id)
        .where(
            and_(
                FUNDS.c.received_on >= start,
                FUNDS.c.received_on <= end,
                FUNDS.c.out_of_province.is_(True),
            )
        )
        .group_by(owner)
    ):
        put(unit_id, "funds_out", amount)
    return done


@dataclass(frozen=True)
class TargetLine:
    """One indicator of one unit: target, done, rate (None without a target above 0)."""

    indicator: str
    target: Decimal
    done: Decimal

    @property
    def rate(self) -> float | None:
        return float(self.done / self.target) if self.target > 0 else None

    def as_dict(self) -> dict[str, Any]:
        rate = self.rate
        return {
            "indicator": self.indicator,
            "target": str(self.target.normalize()),
            "done": str(self.done.normalize()),
            "rate": None if rate is None else round(100 * rate, 1),
        }


@dataclass
class UnitTargetProgress:
    """A unit's targets of the year with what it has done, and its rank on its board."""

    unit: str
    unit_id: int
    kind: str
    board: str
    lines: list[TargetLine] = field(default_factory=list)
    rank: int = 0

    def line(self, indicator: str) -> TargetLine | None:
        return next((t for t in self.lines if t.indicator == indicator), None)

    def completion(self, exclude: Iterable[str] = ()) -> float | None:
        """The mean rate of the unit's targets, each capped at 100 %; None without targets."""
        skip = set(exclude)
        rates = [
            min(r, 1.0) for t in self.lines if t.indicator not in skip and (r := t.rate) is not None
        ]
        return sum(rates) / len(rates) if rates else None

    def as_dict(self) -> dict[str, Any]:
        completion = self.completion()
        return {
            "unit": self.unit,
            "kind": self.kind,
            "board": self.board,
            "rank": self.rank or None,
            "completion": None if completion is None else round(100 * completion, 1),
            "targets": [t.as_dict() for t in self.lines],
        }


@dataclass
class TargetProgress:
    year: int
    as_of: date
    units: list[UnitTargetProgress]
    # a unit staff login's table: its own unit only, unranked (services.users.ReadScope)
    limited_to: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "units": [u.as_dict() for u in self.units],
            "limited_to": self.limited_to,
        }


def unit_progress(
    session: Session, as_of: date, config: RedBlackConfig, *, only_with_targets: bool = True
) -> list[UnitTargetProgress]:
    """Every unit's progress against its targets of ``as_of``'s year, ranked per board."""
    start = date(as_of.year, 1, 1)
    targets = targets_by_unit(session, as_of.year)
    done_by = {a: measured(session, start, as_of, a) for a in ("landing", "introducing")}
    result: list[UnitTargetProgress] = []
    for unit_id, name, kind in session.execute(
        select(UNIT.c.id, UNIT.c.name, UNIT.c.kind).order_by(UNIT.c.id)
    ):
        own = targets.get(unit_id, {})
        if only_with_targets and not own:
            continue
        board = config.board_for(kind)
        done = done_by[board.attribute].get(unit_id, {})
        lines = []
        ordered = [k for k in INDICATORS if k in own] + sorted(
            k for k in own if k not in INDICATORS
        )
        for key in ordered:
            target, reported = own[key]
            value = done.get(key, ZERO) if key in INDICATORS else (reported or ZERO)
            lines.append(TargetLine(key, target, value))
        result.append(UnitTargetProgress(name, unit_id, kind, board.key, lines))
    for board_key in {p.board for p in result}:
        members = [p for p in result if p.board == board_key and p.completion() is not None]
        rank_by(members, lambda p: round(p.completion() or 0.0, 4))
    return result


def rank_by(items: list[Any], value: Any) -> None:
    """Competition ranks (1, 1, 3) by ``value(item)``, highest first; sets ``item.rank``."""
    values = [value(i) for i in items]
    for item, own in zip(items, values, strict=True):
        item.rank = 1 + sum(1 for other in values if other > own)


def target_progress(
    ctx: Context, as_of: date | None = None, config: RedBlackConfig | None = None
) -> TargetProgress:
    """The progress table of ``as_of``'s year (default today): units with targets only.

    A unit staff login (row-level security) gets its own unit's row, unranked.
    """
    from qy_landing.config import load_config
    from qy_landing.services.users import read_scope

    as_of = as_of or ctx.today()
    config = config or load_config().redblack
    scope = read_scope(ctx)
    with ctx.db.read() as session:
        units = unit_progress(session, as_of, config)
    if scope is None:
        return TargetProgress(as_of.year, as_of, units)
    own = [u for u in units if u.unit_id == scope.unit_id]
    for unit in own:
        unit.rank = 0
    return TargetProgress(as_of.year, as_of, own, limited_to=scope.unit or "")
