"""Importing units from a sheet (xlsx/CSV): every kind at once, all or nothing.

Apart from :mod:`qy_landing.services.units` because reading a sheet uses the ledger's file
rules, and the ledger's import path leads back to the units (no circle).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from qy_landing.config import UnitKind
from qy_landing.services.context import Context
from qy_landing.services.units import resolve_kind, unit_kinds
from qy_landing.store.models import Event, Unit

# Headers of a unit sheet.
UNIT_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("单位名称", "单位", "名称", "name", "unit"),
    "kind": ("单位类别", "类别", "单位类型", "kind", "type"),
    "code": ("单位代码", "代码", "编码", "code"),
    "name_en": ("英文名称", "英文名", "name en", "english name"),
}


@dataclass
class UnitImport:
    """What a unit import did (or, in a dry run, would do)."""

    file: str
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dry_run: bool = False


class _DryRun(Exception):
    pass


def import_units(
    ctx: Context,
    path: Path | str,
    *,
    dry_run: bool = False,
    kinds: Sequence[UnitKind] | None = None,
) -> UnitImport:
    """Add (or update the kind, code, English name of) the units a sheet lists.

    All or nothing: an empty name or kind, an unknown kind, a name or code twice in the
    file, a code another unit already has are each reported with the file's row number
    (:class:`~qy_landing.errors.ImportRejectedError`) and nothing is written.
    """
    from qy_landing.errors import ChoiceError, ImportRejectedError, Msg, RowProblem
    from qy_landing.office_tables import cell_text, read_office_table

    known_kinds = unit_kinds(kinds)
    table = read_office_table(path, UNIT_HEADERS, required=("name", "kind"))
    result = UnitImport(table.file, dry_run=dry_run)
    problems: list[RowProblem] = []
    names: dict[str, int] = {}
    codes: dict[str, int] = {}
    planned: list[tuple[str, str, str | None, str | None]] = []
    for row in table.rows:
        result.rows += 1
        name = cell_text(row.cells.get("name"))
        kind_text = cell_text(row.cells.get("kind"))
        code = cell_text(row.cells.get("code")) or None
        name_en = cell_text(row.cells.get("name_en")) or None
        if not name:
            problems.append(RowProblem(row.number, table.headers["name"], Msg("row.missing")))
        elif name in names:
            problems.append(
                RowProblem(
                    row.number, table.headers["name"], Msg("row.same_unit", other=names[name])
                )
            )
        else:
            names[name] = row.number
        kind = ""
        if not kind_text:
            problems.append(RowProblem(row.number, table.headers["kind"], Msg("row.missing")))
        else:
            try:
                kind = resolve_kind(kind_text, known_kinds)
            except ChoiceError as exc:
                problems.append(
                    RowProblem(row.number, table.headers["kind"], Msg(exc.key, **exc.fields), exc)
                )
        if code:
            if code in codes:
                problems.append(
                    RowProblem(
                        row.number, table.headers["code"], Msg("row.same_code", other=codes[code])
                    )
                )
            else:
                codes[code] = row.number
        planned.append((name, kind, code, name_en))
    try:
        with ctx.db.write() as session:
            existing = {u.name: u for u in session.execute(select(Unit)).scalars()}
            by_code = {u.code: u for u in existing.values() if u.code}
            for row, (name, _kind, code, _en) in zip(table.rows, planned, strict=True):
                holder = by_code.get(code) if code else None
                if holder is not None and holder.name != name:
                    problems.append(
                        RowProblem(
                            row.number,
                            table.headers["code"],
                            Msg("row.code_taken", code=code, unit=holder.name),
                        )
                    )
            if problems:
                problems.sort(key=lambda p: p.row)
                raise ImportRejectedError(table.file, problems)
            now, today = ctx.clock.now(), ctx.today()
            for name, kind, code, name_en in planned:
                unit = existing.get(name)
                if unit is None:
                    unit = Unit(name=name, kind=kind, code=code, name_en=name_en)
                    session.add(unit)
                    session.flush()
                    result.created.append(name)
                    action, old, new = "create", None, name
                else:
                    changes = {
                        k: v
                        for k, v in (("kind", kind), ("code", code), ("name_en", name_en))
                        if v is not None and getattr(unit, k) != v
                    }
                    if not changes:
                        result.unchanged.append(name)
                        continue
                    old = ", ".join(f"{k}={getattr(unit, k)}" for k in changes)
                    for k, v in changes.items():
                        setattr(unit, k, v)
                    result.updated.append(name)
                    action, new = "update", ", ".join(f"{k}={v}" for k, v in changes.items())
                session.add(
                    Event(
                        entity="unit",
                        entity_id=unit.id,
                        action=action,
                        old=old,
                        new=new,
                        actor=ctx.actor,
                        recorded_at=now,
                        effective_on=today,
                        note="import",
                    )
                )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result
