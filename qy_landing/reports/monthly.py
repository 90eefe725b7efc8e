"""The monthly dispatch pack (每月一对一项目指标调度会材料), per unit and per project.

For month ``M`` (first day ``F``, last day ``L``; figures as of ``D`` = ``L``, or today
while ``M`` is running) the pack holds every project that is *not landed* — in an
ordinary or suspended state, signed by ``D`` — plus those that started or were
terminated during ``M``. For each project:

- **changes this month**: its audit events with an effective date in ``F``–``D``;
- **approved this month**: procedures with ``approved_on`` in ``F``–``D``;
- **due or overdue**: procedures submitted or accepted whose due date is on or before
  ``L`` (overdue when before ``D``), with working days left or overdue;
- **open problems** on ``D``, and the **responsible persons** (first and direct).

Three charts summarise the month: the landing funnel per unit (projects signed this
year: signed → provincial → city → county → started), the ageing of open procedures
(working days since submission, by level) and the trend of projects started (and
signed) per month over twelve months.

Everything streams: the projects come unit by unit from one query, their details from
a few queries per batch, so a pack of 100 000 projects stays within bounded memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.orm import Session

from qy_landing import i18n
from qy_landing.calendar import WorkCalendar
from qy_landing.reports.common import (
    ASSIGNMENT,
    EVENT,
    PERSON,
    PROBLEM,
    PROCEDURE,
    PROJECT,
    STAGES,
    UNIT,
    chunked,
    month_bounds,
    month_label,
    months_back,
    owner_column,
    stage_of,
)
from qy_landing.reports.stuck import ProblemRef, ProcedureRef
from qy_landing.services.context import Context
from qy_landing.services.definitions import StoredDefinitions
from qy_landing.vocabulary import (
    DIRECT_RESPONSIBLE,
    DONE_STATUSES,
    FIRST_RESPONSIBLE,
    LEVELS,
    RUNNING_STATUSES,
)
from qy_landing.workflow.definition import Text
from qy_landing.workflow.progress import Progress, approval_stage_of

if TYPE_CHECKING:
    from qy_landing.reports.redblack import RedBlack
    from qy_landing.reports.stats import Stats
    from qy_landing.reports.target_progress import TargetProgress

BATCH = 500
MAX_CHANGES = 12  # per project; the rest is counted ("… and 5 more")
AGEING_BUCKETS = ((0, 5), (6, 10), (11, 20), (21, 40), (41, 60), (61, None))


@dataclass(frozen=True)
class Change:
    """One audit event of the month, described for a reader."""

    on: date
    action: str
    text: Text
    actor: str

    def label(self, lang: str) -> str:
        return f"{self.on.month:02d}-{self.on.day:02d} {self.text.get(lang)}"


@dataclass(frozen=True)
class ProjectDigest:
    """One project in the pack."""

    code: str
    name: str
    unit: str
    state: str
    state_label: Text
    signed_on: date
    amount: Decimal
    major: bool
    started_on: date | None
    changes: tuple[Change, ...]
    more_changes: int
    approved: tuple[ProcedureRef, ...]
    approved_on: tuple[tuple[date, date | None], ...]  # (approved_on, due_on) per approval
    due: tuple[ProcedureRef, ...]
    due_left: tuple[int, ...]  # working days left (negative: overdue) per due procedure
    problems: tuple[ProblemRef, ...]
    problem_owners: tuple[str | None, ...]
    first_responsible: tuple[str, ...]
    direct_responsible: tuple[str, ...]
    progress: Progress = field(default_factory=Progress)  # by approval stage and by level

    @property
    def overdue_count(self) -> int:
        return sum(1 for p in self.due if p.overdue_workdays is not None)

    def due_label(self, index: int, lang: str) -> str:
        procedure, left = self.due[index], self.due_left[index]
        name = procedure.name.get(lang)
        due = procedure.due_on.isoformat() if procedure.due_on else ""
        if procedure.overdue_workdays is not None:
            return i18n.t(
                "report.monthly.overdue", lang, name=name, due=due, days=procedure.overdue_workdays
            )
        return i18n.t("report.monthly.due", lang, name=name, due=due, days=left)

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "unit": self.unit,
            "state": self.state,
            "state_label": self.state_label.get(lang),
            "signed_on": self.signed_on.isoformat(),
            "amount": str(self.amount),
            "major": self.major,
            "started_on": self.started_on.isoformat() if self.started_on else None,
            "changes": [
                {"on": c.on.isoformat(), "action": c.action, "text": c.text.get(lang)}
                for c in self.changes
            ],
            "more_changes": self.more_changes,
            "approved": [
                {**p.as_dict(lang), "approved_on": a.isoformat()}
                for p, (a, _due) in zip(self.approved, self.approved_on, strict=True)
            ],
            "due": [
                {**p.as_dict(lang), "workdays_left": left}
                for p, left in zip(self.due, self.due_left, strict=True)
            ],
            "open_problems": [p.as_dict() for p in self.problems],
            "first_responsible": list(self.first_responsible),
            "direct_responsible": list(self.direct_responsible),
            "progress": self.progress.as_dict(),
        }


@dataclass
class UnitSummary:
    """The counts of one unit for the month (the pack's first table)."""

    unit: str
    projects: int = 0
    started: int = 0
    changes: int = 0
    approved: int = 0
    due: int = 0
    overdue: int = 0
    problems: int = 0

    def add(self, other: UnitSummary) -> None:
        for name in ("projects", "started", "changes", "approved", "due", "overdue", "problems"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def count(self, project: ProjectDigest, month: date) -> None:
        """Add one project of the pack (what the grouped queries count, counted in passing)."""
        self.projects += 1
        self.started += project.started_on is not None and project.started_on >= month
        self.changes += len(project.changes) + project.more_changes
        self.approved += len(project.approved)
        self.due += len(project.due)
        self.overdue += project.overdue_count
        self.problems += len(project.problems)

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "projects": self.projects,
            "started": self.started,
            "changes": self.changes,
            "approved": self.approved,
            "due": self.due,
            "overdue": self.overdue,
            "open_problems": self.problems,
        }


@dataclass
class MonthlyPack:
    """The month's pack: summaries and chart data at hand, projects streamed on demand."""

    ctx: Context
    month: date
    last: date
    as_of: date
    unit_id: int | None
    unit: str | None
    funnel: list[tuple[str, list[int]]]
    ageing: dict[str, list[int]]  # level -> count per bucket
    trend: list[tuple[date, int, int]]  # month, started, signed
    definitions: StoredDefinitions = field(repr=False)
    # procedures of the pack's projects done / in total, by approval stage and by level
    progress: Progress = field(default_factory=Progress)
    # which unit a project counts for: where it lands, or who introduced it (引进单位)
    group_by: str = "landing"
    # a unit staff login's pack: its own unit's (services.users.ReadScope)
    limited_to: str | None = None

    @property
    def label(self) -> str:
        return month_label(self.month)

    @cached_property
    def summaries(self) -> list[UnitSummary]:
        """The counts per unit, from grouped queries (the file writers count as they stream)."""
        with self.ctx.db.read() as session:
            return _summaries(session, self)

    @property
    def total(self) -> UnitSummary:
        return total_of(self.summaries)

    def funnel_total(self) -> list[int]:
        return [sum(values[i] for _, values in self.funnel) for i in range(len(STAGES))]

    def projects(self) -> Iterator[ProjectDigest]:
        """Every project of the pack, unit by unit (office order), then by code."""
        calendar = self.ctx.calendar()
        with self.ctx.db.read() as session:
            rows = session.execute(_scope_query(self), execution_options={"yield_per": 2000})
            for batch in chunked(rows, BATCH):
                yield from _digests(self, session, calendar, batch)

    @cached_property
    def boards(self) -> RedBlack:
        """The month's red/black boards (every board, whatever the pack's unit)."""
        from qy_landing.reports.redblack import rank_units

        return rank_units(self.ctx, self.month)

    @cached_property
    def targets(self) -> TargetProgress:
        """Progress against the yearly targets as of the pack's date (one unit, or all)."""
        from qy_landing.reports.target_progress import target_progress

        targets = target_progress(self.ctx, self.as_of)
        if self.unit is not None:
            targets.units = [u for u in targets.units if u.unit == self.unit]
        return targets

    @cached_property
    def growth(self) -> Stats:
        """1 January to the pack's date against the same period a year earlier."""
        from qy_landing.reports.stats import compute_stats

        return compute_stats(
            self.ctx,
            date(self.as_of.year, 1, 1),
            self.as_of,
            unit=self.unit,
            group_by=self.group_by,
        )

    def as_dict(self) -> dict[str, Any]:
        """Summaries and chart data (the projects stream separately)."""
        growth = self.growth
        return {
            "month": self.label,
            "as_of": self.as_of.isoformat(),
            "unit": self.unit,
            "group_by": self.group_by,
            "limited_to": self.limited_to,
            "units": [s.as_dict() for s in self.summaries],
            "funnel": {
                "stages": list(STAGES),
                "units": [{"unit": u, "counts": c} for u, c in self.funnel],
            },
            "ageing": {
                "buckets": [bucket_label(b, "en") for b in AGEING_BUCKETS],
                "levels": self.ageing,
            },
            "trend": [
                {"month": month_label(m), "started": s, "signed": g} for m, s, g in self.trend
            ],
            "progress": self.progress.as_dict(),
            "targets": self.targets.as_dict(),
            "growth": {
                "start": growth.start.isoformat(),
                "end": growth.end.isoformat(),
                "previous_start": growth.previous.start.isoformat() if growth.previous else None,
                "previous_end": growth.previous.end.isoformat() if growth.previous else None,
                "growth_percent": growth.growth(),
            },
            "redblack": self.boards.as_dict(),
        }


def total_of(summaries: Sequence[UnitSummary], name: str = "") -> UnitSummary:
    total = UnitSummary(name or i18n.text("report.word.total", "zh"))
    for summary in summaries:
        total.add(summary)
    return total


def bucket_label(bucket: tuple[int, int | None], lang: str) -> str:
    low, high = bucket
    if high is None:
        return i18n.t("report.monthly.bucket_over", lang, low=low - 1)
    return f"{low}–{high}"


# --- building ------------------------------------------------------------------------------


def monthly_pack(
    ctx: Context,
    month: date | None = None,
    unit: str | None = None,
    *,
    as_recorded: bool = False,
    group_by: str = "landing",
) -> MonthlyPack:
    """The pack of ``month`` (any day in it; default this month), optionally for one unit.

    A past month's pack reads the state as of its last day, replayed from the audit trail
    (corrections recorded since included; ``as_recorded``: as it was known that day).
    ``group_by`` ``introducing`` counts each project for the unit that brought it in (its
    landing unit when none was named) instead of where it lands: the summaries, ``unit``
    and the project rows follow it.

    A unit staff login (row-level security) reads its own unit's projects only: without
    ``unit`` the pack is its unit's, its boards unranked, and ``limited_to`` names the unit.
    """
    from qy_landing.services.snapshot import at
    from qy_landing.services.users import read_scope
    from qy_landing.vocabulary import resolve

    scope = read_scope(ctx)
    if scope is not None and unit is None and scope.unit is not None:
        unit = scope.unit

    group_by = resolve("group_by", group_by)
    today = ctx.today()
    first, last = month_bounds(month or today)
    as_of = min(last, today) if first <= today else last
    ctx = at(ctx, as_of, as_recorded=as_recorded)
    calendar = ctx.calendar()
    with ctx.db.read() as session:
        unit_id = unit_name = None
        if unit is not None:
            from qy_landing.services.units import find_unit

            found = find_unit(session, unit)
            unit_id, unit_name = found.id, found.name
        definitions = StoredDefinitions.load(session)
        pack = MonthlyPack(
            ctx=ctx,
            month=first,
            last=last,
            as_of=as_of,
            unit_id=unit_id,
            unit=unit_name,
            funnel=[],
            ageing={},
            trend=[],
            definitions=definitions,
            group_by=group_by,
            limited_to=None if scope is None else scope.unit or "",
        )
        pack.funnel = _funnel(session, pack)
        pack.ageing = _ageing(session, pack, calendar)
        pack.trend = _trend(session, pack)
        pack.progress = _progress(session, pack)
    return pack


def _owner(pack: MonthlyPack) -> Any:
    """The unit each project counts for in this pack."""
    return owner_column(pack.group_by)


def _in_unit(pack: MonthlyPack) -> Any:
    return _owner(pack) == pack.unit_id if pack.unit_id is not None else true()


def _scope(pack: MonthlyPack) -> Any:
    """Not landed (ordinary or suspended state) by the date, or closed during the month."""
    definitions = pack.definitions
    open_states = sorted(definitions.states("normal") | definitions.states("suspended"))
    final = sorted(definitions.final_states())
    closed_in_month = and_(
        PROJECT.c.state.in_(final),
        PROJECT.c.state_since >= pack.month,
        PROJECT.c.state_since <= pack.as_of,
    )
    return and_(
        PROJECT.c.signed_on <= pack.as_of,
        or_(PROJECT.c.state.in_(open_states), closed_in_month),
        _in_unit(pack),
    )


def _scope_query(pack: MonthlyPack) -> Any:
    return (
        select(
            PROJECT.c.id,
            PROJECT.c.code,
            PROJECT.c.name,
            UNIT.c.name,
            PROJECT.c.state,
            PROJECT.c.workflow,
            PROJECT.c.workflow_version,
            PROJECT.c.signed_on,
            PROJECT.c.amount,
            PROJECT.c.major,
            PROJECT.c.started_on,
        )
        .join(UNIT, UNIT.c.id == _owner(pack))
        .where(_scope(pack))
        .order_by(_owner(pack), PROJECT.c.code)
    )


def _summaries(session: Session, pack: MonthlyPack) -> list[UnitSummary]:
    scope = _scope(pack)
    result: dict[int, UnitSummary] = {}

    def entry(unit_id: int, name: str) -> UnitSummary:
        if unit_id not in result:
            result[unit_id] = UnitSummary(name)
        return result[unit_id]

    def by_unit(source: Any, *columns: Any) -> Any:
        query = select(UNIT.c.id, UNIT.c.name, *columns).select_from(source)
        if source is not PROJECT:
            query = query.join(PROJECT, PROJECT.c.id == source.c.project_id)
        return query.join(UNIT, UNIT.c.id == _owner(pack)).group_by(UNIT.c.id, UNIT.c.name)

    for unit_id, name, count, started in session.execute(
        by_unit(
            PROJECT,
            func.count(),
            func.count(PROJECT.c.started_on).filter(PROJECT.c.started_on >= pack.month),
        ).where(scope)
    ):
        current = entry(unit_id, name)
        current.projects, current.started = int(count), int(started or 0)
    for unit_id, name, count in session.execute(
        by_unit(EVENT, func.count()).where(
            scope, EVENT.c.effective_on >= pack.month, EVENT.c.effective_on <= pack.as_of
        )
    ):
        entry(unit_id, name).changes = int(count)
    for unit_id, name, approved, due, overdue in session.execute(
        by_unit(
            PROCEDURE,
            func.count().filter(
                PROCEDURE.c.status == "approved", PROCEDURE.c.approved_on >= pack.month
            ),
            func.count().filter(PROCEDURE.c.status.in_(RUNNING_STATUSES)),
            func.count().filter(
                PROCEDURE.c.status.in_(RUNNING_STATUSES), PROCEDURE.c.due_on < pack.as_of
            ),
        ).where(scope, _relevant_procedure(pack))
    ):
        current = entry(unit_id, name)
        current.approved, current.due, current.overdue = int(approved), int(due), int(overdue)
    for unit_id, name, count in session.execute(
        by_unit(PROBLEM, func.count()).where(scope, _open_problem(pack))
    ):
        entry(unit_id, name).problems = int(count)
    return [result[k] for k in sorted(result)]


def _progress(session: Session, pack: MonthlyPack) -> Progress:
    """Procedures of the pack's projects, done and in total, by approval stage and level."""
    result = Progress()
    for workflow, version, step, level, status, count in session.execute(
        select(
            PROJECT.c.workflow,
            PROJECT.c.workflow_version,
            PROCEDURE.c.step,
            PROCEDURE.c.level,
            PROCEDURE.c.status,
            func.count(),
        )
        .select_from(PROCEDURE)
        .join(PROJECT, PROJECT.c.id == PROCEDURE.c.project_id)
        .where(_scope(pack))
        .group_by(
            PROJECT.c.workflow,
            PROJECT.c.workflow_version,
            PROCEDURE.c.step,
            PROCEDURE.c.level,
            PROCEDURE.c.status,
        )
    ):
        stage = approval_stage_of(pack.definitions.get(workflow, version), step)
        result.add(stage, level, status in DONE_STATUSES, int(count))
    return result


def _relevant_procedure(pack: MonthlyPack) -> Any:
    """Approved this month, or running and due by the month's end."""
    return or_(
        and_(
            PROCEDURE.c.status == "approved",
            PROCEDURE.c.approved_on >= pack.month,
            PROCEDURE.c.approved_on <= pack.as_of,
        ),
        and_(PROCEDURE.c.status.in_(RUNNING_STATUSES), PROCEDURE.c.due_on <= pack.last),
    )


def _open_problem(pack: MonthlyPack) -> Any:
    return and_(
        PROBLEM.c.opened_on <= pack.as_of,
        or_(PROBLEM.c.resolved_on.is_(None), PROBLEM.c.resolved_on > pack.as_of),
    )


def _funnel(session: Session, pack: MonthlyPack) -> list[tuple[str, list[int]]]:
    return funnel_by_unit(
        session,
        pack.definitions,
        date(pack.month.year, 1, 1),
        pack.as_of,
        pack.unit_id,
        group_by=pack.group_by,
    )


def funnel_by_unit(
    session: Session,
    definitions: StoredDefinitions,
    start: date,
    as_of: date,
    unit_id: int | None = None,
    *,
    group_by: str = "landing",
) -> list[tuple[str, list[int]]]:
    """Per unit (landing or introducing, by ``group_by``), projects signed
    ``start``–``as_of`` that reached each stage of STAGES.

    A project counts in every stage up to the furthest it reached (a suspended one where
    it was suspended); terminated projects are left out.
    """
    counts: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    owner = owner_column(group_by)
    in_unit = owner == unit_id if unit_id is not None else true()
    for unit, name, workflow, version, state, suspended_from, count in session.execute(
        select(
            UNIT.c.id,
            UNIT.c.name,
            PROJECT.c.workflow,
            PROJECT.c.workflow_version,
            PROJECT.c.state,
            PROJECT.c.suspended_from,
            func.count(),
        )
        .select_from(PROJECT)
        .join(UNIT, UNIT.c.id == owner)
        .where(PROJECT.c.signed_on >= start, PROJECT.c.signed_on <= as_of, in_unit)
        .group_by(
            UNIT.c.id,
            UNIT.c.name,
            PROJECT.c.workflow,
            PROJECT.c.workflow_version,
            PROJECT.c.state,
            PROJECT.c.suspended_from,
        )
    ):
        stage = stage_of(definitions, workflow, version, state, suspended_from)
        if stage < 0:
            continue
        names[unit] = name
        row = counts.setdefault(unit, [0] * len(STAGES))
        for index in range(stage + 1):
            row[index] += int(count)
    return [(names[k], counts[k]) for k in sorted(counts)]


def _ageing(session: Session, pack: MonthlyPack, calendar: WorkCalendar) -> dict[str, list[int]]:
    """Running procedures of active projects by working days since submission and level."""
    active = sorted(pack.definitions.states("normal"))
    result = {level: [0] * len(AGEING_BUCKETS) for level in LEVELS}
    for level, submitted_on, count in session.execute(
        select(PROCEDURE.c.level, PROCEDURE.c.submitted_on, func.count())
        .join(PROJECT, PROJECT.c.id == PROCEDURE.c.project_id)
        .where(
            PROCEDURE.c.status.in_(RUNNING_STATUSES),
            PROCEDURE.c.submitted_on.is_not(None),
            PROCEDURE.c.submitted_on <= pack.as_of,
            PROJECT.c.state.in_(active),
            _in_unit(pack),
        )
        .group_by(PROCEDURE.c.level, PROCEDURE.c.submitted_on)
    ):
        days = max(0, calendar.workdays_between(submitted_on, pack.as_of))
        index = next(
            i for i, (low, high) in enumerate(AGEING_BUCKETS) if high is None or days <= high
        )
        result.setdefault(level, [0] * len(AGEING_BUCKETS))[index] += int(count)
    return result


def _trend(session: Session, pack: MonthlyPack) -> list[tuple[date, int, int]]:
    months = months_back(pack.month, 12)
    started: dict[date, int] = defaultdict(int)
    signed: dict[date, int] = defaultdict(int)
    for column, target in ((PROJECT.c.started_on, started), (PROJECT.c.signed_on, signed)):
        for day, count in session.execute(
            select(column, func.count())
            .where(column >= months[0], column <= pack.as_of, _in_unit(pack))
            .group_by(column)
        ):
            target[day.replace(day=1)] += int(count)
    return [(m, started[m], signed[m]) for m in months]


# --- details of a batch -----------------------------------------------------------------------


def _digests(
    pack: MonthlyPack, session: Session, calendar: WorkCalendar, batch: Sequence[Any]
) -> Iterator[ProjectDigest]:
    """The detail pages of a batch of projects: one query per kind of detail, not per project."""
    ids = [row[0] for row in batch]
    definitions = pack.definitions
    meta = {row[0]: (row[5], row[6]) for row in batch}
    events, event_counts = _changes(pack, session, ids, meta)
    approved, due, progress = _procedures(pack, session, calendar, ids, meta)
    problems = _problems(pack, session, calendar, ids)
    persons = _persons(session, ids)
    for row in batch:
        (
            project_id,
            code,
            name,
            unit,
            state,
            workflow,
            version,
            signed_on,
            amount,
            major,
            started_on,
        ) = row
        approvals = sorted(approved.get(project_id, []), key=lambda a: (a[1][0], a[0].step))
        dues = sorted(due.get(project_id, []), key=lambda d: (d[1], d[0].step))
        open_problems = problems.get(project_id, [])
        yield ProjectDigest(
            code=code,
            name=name,
            unit=unit,
            state=state,
            state_label=definitions.state_label(workflow, version, state),
            signed_on=signed_on,
            amount=amount,
            major=bool(major),
            started_on=started_on,
            changes=tuple(events.get(project_id, [])),
            more_changes=max(0, event_counts.get(project_id, 0) - MAX_CHANGES),
            approved=tuple(a[0] for a in approvals),
            approved_on=tuple(a[1] for a in approvals),
            due=tuple(d[0] for d in dues),
            due_left=tuple(d[1] for d in dues),
            problems=tuple(p[0] for p in open_problems),
            problem_owners=tuple(p[1] for p in open_problems),
            first_responsible=tuple(persons.get((project_id, FIRST_RESPONSIBLE), [])),
            direct_responsible=tuple(persons.get((project_id, DIRECT_RESPONSIBLE), [])),
            progress=progress.get(project_id) or Progress(),
        )


def _changes(
    pack: MonthlyPack, session: Session, ids: list[int], meta: dict[int, tuple[str, int]]
) -> tuple[dict[int, list[Change]], dict[int, int]]:
    """The month's audit events of each project (the first MAX_CHANGES) and their count."""
    definitions = pack.definitions
    events: dict[int, list[Change]] = defaultdict(list)
    event_counts: dict[int, int] = defaultdict(int)
    for project_id, on, action, field_name, old, new, actor in session.execute(
        select(
            EVENT.c.project_id,
            EVENT.c.effective_on,
            EVENT.c.action,
            EVENT.c.field,
            EVENT.c.old,
            EVENT.c.new,
            EVENT.c.actor,
        )
        .where(
            EVENT.c.project_id.in_(ids),
            EVENT.c.effective_on >= pack.month,
            EVENT.c.effective_on <= pack.as_of,
        )
        .order_by(EVENT.c.project_id, EVENT.c.effective_on, EVENT.c.id)
    ):
        event_counts[project_id] += 1
        if len(events[project_id]) < MAX_CHANGES:
            workflow, version = meta[project_id]
            text = describe_event(definitions, workflow, version, action, field_name, old, new)
            events[project_id].append(Change(on, action, text, actor))
    return events, event_counts


def _procedures(
    pack: MonthlyPack,
    session: Session,
    calendar: WorkCalendar,
    ids: list[int],
    meta: dict[int, tuple[str, int]],
) -> tuple[
    dict[int, list[tuple[ProcedureRef, tuple[date, date | None]]]],
    dict[int, list[tuple[ProcedureRef, int]]],
    dict[int, Progress],
]:
    """Per project: procedures approved this month, those running due by its end, and its
    progress (all its procedures, by approval stage and level)."""
    definitions = pack.definitions
    approved: dict[int, list[tuple[ProcedureRef, tuple[date, date | None]]]] = defaultdict(list)
    due: dict[int, list[tuple[ProcedureRef, int]]] = defaultdict(list)
    progress: dict[int, Progress] = defaultdict(Progress)
    for project_id, step, status, level, due_on, approved_on in session.execute(
        select(
            PROCEDURE.c.project_id,
            PROCEDURE.c.step,
            PROCEDURE.c.status,
            PROCEDURE.c.level,
            PROCEDURE.c.due_on,
            PROCEDURE.c.approved_on,
        ).where(PROCEDURE.c.project_id.in_(ids))
    ):
        workflow, version = meta[project_id]
        definition = definitions.get(workflow, version)
        progress[project_id].add(
            approval_stage_of(definition, step), level, status in DONE_STATUSES
        )
        # the month's filter is applied here: SQLite would otherwise pick the status index
        if status == "approved":
            if approved_on is None or not pack.month <= approved_on <= pack.as_of:
                continue
        elif status not in RUNNING_STATUSES or due_on is None or due_on > pack.last:
            continue
        found = definition.step_by_key.get(step) if definition else None
        name = found.name if found else Text(step, step)
        if status == "approved":
            ref = ProcedureRef(step, name, level, status, due_on)
            approved[project_id].append((ref, (approved_on, due_on)))
        else:
            if due_on < pack.as_of:
                late = calendar.workdays_between(due_on, pack.as_of)
                left, overdue = -late, late
            else:
                left, overdue = calendar.workdays_between(pack.as_of, due_on), None
            ref = ProcedureRef(step, name, level, status, due_on, overdue)
            due[project_id].append((ref, left))
    return approved, due, progress


def _problems(
    pack: MonthlyPack, session: Session, calendar: WorkCalendar, ids: list[int]
) -> dict[int, list[tuple[ProblemRef, str | None]]]:
    """Per project: its problems open at the end of the month, with their owners."""
    problems: dict[int, list[tuple[ProblemRef, str | None]]] = defaultdict(list)
    for project_id, problem_id, text, opened_on, owner in session.execute(
        select(
            PROBLEM.c.project_id,
            PROBLEM.c.id,
            PROBLEM.c.text,
            PROBLEM.c.opened_on,
            PERSON.c.name,
        )
        .outerjoin(PERSON, PERSON.c.id == PROBLEM.c.owner_id)
        .where(PROBLEM.c.project_id.in_(ids), _open_problem(pack))
        .order_by(PROBLEM.c.opened_on, PROBLEM.c.id)
    ):
        days = max(0, calendar.workdays_between(opened_on, pack.as_of))
        problems[project_id].append((ProblemRef(problem_id, text, opened_on, days), owner))
    return problems


def _persons(session: Session, ids: list[int]) -> dict[tuple[int, str], list[str]]:
    """Per (project, role): the first- and direct-responsible persons' names."""
    persons: dict[tuple[int, str], list[str]] = defaultdict(list)
    for project_id, role, name in session.execute(
        select(ASSIGNMENT.c.project_id, ASSIGNMENT.c.role, PERSON.c.name)
        .join(PERSON, PERSON.c.id == ASSIGNMENT.c.person_id)
        .where(
            ASSIGNMENT.c.project_id.in_(ids),
            ASSIGNMENT.c.role.in_((FIRST_RESPONSIBLE, DIRECT_RESPONSIBLE)),
        )
        .order_by(ASSIGNMENT.c.id)
    ):
        persons[(project_id, role)].append(name)
    return persons


def describe_event(
    definitions: StoredDefinitions,
    workflow: str,
    version: int,
    action: str,
    field_name: str | None,
    old: str | None,
    new: str | None,
) -> Text:
    """An audit event in a sentence, in both languages."""
    definition = definitions.get(workflow, version)

    def word(lang: str) -> str:
        verb = i18n.text(f"action.{action}", lang, default=action)
        if field_name == "state" and new:
            states = [
                definitions.state_label(workflow, version, s).get(lang) for s in (old, new) if s
            ]
            return (
                f"{verb}：{' → '.join(states)}" if lang == "zh" else f"{verb}: {' → '.join(states)}"
            )
        if (
            action in ("procedure", "procedure_added", "procedure_removed", "due_changed")
            and field_name
        ):
            step = definition.step_by_key.get(field_name) if definition else None
            label = step.name.get(lang) if step else field_name
            statuses = " → ".join(i18n.term("status", s, lang) for s in (old, new) if s)
            detail = f"{label} {statuses}".strip()
            return f"{verb}：{detail}" if lang == "zh" else f"{verb}: {detail}"
        if action in ("assign", "unassign") and field_name:
            role = i18n.term("role", field_name, lang)
            detail = f"{role} {new or old or ''}".strip()
            return f"{verb}：{detail}" if lang == "zh" else f"{verb}: {detail}"
        if action == "funds" and new:
            return f"{verb} {new.rstrip('0').rstrip('.')} 亿元"
        detail = new or old or ""
        if action == "facts" and field_name:
            detail = f"{field_name} {old or ''} → {new or ''}"
        if not detail:
            return verb
        return f"{verb}：{detail}" if lang == "zh" else f"{verb}: {detail}"

    return Text(word("zh"), word("en"))
