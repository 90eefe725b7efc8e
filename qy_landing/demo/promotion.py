"""The investment-promotion system of the demo: every unit that carries targets, who
introduced each project (引进单位), yearly targets, and a busy October.

Read from ``data/promotion.yaml``. Every draw here uses its own random stream derived from
the seed, so the rest of the plan (and so every headline figure) is what it was without
them. Targets are set from what each unit does by the report's date, times a factor, so
completion rates spread from well below to above 100 %.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources
from random import Random
from typing import Any

from qy_landing.demo.draw import Days, weighted
from qy_landing.demo.model import LAST_DAY, PlannedProject
from qy_landing.demo.world import DATA_FOLDER, DATA_PACKAGE, World, _Doc, _load_yaml

KINDS = ("department", "enterprise", "office")
CODE_LETTER = {"department": "D", "enterprise": "E", "office": "O"}


@dataclass(frozen=True)
class PromotionUnit:
    name: str
    kind: str
    code: str


@dataclass(frozen=True)
class Promotion:
    """What promotion.yaml says, with the units completed to their counts."""

    units: tuple[PromotionUnit, ...]  # added after the city units of units.yaml
    introduced_share: float
    introducers: tuple[tuple[str, int], ...]
    pools: dict[str, tuple[str, ...]]  # kind -> the units that introduce projects
    factor: tuple[float, float]
    idle: dict[str, int]


def load_promotion(world: World) -> Promotion:
    folder = resources.files(DATA_PACKAGE) / DATA_FOLDER
    doc = _Doc("promotion.yaml", _load_yaml("promotion.yaml", folder))
    counts = doc.mapping("counts", int)
    listed = {
        "department": doc.list("departments"),
        "enterprise": doc.list("enterprises"),
        "office": doc.list("offices"),
    }
    generated = doc.mapping("generated")
    taken = {u.name for u in world.city_units}
    units: list[PromotionUnit] = []
    by_kind: dict[str, list[str]] = {}
    for kind in KINDS:
        # the offices that supervise or land projects do not bring any in
        names = [
            u.name
            for u in world.city_units
            if u.kind == kind and u.role not in ("supervisor", "landing_office")
        ]
        numbers = [u.code for u in world.city_units if u.kind == kind]
        added = [n for n in listed[kind] if n not in taken]
        n = 1
        while len(numbers) + len(added) < counts[kind]:
            candidate = generated[kind].format(n=n)
            n += 1
            if candidate not in taken and candidate not in added:
                added.append(candidate)
        added = added[: max(0, counts[kind] - len(numbers))]
        for index, name in enumerate(added, start=len(numbers) + 1):
            units.append(PromotionUnit(name, kind, f"QY-{CODE_LETTER[kind]}{index}"))
        by_kind[kind] = names + added
    pool_sizes = doc.mapping("introducer_pool", int)
    low, high = doc.list("target_factor", float)
    return Promotion(
        units=tuple(units),
        introduced_share=float(doc.get("introduced_share", float)),
        introducers=tuple(doc.mapping("introducers", int).items()),
        pools={k: tuple(by_kind[k][: pool_sizes[k]]) for k in KINDS},
        factor=(low, high),
        idle=doc.mapping("idle_with_target", int),
    )


def plan_introducers(
    seed: int, world: World, promotion: Promotion, projects: Iterable[PlannedProject]
) -> None:
    """Name another introducing unit for a share of the projects (else the landing unit)."""
    rng = Random(f"{seed}:introducers")
    centre = world.unit("centre")
    for p in projects:
        if rng.random() >= promotion.introduced_share:
            continue
        if p.signing_event == world.fair and rng.random() < 0.6:
            p.introduced_by = centre
            continue
        kind = weighted(rng, promotion.introducers)
        p.introduced_by = rng.choice(promotion.pools[kind])


def busy_october(seed: int, days: Days, projects: Iterable[PlannedProject]) -> None:
    """Move the histories of some projects in progress later, so that their last approvals
    fall in the report's last month. Order, levels and years are kept: the figures hold."""
    rng = Random(f"{seed}:october")
    last = days.add(LAST_DAY, -1)
    for p in projects:
        if p.cohort not in ("fair", "y2026") or p.fate != "progress":
            continue
        moves = [m for ms in p.moves.values() for m in ms]
        if not any(m.status == "approved" for m in moves):
            continue
        room = days.between(max(m.on for m in moves), last)
        if room < 8 or rng.random() >= 0.5:
            continue
        shift = room - rng.randint(0, 6)
        for move in moves:
            move.on = days.add(move.on, shift)


def plan_targets(
    seed: int,
    world: World,
    promotion: Promotion,
    projects: Iterable[PlannedProject],
    as_of: date,
) -> list[tuple[str, str, Decimal]]:
    """The yearly targets of ``as_of``'s year: (unit, indicator, value)."""
    rng = Random(f"{seed}:targets")
    year = as_of.year
    kinds = dict.fromkeys(world.counties, "county")
    kinds.update(dict.fromkeys(world.parks, "park"))
    kinds.update({u.name: u.kind for u in world.city_units})
    kinds.update({u.name: u.kind for u in promotion.units})
    done: dict[str, dict[str, Decimal]] = {}

    def add(unit: str, key: str, value: Any) -> None:
        entry = done.setdefault(unit, dict.fromkeys(INDICATORS, Decimal(0)))
        entry[key] += Decimal(value)

    for p in projects:
        # a county or park counts what lands there; the others what they introduced
        for unit in (p.unit, *([p.introduced_by] if p.introduced_by else [])):
            if date(year, 1, 1) <= p.signed_on <= as_of:
                add(unit, "signed_count", 1)
                add(unit, "signed_amount", p.amount)
            if p.start_on is not None and date(year, 1, 1) <= p.start_on <= as_of:
                add(unit, "started_count", 1)
            for record in p.funds:
                if record.out_of_province and date(year, 1, 1) <= record.on <= as_of:
                    add(unit, "funds_out", record.amount)
    targets: list[tuple[str, str, Decimal]] = []
    low, high = promotion.factor
    for unit in sorted(done, key=lambda u: list(kinds).index(u)):
        for key in INDICATORS:
            if key != "signed_count" and not done[unit][key]:
                continue  # nothing started or received: no target for it either
            value = done[unit][key] * Decimal(str(round(rng.uniform(low, high), 2)))
            if key in ("signed_count", "started_count"):
                value = Decimal(max(1, math.ceil(value)))
            else:
                value = max(Decimal("1"), value.quantize(Decimal("0.01"), ROUND_HALF_UP))
            targets.append((unit, key, value))
    for kind, count in promotion.idle.items():
        idle = [u.name for u in promotion.units if u.kind == kind and u.name not in done]
        for unit in idle[:count]:
            targets.append((unit, "signed_count", Decimal(rng.randint(2, 5))))
            targets.append((unit, "funds_out", Decimal(rng.randint(3, 12))))
    return targets


INDICATORS = ("signed_count", "signed_amount", "started_count", "funds_out")
