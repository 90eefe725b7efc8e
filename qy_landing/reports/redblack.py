"""The red/black list (红黑榜): responsible units ranked every month by a documented score.

For month ``M`` the figures are taken as of ``D`` = the last day of ``M`` (or today, if
``M`` is the current month). Per unit:

``landing``  share of the projects signed from 1 January to ``D`` that have started by ``D``
``on_time``  share of the procedures approved in ``M`` (up to ``D``) approved on or before
             their due date (``approved_on <= due_on``)
``overdue``  share of the running procedures (submitted/accepted) of the unit's active
             projects that are past due on ``D``  — counts against the unit
``stalled``  share of the unit's active projects that are stuck on ``D`` (see
             :mod:`qy_landing.reports.stuck`) — counts against the unit
``kept``     kept-promise rate: share of the commitments (承诺事项) of the unit's projects
             falling due in ``M`` before ``D`` (not withdrawn) that were done by their due
             date. Weight 0 by default: shown, not scored, unless the office weighs it

    score = 100 × Σ wᵢ·goodᵢ / Σ wᵢ     with good = landing, on_time, 1 − overdue, 1 − stalled,
                                          kept

summed over the components the unit has data for (a unit that approved nothing this
month is scored on the other three). Shares, not counts, so that a county with 80
projects and a park with 8 compare fairly. Weights, list length and the minimum size of
a ranked unit come from ``[redblack]`` in ``qy-landing.toml`` (see docs/reports.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, select

from qy_landing.config import COMPONENTS, RedBlackConfig, load_config
from qy_landing.reports.common import (
    PROCEDURE,
    PROJECT,
    UNIT,
    month_bounds,
    unit_loads,
)
from qy_landing.services.context import Context
from qy_landing.services.definitions import StoredDefinitions
from qy_landing.store.models import Commitment


@dataclass
class UnitScore:
    """One unit's figures, shares and score for the month."""

    unit: str
    unit_id: int
    signed: int = 0
    started: int = 0
    approved: int = 0
    on_time: int = 0
    running: int = 0
    overdue: int = 0
    active: int = 0
    stalled: int = 0
    promised: int = 0  # commitments due in the month (before the as-of day), not withdrawn
    kept: int = 0  # of which done by their due date
    score: float = 0.0
    rank: int = 0
    shares: dict[str, float | None] = field(default_factory=dict)

    def compute(self, weights: Mapping[str, float]) -> None:
        self.shares = {
            "landing": self.started / self.signed if self.signed else None,
            "on_time": self.on_time / self.approved if self.approved else None,
            "overdue": self.overdue / self.running if self.running else 0.0,
            "stalled": self.stalled / self.active if self.active else 0.0,
            "kept": self.kept / self.promised if self.promised else None,
        }
        good = {
            "landing": self.shares["landing"],
            "on_time": self.shares["on_time"],
            "overdue": 1 - (self.shares["overdue"] or 0.0),
            "stalled": 1 - (self.shares["stalled"] or 0.0),
            "kept": self.shares["kept"],
        }
        total = sum(weights[k] for k in COMPONENTS if good[k] is not None)
        value = sum(weights[k] * (good[k] or 0.0) for k in COMPONENTS if good[k] is not None)
        self.score = round(100 * value / total, 1) if total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "unit": self.unit,
            "score": self.score,
            "landing_rate": _pct(self.shares.get("landing")),
            "on_time_rate": _pct(self.shares.get("on_time")),
            "overdue_share": _pct(self.shares.get("overdue")),
            "stalled_share": _pct(self.shares.get("stalled")),
            "signed_ytd": self.signed,
            "started_ytd": self.started,
            "approved_in_month": self.approved,
            "approved_on_time": self.on_time,
            "running_procedures": self.running,
            "overdue_procedures": self.overdue,
            "active_projects": self.active,
            "stalled_projects": self.stalled,
            "kept_promise_rate": _pct(self.shares.get("kept")),
            "commitments_due": self.promised,
            "commitments_kept": self.kept,
        }


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


@dataclass
class RedBlack:
    month: date
    as_of: date
    config: RedBlackConfig
    ranking: list[UnitScore]
    red: list[UnitScore]
    black: list[UnitScore]

    def as_dict(self) -> dict[str, Any]:
        return {
            "month": f"{self.month.year:04d}-{self.month.month:02d}",
            "as_of": self.as_of.isoformat(),
            "config": self.config.as_dict(),
            "red": [u.unit for u in self.red],
            "black": [u.unit for u in self.black],
            "ranking": [u.as_dict() for u in self.ranking],
        }


