"""The red/black boards (红黑榜): every kind of unit ranked every month by a documented score.

For month ``M`` the figures are taken as of ``D`` = the last day of ``M`` (or today, if
``M`` is the current month), over the year to date (1 January to ``D``) unless said. A
project counts for its landing unit on the boards of counties and parks and for its
introducing unit elsewhere (each board's ``attribute``). Per unit, each indicator is a
share between 0 and 1, higher is better, or *no data*:

``target``         mean completion of the yearly targets (signed projects and amount,
                   started projects, the office's own indicators), each capped at 100 %
``funds``          out-of-province funds in place ÷ the funds target (capped at 100 %)
``landing``        projects signed this year that have started
``on_time_start``  projects whose planned start month has come that started by its end
``on_time``        procedures approved in ``M`` within their due date
``overdue``        1 − running procedures past due ÷ running procedures (active projects)
``resolution``     problems of the year (open on 1 January or opened since) resolved
``stalled``        1 − stuck active projects ÷ active projects (landing boards only)
``kept``           kept-promise rate: commitments (承诺事项) of the unit's projects falling
                   due in ``M`` before ``D`` (not withdrawn) done by their due date; weight
                   0 by default (shown, not scored, unless the office weighs it)
``procedures``     procedures of the active projects done (approved or waived) ÷ all their
                   procedures (手续办理进度); weight 0 by default, like ``kept``

    score = 100 × Σ wᵢ·valueᵢ / Σ wᵢ   over the indicators with data and a weight above 0

A unit is **judged** when it has data for at least ``min_indicators`` weighted indicators
and either a target or ``min_projects`` projects; the others are listed apart (never on
the red list). Equal scores share a rank (competition ranking 1, 1, 3). The red list is
the units ranked within the board's ``top`` (and at least ``red_min_score``); the black
list those within ``top`` from the bottom. Every black-listed unit carries its reasons
in words: the indicators below ``reason_below`` %, worst first. Boards, weights and
thresholds come from ``[redblack]`` in ``qy-landing.toml`` (docs/reports.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from qy_landing.config import Board, RedBlackConfig
from qy_landing.errors import Msg
from qy_landing.reports.common import (
    PROBLEM,
    PROCEDURE,
    PROJECT,
    UNIT,
    month_bounds,
    owner_column,
)
from qy_landing.reports.target_progress import UnitTargetProgress, rank_by, unit_progress
from qy_landing.services.context import Context
from qy_landing.services.definitions import StoredDefinitions
from qy_landing.store.models import Commitment
from qy_landing.vocabulary import DONE_STATUSES, RUNNING_STATUSES

INDICATOR_ORDER = (
    "target",
    "funds",
    "landing",
    "on_time_start",
    "on_time",
    "overdue",
    "resolution",
    "stalled",
    "kept",
    "procedures",
)


def load_redblack_config(path: Path | None = None) -> RedBlackConfig:
    """``[redblack]`` of qy-landing.toml, read by the one loader (:mod:`qy_landing.config`)."""
    from qy_landing.config import load_config

    return load_config(path).redblack


@dataclass
class UnitScore:
    """One unit's figures, indicator values, score, rank and reasons for the month."""

    unit: str
    unit_id: int
    kind: str
    signed: int = 0
    started: int = 0
    due_start: int = 0
    started_on_time: int = 0
    approved: int = 0
    on_time: int = 0
    running: int = 0
    overdue: int = 0
    longest_overdue: int = 0  # working days past due of the oldest overdue procedure
    active: int = 0
    stalled: int = 0
    problems: int = 0
    resolved: int = 0
    promised: int = 0  # commitments due in the month (before the as-of day), not withdrawn
    kept: int = 0  # of which done by their due date
    procedures: int = 0  # procedures of the active projects
    procedures_done: int = 0  # of which approved or waived
    targets: UnitTargetProgress | None = None  # progress against the yearly targets
    values: dict[str, float | None] = field(default_factory=dict)
    score: float = 0.0
    rank: int = 0
    judged: bool = False
    reasons: list[Msg] = field(default_factory=list)

    def compute(self, board: Board, stalled_known: bool) -> None:
        progress = self.targets
        funds = progress.line("funds_out") if progress else None
        funds_rate = funds.rate if funds else None
        self.values = {
            "target": progress.completion(exclude=("funds_out",)) if progress else None,
            "funds": None if funds_rate is None else min(funds_rate, 1.0),
            "landing": self.started / self.signed if self.signed else None,
            "on_time_start": self.started_on_time / self.due_start if self.due_start else None,
            "on_time": self.on_time / self.approved if self.approved else None,
            "overdue": 1 - self.overdue / self.running if self.running else None,
            "resolution": self.resolved / self.problems if self.problems else None,
            "stalled": 1 - self.stalled / self.active if self.active and stalled_known else None,
            "kept": self.kept / self.promised if self.promised else None,
            "procedures": self.procedures_done / self.procedures if self.procedures else None,
        }
        used = [k for k in INDICATOR_ORDER if self.values[k] is not None and board.weights[k] > 0]
        total = sum(board.weights[k] for k in used)
        value = sum(board.weights[k] * (self.values[k] or 0.0) for k in used)
        self.score = round(100 * value / total, 1) if total else 0.0

    def indicators_with_data(self, board: Board) -> int:
        return sum(
            1 for k in INDICATOR_ORDER if self.values.get(k) is not None and board.weights[k] > 0
        )

    def explain(self, board: Board, below: float) -> list[Msg]:
        """The weak indicators in words, the heaviest loss of score first."""
        weak = [
            (board.weights[k] * (1 - (v or 0.0)), k)
            for k in INDICATOR_ORDER
            if (v := self.values.get(k)) is not None and board.weights[k] > 0 and 100 * v < below
        ]
        if not weak:  # the weakest one still says why the unit is at the bottom
            weak = [
                min(
                    (
                        (board.weights[k] * (1 - (v or 0.0)), k)
                        for k in INDICATOR_ORDER
                        if (v := self.values.get(k)) is not None and board.weights[k] > 0
                    ),
                    key=lambda p: (-p[0], INDICATOR_ORDER.index(p[1])),
                    default=(0.0, ""),
                )
            ]
        weak.sort(key=lambda p: (-p[0], INDICATOR_ORDER.index(p[1])))
        return [m for _, k in weak if k and (m := self.reason(k)) is not None]

    def reason(self, key: str) -> Msg | None:
        pct = _pct(self.values.get(key))
        progress = self.targets
        if key == "overdue":
            return Msg(
                "report.board.reason.overdue", count=self.overdue, longest=self.longest_overdue
            )
        if key == "funds" and progress is not None:
            line = progress.line("funds_out")
            return Msg("report.board.reason.funds", pct=pct, done=_num(line.done) if line else "")
        if key == "target":
            return Msg("report.board.reason.target", pct=pct)
        if key == "landing":
            return Msg(
                "report.board.reason.landing", pct=pct, started=self.started, signed=self.signed
            )
        if key == "on_time_start":
            return Msg(
                "report.board.reason.on_time_start",
                late=self.due_start - self.started_on_time,
                due=self.due_start,
            )
        if key == "on_time":
            return Msg(
                "report.board.reason.on_time",
                late=self.approved - self.on_time,
                approved=self.approved,
            )
        if key == "resolution":
            return Msg(
                "report.board.reason.resolution",
                open=self.problems - self.resolved,
                total=self.problems,
            )
        if key == "stalled":
            return Msg("report.board.reason.stalled", stalled=self.stalled, active=self.active)
        if key == "procedures":
            return Msg(
                "report.board.reason.procedures",
                open=self.procedures - self.procedures_done,
                total=self.procedures,
            )
        if key == "kept":
            return Msg(
                "report.board.reason.kept", missed=self.promised - self.kept, due=self.promised
            )
        return None

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "rank": (self.rank or None) if self.judged else None,
            "unit": self.unit,
            "kind": self.kind,
            "score": self.score if self.judged else None,
            **{k: _pct(self.values.get(k)) for k in INDICATOR_ORDER},
            "signed_ytd": self.signed,
            "started_ytd": self.started,
            "due_to_start": self.due_start,
            "started_on_time": self.started_on_time,
            "approved_in_month": self.approved,
            "approved_on_time": self.on_time,
            "running_procedures": self.running,
            "overdue_procedures": self.overdue,
            "longest_overdue_workdays": self.longest_overdue,
            "active_projects": self.active,
            "stalled_projects": self.stalled,
            "problems": self.problems,
            "problems_resolved": self.resolved,
            "commitments_due": self.promised,
            "commitments_kept": self.kept,
            "procedures_total": self.procedures,
            "procedures_done": self.procedures_done,
            "targets": self.targets.as_dict()["targets"] if self.targets else [],
            "reasons": [m.render(lang) for m in self.reasons],
        }


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


