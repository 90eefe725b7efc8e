"""Yearly targets per unit (年度目标任务): entered one by one or imported from the city's sheet.

A target is (unit, year, indicator, value). The built-in indicators are measured from the
projects (:mod:`qy_landing.reports.target_progress`); an indicator the office adds (走访企业,
招商推介活动 …) has no data behind it, so its progress (``done``) is reported with the
target. Every change is one transaction with an audit event (entity ``target``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from qy_landing.errors import (
    ImportRejectedError,
    InvalidValueError,
    LandingError,
    Msg,
    RowProblem,
)
from qy_landing.services.context import Context
from qy_landing.services.units import find_unit
from qy_landing.store.models import Event, Unit, UnitTarget

# Measured from the projects: counts and amounts (亿元).
INDICATORS = ("signed_count", "signed_amount", "started_count", "funds_out")
COUNT_INDICATORS = frozenset({"signed_count", "started_count"})
FIRST_YEAR, LAST_YEAR = 2000, 2100

# Headers of the city's target sheet for each built-in indicator.
HEADERS: dict[str, tuple[str, ...]] = {
    "unit": ("单位", "单位名称", "责任单位", "县区", "unit"),
    "year": ("年度", "年份", "year"),
    "signed_count": (
        "签约项目(个)",
        "签约项目",
        "签约项目数",
        "新签约项目(个)",
        "新签约项目",
        "signed projects",
        "signed count",
    ),
    "signed_amount": (
        "签约金额(亿元)",
        "签约金额",
        "签约资金(亿元)",
        "签约资金",
        "协议投资额(亿元)",
        "signed amount",
    ),
    "started_count": (
        "开工项目(个)",
        "开工项目",
        "开工项目数",
        "新开工项目(个)",
        "新开工项目",
        "started projects",
        "started count",
    ),
    "funds_out": (
        "省外到位资金(亿元)",
        "省外到位资金",
        "到位资金(亿元)",
        "到位资金",
        "out-of-province funds",
        "funds in place",
        "funds out",
    ),
}
# Columns of the sheet that are not indicators.
NOT_INDICATORS = frozenset(
    {"序号", "no", "no.", "编号", "备注", "note", "notes", "单位类别", "类别", "kind", "说明"}
)


def indicator_key(name: str) -> str:
    """The key of a built-in indicator (by key, Chinese or English name or sheet header),
    else the office's own indicator name as written."""
    from qy_landing import i18n
    from qy_landing.ledger import normalise_header

    wanted = name.strip()
    folded = normalise_header(wanted)
    for key in INDICATORS:
        names = (key, *HEADERS[key], *(i18n.term("indicator", key, lang) for lang in i18n.LANGS))
        if folded in {normalise_header(n) for n in names}:
            return key
    return wanted


def _value(indicator: str, raw: object, what: str = "target") -> Decimal:
    """A target or progress value: not negative (亿元 as a ledger reads them); counts are
    whole numbers."""
    from qy_landing.parsing import parse_amount

    value = parse_amount(raw, what)
    if indicator in COUNT_INDICATORS and value != value.to_integral_value():
        raise InvalidValueError(what, raw, Msg("expect.whole_number"))
    return value


def _year(raw: object) -> int:
    text = str(raw).strip().removesuffix("年")
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise InvalidValueError("year", raw, Msg("expect.year"))
    return int(text)


@dataclass(frozen=True)
class TargetRecord:
    """A target as read back: the unit's name, the indicator, target and reported done."""

    unit: str
    kind: str
    year: int
    indicator: str
    value: Decimal
    done: Decimal | None = None


def set_target(
    ctx: Context,
    unit: str,
    indicator: str,
    value: object,
    *,
    year: int | None = None,
    done: object | None = None,
) -> TargetRecord:
    """Set (or change) one yearly target; ``done`` only for the office's own indicators."""
    year = _year(year if year is not None else ctx.today().year)
    key = indicator_key(indicator)
    if not key:
        raise InvalidValueError("indicator", indicator, Msg("expect.text"))
    amount = _value(key, value)
    progress = None
    if done is not None:
        if key in INDICATORS:
            raise InvalidValueError("done", done, Msg("expect.own_indicator_only"))
        progress = _value(key, done, "done")
    with ctx.db.write() as session:
        found = find_unit(session, unit)
        _upsert(ctx, session, found, year, key, amount, progress)
        return TargetRecord(found.name, found.kind, year, key, amount, progress)


def _upsert(
    ctx: Context,
    session: Session,
    unit: Unit,
    year: int,
    key: str,
    value: Decimal,
    done: Decimal | None,
) -> str:
    """Insert or update one target row with its audit event; 'created'/'updated'/'unchanged'."""
    row = session.execute(
        select(UnitTarget).where(
            col(UnitTarget.unit_id) == unit.id,
            col(UnitTarget.year) == year,
            col(UnitTarget.indicator) == key,
        )
    ).scalar_one_or_none()
    today = ctx.today()
    if row is None:
        old = None
        assert unit.id is not None
        row = UnitTarget(
            unit_id=unit.id, year=year, indicator=key, value=value, done=done, updated_on=today
        )
        session.add(row)
        outcome = "created"
    else:
        if row.value == value and (done is None or row.done == done):
            return "unchanged"
        old = f"{row.value}" + ("" if row.done is None else f" / {row.done}")
        row.value = value
        if done is not None:
            row.done = done
        row.updated_on = today
        outcome = "updated"
    session.flush()
    session.add(
        Event(
            entity="target",
            entity_id=row.id,
            action="target",
            field=f"{year}:{key}",
            old=old,
            new=f"{value}" + ("" if row.done is None else f" / {row.done}"),
            actor=ctx.actor,
            recorded_at=ctx.clock.now(),
            effective_on=today,
            note=unit.name,
        )
    )
    return outcome


