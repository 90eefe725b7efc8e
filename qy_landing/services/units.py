"""Responsible units (责任单位): counties/districts, parks, departments, enterprises, offices."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from qy_landing.codes import SEED_UNITS
from qy_landing.config import UnitKind
from qy_landing.errors import (
    ChoiceError,
    DuplicateError,
    InvalidValueError,
    Msg,
    NotFoundError,
    Term,
)
from qy_landing.services.context import Context
from qy_landing.store.models import Event, Unit
from qy_landing.vocabulary import UNIT_KINDS


def find_unit(session: Session, name_or_code: str) -> Unit:
    """A unit by its Chinese name, English name or code; the error lists the known units."""
    wanted = name_or_code.strip()
    units = session.execute(select(Unit).order_by(col(Unit.id))).scalars().all()
    for unit in units:
        if wanted in (unit.name, unit.code) or (
            unit.name_en and wanted.casefold() == unit.name_en.casefold()
        ):
            return unit
    # A unit typed without its suffix (环 → 环县, 西峰 → 西峰区) when that is unambiguous.
    partial = [u for u in units if wanted and u.name.startswith(wanted)]
    if len(partial) == 1:
        return partial[0]
    raise NotFoundError("unit", wanted, [u.name for u in units])


def seed_units(session: Session) -> int:
    """Add the seed units that are missing; returns how many were added."""
    existing = set(session.execute(select(col(Unit.name))).scalars())
    added = 0
    for seed in SEED_UNITS:
        if seed.name not in existing:
            session.add(Unit(name=seed.name, name_en=seed.name_en, code=seed.code, kind=seed.kind))
            added += 1
    return added


def unit_kinds(extra: Sequence[UnitKind] | None = None) -> list[UnitKind]:
    """Every kind of unit: the built-in ones, then those ``[units.kinds]`` adds."""
    from qy_landing import i18n
    from qy_landing.config import load_config

    if extra is None:
        extra = load_config().unit_kinds
    builtin = [
        UnitKind(k, i18n.term("unit_kind", k, "zh"), i18n.term("unit_kind", k, "en"))
        for k in UNIT_KINDS
    ]
    return builtin + list(extra)


def resolve_kind(value: str, kinds: Sequence[UnitKind]) -> str:
    """The key of a kind of unit typed as its key or either name; the error lists them."""
    wanted = value.strip()
    folded = wanted.casefold().replace("-", "_").replace(" ", "_")
    for kind in kinds:
        names = (kind.key, kind.zh, kind.en)
        if wanted in names or folded in {n.casefold().replace(" ", "_") for n in names}:
            return kind.key
    allowed = [
        Term("unit_kind", k.key) if k.key in UNIT_KINDS else f"{k.key} ({k.zh})" for k in kinds
    ]
    raise ChoiceError("unit_kind", value, allowed)


def add_unit(
    ctx: Context,
    name: str,
    *,
    code: str | None = None,
    kind: str = "department",
    name_en: str | None = None,
    kinds: Sequence[UnitKind] | None = None,
) -> Unit:
    """Add a unit of any kind (built-in or added in ``[units.kinds]``)."""
    from qy_landing.checks import clean_name, clean_optional_name, column_limit

    kind = resolve_kind(kind, unit_kinds(kinds))
    name = clean_name(name, "name", column_limit(Unit, "name"))
    code = clean_optional_name(code, "unit_code", column_limit(Unit, "code"))
    name_en = clean_optional_name(name_en, "name", column_limit(Unit, "name_en"))
    if not name:
        raise InvalidValueError("name", name, Msg("expect.text"))
    with ctx.db.write() as session:
        same = col(Unit.name) == name
        if code:
            same = same | (col(Unit.code) == code)
        clash = session.execute(select(Unit).where(same)).scalars().first()
        if clash is not None:
            raise DuplicateError("unit", name if clash.name == name else str(code))
        unit = Unit(name=name, code=code or None, kind=kind, name_en=name_en)
        session.add(unit)
        session.flush()
        session.add(
            Event(
                entity="unit",
                entity_id=unit.id,
                action="create",
                new=name,
                actor=ctx.actor,
                recorded_at=ctx.clock.now(),
                effective_on=ctx.today(),
            )
        )
    return unit


def list_units(ctx: Context) -> list[Unit]:
    with ctx.db.read() as session:
        return list(session.execute(select(Unit).order_by(col(Unit.id))).scalars())