@dataclass
class BoardResult:
    """One board of the month: the judged units in rank order, the lists, the units apart."""

    board: Board
    ranking: list[UnitScore]
    red: list[UnitScore]
    black: list[UnitScore]
    apart: list[UnitScore]

    def mark(self, entry: UnitScore) -> str:
        """``red``, ``black`` or ``""`` for a unit of this board."""
        if any(e is entry for e in self.red):
            return "red"
        if any(e is entry for e in self.black):
            return "black"
        return ""

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "board": self.board.key,
            "kinds": list(self.board.kinds),
            "attribute": self.board.attribute,
            "weights": dict(self.board.weights),
            "red": [u.unit for u in self.red],
            "black": [u.unit for u in self.black],
            "ranking": [u.as_dict(lang) for u in self.ranking],
            "apart": [u.as_dict(lang) for u in self.apart],
        }


@dataclass
class RedBlack:
    month: date
    as_of: date
    config: RedBlackConfig
    boards: list[BoardResult]
    # a unit staff login's boards: its own unit's rows only, unranked (services.users.ReadScope)
    limited_to: str | None = None

    @property
    def ranking(self) -> list[UnitScore]:
        return [u for b in self.boards for u in b.ranking]

    @property
    def red(self) -> list[UnitScore]:
        return [u for b in self.boards for u in b.red]

    @property
    def black(self) -> list[UnitScore]:
        return [u for b in self.boards for u in b.black]

    def board(self, key: str) -> BoardResult | None:
        return next((b for b in self.boards if b.board.key == key), None)

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "month": f"{self.month.year:04d}-{self.month.month:02d}",
            "as_of": self.as_of.isoformat(),
            "config": self.config.as_dict(),
            "boards": [b.as_dict(lang) for b in self.boards],
            "limited_to": self.limited_to,
        }