def list_targets(
    ctx: Context, year: int | None = None, unit: str | None = None
) -> list[TargetRecord]:
    """The targets of ``year`` (default this year), unit by unit."""
    year = year or ctx.today().year
    with ctx.db.read() as session:
        query = (
            select(col(Unit.name), col(Unit.kind), UnitTarget)
            .join(Unit, col(Unit.id) == col(UnitTarget.unit_id))
            .where(col(UnitTarget.year) == year)
            .order_by(col(Unit.id), col(UnitTarget.id))
        )
        if unit:
            query = query.where(col(Unit.id) == find_unit(session, unit).id)
        return [
            TargetRecord(name, kind, t.year, t.indicator, t.value, t.done)
            for name, kind, t in session.execute(query)
        ]


@dataclass
class TargetImport:
    """What a target import did (or, in a dry run, would do)."""

    file: str
    year: int | None
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    indicators: list[str] = field(default_factory=list)
    dry_run: bool = False


class _DryRun(Exception):
    pass


def import_targets(
    ctx: Context, path: Path | str, *, year: int | None = None, dry_run: bool = False
) -> TargetImport:
    """Import the city's target sheet: one row per unit, one column per indicator.

    A 年度 column, else ``year``, else this year. Columns other than the unit, the year and
    a few known non-indicators (序号, 备注 …) are the office's own indicators. All or
    nothing: every bad cell is reported in :class:`ImportRejectedError` and nothing is written.
    """
    from qy_landing.office_tables import read_office_table

    table = read_office_table(path, HEADERS, required=("unit",))
    default_year = _year(year) if year is not None else ctx.today().year
    own = [h for h in table.extra_headers if h.strip().casefold() not in NOT_INDICATORS]
    indicators = [k for k in INDICATORS if k in table.headers] + own
    result = TargetImport(table.file, default_year, dry_run=dry_run, indicators=indicators)
    problems: list[RowProblem] = []
    planned: list[tuple[int, Unit, int, str, Decimal]] = []
    seen: dict[tuple[int, int, str], int] = {}

    def problem(row: int, column: str, exc: LandingError) -> None:
        problems.append(RowProblem(row, column, Msg(exc.key, **exc.fields), exc))

    try:
        with ctx.db.write() as session:
            units: dict[str, Unit] = {}
            for row in table.rows:
                result.rows += 1
                name = row.cells.get("unit")
                unit_header = table.headers["unit"]
                if name is None:
                    problems.append(RowProblem(row.number, unit_header, Msg("row.missing")))
                    continue
                unit = units.get(str(name))
                if unit is None:
                    try:
                        unit = units[str(name)] = find_unit(session, str(name))
                    except LandingError as exc:
                        problem(row.number, unit_header, exc)
                        continue
                row_year = default_year
                if row.cells.get("year") is not None:
                    try:
                        row_year = _year(row.cells["year"])
                    except LandingError as exc:
                        problem(row.number, table.headers["year"], exc)
                        continue
                values: list[tuple[str, str, object]] = [
                    (k, table.headers[k], row.cells.get(k))
                    for k in INDICATORS
                    if k in table.headers
                ]
                values += [(h, h, row.extra.get(h)) for h in own]
                for key, header, raw in values:
                    if raw is None:
                        continue
                    try:
                        amount = _value(key, raw)
                    except LandingError as exc:
                        problem(row.number, header, exc)
                        continue
                    assert unit.id is not None
                    other = seen.get((unit.id, row_year, key))
                    if other is not None:
                        problems.append(
                            RowProblem(row.number, unit_header, Msg("row.same_target", other=other))
                        )
                        continue
                    seen[(unit.id, row_year, key)] = row.number
                    planned.append((row.number, unit, row_year, key, amount))
            if problems:
                raise ImportRejectedError(table.file, problems)
            for _number, unit, row_year, key, amount in planned:
                outcome = _upsert(ctx, session, unit, row_year, key, amount, None)
                setattr(result, outcome, getattr(result, outcome) + 1)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def targets_by_unit(
    session: Session, year: int, unit_ids: Iterable[int] | None = None
) -> dict[int, dict[str, tuple[Decimal, Decimal | None]]]:
    """Per unit id: indicator -> (target, reported done) of ``year``."""
    query = select(UnitTarget).where(col(UnitTarget.year) == year)
    if unit_ids is not None:
        query = query.where(col(UnitTarget.unit_id).in_(list(unit_ids)))
    found: dict[int, dict[str, tuple[Decimal, Decimal | None]]] = {}
    for target in session.execute(query).scalars():
        found.setdefault(target.unit_id, {})[target.indicator] = (target.value, target.done)
    return found