def _kept_promises(session: Any, first: date, as_of: date) -> list[tuple[int, int, int]]:
    """(unit id, commitments due from ``first`` to the day before ``as_of`` and not withdrawn
    by then, of which done on time), one grouped query."""
    c = Commitment.__table__  # type: ignore[attr-defined]
    withdrawn = and_(c.c.status == "withdrawn", c.c.closed_on <= as_of)
    on_time = and_(c.c.status == "done", c.c.closed_on <= c.c.due_on, c.c.closed_on <= as_of)
    rows = session.execute(
        select(PROJECT.c.unit_id, func.count(), func.sum(case((on_time, 1), else_=0)))
        .select_from(c.join(PROJECT, PROJECT.c.id == c.c.project_id))
        .where(c.c.due_on >= first, c.c.due_on < as_of, ~withdrawn)
        .group_by(PROJECT.c.unit_id)
    )
    return [(int(u), int(due), int(kept or 0)) for u, due, kept in rows]


def _rank(scores: Iterable[UnitScore], config: RedBlackConfig) -> list[UnitScore]:
    """The units with enough projects to judge, scored and ranked (best first)."""
    ranked = [s for s in scores if s.signed + s.active >= max(config.min_projects, 1)]
    for entry in ranked:
        entry.compute(config.weights)
    ranked.sort(
        key=lambda s: (
            -s.score,
            -(s.shares["landing"] or 0.0),
            s.shares["overdue"] or 0.0,
            s.unit_id,
        )
    )
    for position, entry in enumerate(ranked, start=1):
        entry.rank = position
    return ranked


def rank_units(
    ctx: Context,
    month: date | None = None,
    config: RedBlackConfig | None = None,
    *,
    as_recorded: bool = False,
) -> RedBlack:
    """The red/black list of ``month`` (any day in it; default this month), from the state
    as of the month's last day (see :func:`qy_landing.services.snapshot.at`)."""
    from qy_landing.reports.stuck import count_stuck
    from qy_landing.services.snapshot import at

    config = config or load_config().redblack
    today = ctx.today()
    first, last = month_bounds(month or today)
    as_of = min(last, today) if first <= today else last
    ctx = at(ctx, as_of, as_recorded=as_recorded)
    year_start = date(first.year, 1, 1)
    scores: dict[int, UnitScore] = {}

    def unit(unit_id: int, name: str) -> UnitScore:
        if unit_id not in scores:
            scores[unit_id] = UnitScore(name, unit_id)
        return scores[unit_id]

    with ctx.db.read() as session:
        active_states = sorted(StoredDefinitions.load(session).states("normal"))
        signed_in = and_(PROJECT.c.signed_on >= year_start, PROJECT.c.signed_on <= as_of)
        for unit_id, name, signed, started in session.execute(
            select(
                UNIT.c.id,
                UNIT.c.name,
                func.count(),
                func.sum(case((PROJECT.c.started_on <= as_of, 1), else_=0)),
            )
            .join(UNIT, UNIT.c.id == PROJECT.c.unit_id)
            .where(signed_in)
            .group_by(UNIT.c.id, UNIT.c.name)
        ):
            entry = unit(unit_id, name)
            entry.signed, entry.started = int(signed), int(started or 0)
        for unit_id, name, approved, on_time in session.execute(
            select(
                UNIT.c.id,
                UNIT.c.name,
                func.count(),
                func.sum(case((PROCEDURE.c.approved_on <= PROCEDURE.c.due_on, 1), else_=0)),
            )
            .select_from(PROCEDURE)
            .join(PROJECT, PROJECT.c.id == PROCEDURE.c.project_id)
            .join(UNIT, UNIT.c.id == PROJECT.c.unit_id)
            .where(
                PROCEDURE.c.status == "approved",
                PROCEDURE.c.approved_on >= first,
                PROCEDURE.c.approved_on <= as_of,
            )
            .group_by(UNIT.c.id, UNIT.c.name)
        ):
            entry = unit(unit_id, name)
            entry.approved, entry.on_time = int(approved), int(on_time or 0)
        for load in unit_loads(session, active_states, as_of):
            entry = unit(load.unit_id, load.unit)
            entry.active, entry.running, entry.overdue = load.active, load.running, load.overdue
        for unit_id, promised, kept in _kept_promises(session, first, as_of):
            if unit_id in scores:
                scores[unit_id].promised, scores[unit_id].kept = promised, kept
    by_name = {s.unit: s for s in scores.values()}
    for name, counts in count_stuck(ctx, as_of).items():
        if name in by_name:
            by_name[name].stalled = counts.projects
    ranked = _rank(scores.values(), config)
    size = min(config.top, len(ranked) // 2)
    return RedBlack(
        month=first,
        as_of=as_of,
        config=config,
        ranking=ranked,
        red=ranked[:size],
        black=list(reversed(ranked[-size:])) if size else [],
    )