def rank_units(
    ctx: Context,
    month: date | None = None,
    config: RedBlackConfig | None = None,
    *,
    board: str | None = None,
    as_recorded: bool = False,
) -> RedBlack:
    """The red/black boards of ``month`` (any day in it; default this month), from the state
    as of the month's last day (see :func:`qy_landing.services.snapshot.at`).

    ``board`` keeps only the board with that key (a kind of unit or a configured group).

    A unit staff login reads its own unit's projects only (row-level security): every other
    unit would show zeros and be ranked on them. Its boards hold its own unit's row alone,
    unranked and on no list, and ``limited_to`` names the unit.
    """
    from qy_landing.services.users import read_scope

    scope = read_scope(ctx)
    config = config or load_redblack_config()
    today = ctx.today()
    first, last = month_bounds(month or today)
    as_of = min(last, today) if first <= today else last
    from qy_landing.services.snapshot import at

    ctx = at(ctx, as_of, as_recorded=as_recorded)
    boards = config.all_boards()
    if board is not None:
        from qy_landing.errors import ChoiceError

        chosen = [b for b in boards if b.key == board or board in b.kinds]
        if not chosen:
            raise ChoiceError("board", board, [b.key for b in boards])
        boards = chosen[:1]
    calendar = ctx.calendar()
    stalled_by_name: dict[str, int] = {}
    if any(b.attribute == "landing" and b.weights["stalled"] > 0 for b in boards):
        from qy_landing.reports.stuck import count_stuck

        stalled_by_name = {n: c.projects for n, c in count_stuck(ctx, as_of).items()}
    results = []
    with ctx.db.read() as session:
        active_states = sorted(StoredDefinitions.load(session).states("normal"))
        targets = {p.unit_id: p for p in unit_progress(session, as_of, config)}
        units = list(
            session.execute(select(UNIT.c.id, UNIT.c.name, UNIT.c.kind).order_by(UNIT.c.id))
        )
        if scope is not None:
            units = [u for u in units if u[0] == scope.unit_id]
        for current in boards:
            scores = {
                uid: UnitScore(name, uid, kind, targets=targets.get(uid))
                for uid, name, kind in units
                if kind in current.kinds
            }
            if scope is not None and not scores:
                continue  # not the login's board
            _fill(session, scores, current.attribute, first, as_of, active_states, calendar)
            for entry in scores.values():
                entry.stalled = stalled_by_name.get(entry.unit, 0)
            ranked = _rank(current, list(scores.values()), config, stalled_by_name != {})
            if scope is not None:
                _unranked(ranked)
            results.append(ranked)
    limited = None if scope is None else scope.unit or ""
    return RedBlack(first, as_of, replace(config), results, limited_to=limited)


def _unranked(result: BoardResult) -> None:
    """A board of one unit's row: no rank, no list (the others' figures are not read)."""
    for entry in result.ranking:
        entry.rank = 0
        entry.reasons = []
    result.red, result.black = [], []


def _fill(
    session: Any,
    scores: dict[int, UnitScore],
    attribute: str,
    first: date,
    as_of: date,
    active_states: list[str],
    calendar: Any,
) -> None:
    """The figures of every unit of a board: a few grouped queries."""
    if not scores:
        return
    owner = owner_column(attribute).label("owner")
    ids = list(scores)
    year_start = date(first.year, 1, 1)
    mine = owner_column(attribute).in_(ids)
    for uid, signed, started in session.execute(
        select(owner, func.count(), func.sum(case((PROJECT.c.started_on <= as_of, 1), else_=0)))
        .where(PROJECT.c.signed_on >= year_start, PROJECT.c.signed_on <= as_of, mine)
        .group_by(owner)
    ):
        scores[uid].signed, scores[uid].started = int(signed), int(started or 0)
    for uid, planned, started_on in session.execute(
        select(owner, PROJECT.c.planned_start_on, PROJECT.c.started_on).where(
            PROJECT.c.planned_start_on >= year_start,
            PROJECT.c.planned_start_on <= as_of,
            PROJECT.c.signed_on <= as_of,
            mine,
        )
    ):
        _, month_end = month_bounds(planned)
        if month_end > as_of:
            continue  # its planned month is not over yet
        scores[uid].due_start += 1
        if started_on is not None and started_on <= month_end:
            scores[uid].started_on_time += 1
    for uid, approved, on_time in session.execute(
        select(
            owner,
            func.count(),
            func.sum(case((PROCEDURE.c.approved_on <= PROCEDURE.c.due_on, 1), else_=0)),
        )
        .select_from(PROCEDURE)
        .join(PROJECT, PROJECT.c.id == PROCEDURE.c.project_id)
        .where(
            PROCEDURE.c.status == "approved",
            PROCEDURE.c.approved_on >= first,
            PROCEDURE.c.approved_on <= as_of,
            mine,
        )
        .group_by(owner)
    ):
        scores[uid].approved, scores[uid].on_time = int(approved), int(on_time or 0)
    for uid, active in session.execute(
        select(owner, func.count())
        .where(PROJECT.c.state.in_(active_states), PROJECT.c.signed_on <= as_of, mine)
        .group_by(owner)
    ):
        scores[uid].active = int(active)
    for uid, running, overdue, oldest in session.execute(
        select(
            owner,
            func.count(),
            func.sum(case((PROCEDURE.c.due_on < as_of, 1), else_=0)),
            func.min(case((PROCEDURE.c.due_on < as_of, PROCEDURE.c.due_on), else_=None)),
        )
        .select_from(PROCEDURE)
        .join(PROJECT, PROJECT.c.id == PROCEDURE.c.project_id)
        .where(
            PROCEDURE.c.status.in_(sorted(RUNNING_STATUSES)),
            PROJECT.c.state.in_(active_states),
            PROJECT.c.signed_on <= as_of,
            mine,
        )
        .group_by(owner)
    ):
        entry = scores[uid]
        entry.running, entry.overdue = int(running), int(overdue or 0)
        if oldest is not None:
            entry.longest_overdue = calendar.workdays_between(oldest, as_of)
    for uid, total, resolved in session.execute(
        select(
            owner,
            func.count(),
            func.sum(case((PROBLEM.c.resolved_on <= as_of, 1), else_=0)),
        )
        .select_from(PROBLEM)
        .join(PROJECT, PROJECT.c.id == PROBLEM.c.project_id)
        .where(
            PROBLEM.c.opened_on <= as_of,
            or_(PROBLEM.c.resolved_on.is_(None), PROBLEM.c.resolved_on >= year_start),
            mine,
        )
        .group_by(owner)
    ):
        scores[uid].problems, scores[uid].resolved = int(total), int(resolved or 0)
    for uid, total, done in session.execute(
        select(
            owner,
            func.count(),
            func.sum(case((PROCEDURE.c.status.in_(sorted(DONE_STATUSES)), 1), else_=0)),
        )
        .select_from(PROCEDURE)
        .join(PROJECT, PROJECT.c.id == PROCEDURE.c.project_id)
        .where(PROJECT.c.state.in_(active_states), PROJECT.c.signed_on <= as_of, mine)
        .group_by(owner)
    ):
        scores[uid].procedures, scores[uid].procedures_done = int(total), int(done or 0)
    commitment = Commitment.__table__  # type: ignore[attr-defined]
    withdrawn = and_(commitment.c.status == "withdrawn", commitment.c.closed_on <= as_of)
    kept = and_(
        commitment.c.status == "done",
        commitment.c.closed_on <= commitment.c.due_on,
        commitment.c.closed_on <= as_of,
    )
    for uid, promised, done in session.execute(
        select(owner, func.count(), func.sum(case((kept, 1), else_=0)))
        .select_from(commitment)
        .join(PROJECT, PROJECT.c.id == commitment.c.project_id)
        .where(commitment.c.due_on >= first, commitment.c.due_on < as_of, ~withdrawn, mine)
        .group_by(owner)
    ):
        scores[uid].promised, scores[uid].kept = int(promised), int(done or 0)


def _rank(
    board: Board, entries: list[UnitScore], config: RedBlackConfig, stalled: bool
) -> BoardResult:
    judged: list[UnitScore] = []
    apart: list[UnitScore] = []
    for entry in entries:
        entry.compute(board, stalled and board.attribute == "landing")
        has_target = entry.targets is not None and bool(entry.targets.lines)
        enough = entry.signed + entry.active >= max(config.min_projects, 1) or has_target
        entry.judged = enough and entry.indicators_with_data(board) >= config.min_indicators
        (judged if entry.judged else apart).append(entry)
    judged.sort(key=lambda s: (-s.score, s.unit_id))
    rank_by(judged, lambda s: s.score)
    size = min(board.top, len(judged) // 2)
    red = [e for e in judged if e.rank <= size and e.score >= config.red_min_score]
    black = [
        e
        for e in reversed(judged)
        if 1 + sum(1 for o in judged if o.score < e.score) <= size and not any(e is r for r in red)
    ]
    for entry in black:
        entry.reasons = entry.explain(board, config.reason_below)
    return BoardResult(board, judged, red, black, apart)
