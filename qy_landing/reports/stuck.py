"""Stuck projects (卡滞项目): which projects are not moving, why, and since when.

A project whose state is an ordinary one (neither final — started, terminated — nor
suspended) is *stuck* as of a date ``D`` when any of these holds (all that hold are its
reasons):

``overdue_procedure``
    a procedure is submitted or accepted and its due date is before ``D``;
``idle``
    ``workdays_between(last_progress_on, D) >= idle_days`` (``--idle-days``, else the
    workflow definition's ``idle_days``);
``problem_open``
    a problem open on ``D`` has been open for more than ``problem_days`` working days;
``over_limit``
    the project's procedures spent more than ``overall_limit`` working days with the
    authorities (Gansu's measure: from acceptance to decision, time with the applicant and
    Art. 45 holds left out; ``workflow/clock.authority_onset``), or, for a workflow with
    ``overall_counts: since_signing``, that many working days have passed since signing;
``commitment_missed``
    a commitment (承诺事项) made for the project was due before ``D`` and was not done by
    ``D`` (see :mod:`qy_landing.services.commitments`).

Each reason became true on a day (its *onset*): the day after the due date; the
``idle_days``-th working day after the last progress; the ``problem_days + 1``-th
working day after the problem was opened; the ``overall_limit + 1``-th working day with
the authorities (or after signing); the day after a missed commitment's due date. A
project is *stuck since* the earliest onset of its current reasons, and its *working days
stuck* are the working days from that day to ``D``, both counted.

The scan is set-based: thresholds become dates (one per workflow version), one streamed
query finds the stuck projects with their earliest overdue due date and oldest open
problem, and the details of each batch (procedures, persons, problems) come from three
queries per batch, never one ORM object per project.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from qy_landing import i18n
from qy_landing.calendar import WorkCalendar
from qy_landing.reports.common import (
    ASSIGNMENT,
    PERSON,
    PROBLEM,
    PROCEDURE,
    PROJECT,
    UNIT,
    chunked,
    cutoff,
    workdays_from,
)
from qy_landing.services.context import Context
from qy_landing.services.definitions import StoredDefinitions
from qy_landing.store.models import Commitment
from qy_landing.vocabulary import (
    DIRECT_RESPONSIBLE,
    DONE_STATUSES,
    FIRST_RESPONSIBLE,
    RUNNING_STATUSES,
)
from qy_landing.workflow.definition import Definition, Text
from qy_landing.workflow.progress import Progress, approval_stage_of

REASONS = ("overdue_procedure", "idle", "problem_open", "over_limit", "commitment_missed")
BATCH = 500


@lru_cache(maxsize=64)
def _template(key: str, lang: str) -> str:
    return i18n.text(key, lang)


@lru_cache(maxsize=4096)
def _status_label(name: str, status: str, lang: str) -> str:
    word = i18n.term("status", status, lang)
    return f"{name}（{word}）" if lang == "zh" else f"{name} ({word})"


@lru_cache(maxsize=64)
def _reason_labels(reasons: tuple[str, ...], lang: str) -> tuple[str, ...]:
    return tuple(i18n.text(f"report.reason.{r}", lang) for r in reasons)


_ORDERS: dict[int, tuple[Definition, dict[str, int]]] = {}


def _step_order(definition: Definition) -> dict[str, int]:
    """Step key → position in the definition (cached by identity: hashing is deep)."""
    cached = _ORDERS.get(id(definition))
    if cached is None or cached[0] is not definition:
        cached = _ORDERS[id(definition)] = (
            definition,
            {s.key: i for i, s in enumerate(definition.steps)},
        )
    return cached[1]


@dataclass(frozen=True)
class ProcedureRef:
    """A procedure named in a report: its step, name, level, status and due date."""

    step: str
    name: Text
    level: str
    status: str
    due_on: date | None = None
    overdue_workdays: int | None = None

    def label(self, lang: str) -> str:
        if self.overdue_workdays is not None:
            return _template("report.stuck.overdue_by", lang).format(
                name=self.name.get(lang), days=self.overdue_workdays
            )
        return _status_label(self.name.get(lang), self.status, lang)

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "step": self.step,
            "name": self.name.get(lang),
            "level": self.level,
            "status": self.status,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "overdue_workdays": self.overdue_workdays,
        }


@dataclass(frozen=True)
class ProblemRef:
    id: int
    text: str
    opened_on: date
    open_workdays: int

    def label(self, lang: str) -> str:
        return _template("report.stuck.problem", lang).format(
            id=self.id, text=self.text, days=self.open_workdays
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "opened_on": self.opened_on.isoformat(),
            "open_workdays": self.open_workdays,
        }


@dataclass(frozen=True)
class StuckProject:
    """One stuck project as of a date, with everything a leader asks about it."""

    as_of: date
    code: str
    name: str
    unit: str
    chain: str
    amount: Decimal
    signed_on: date
    major: bool
    state: str
    state_label: Text
    level: str | None
    reasons: tuple[str, ...]
    stuck_since: date
    stuck_workdays: int
    last_progress_on: date
    idle_workdays: int
    overdue: tuple[ProcedureRef, ...] = ()
    next_procedures: tuple[ProcedureRef, ...] = ()
    first_responsible: tuple[str, ...] = ()
    direct_responsible: tuple[str, ...] = ()
    open_problems: tuple[ProblemRef, ...] = ()
    progress: Progress = field(default_factory=Progress)  # by approval stage and by level

    def reason_labels(self, lang: str) -> list[str]:
        return list(_reason_labels(self.reasons, lang))

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        """Stable keys in English, amounts as strings, dates ISO 8601; names in ``lang``."""
        return {
            "code": self.code,
            "name": self.name,
            "unit": self.unit,
            "chain": self.chain,
            "amount": str(self.amount),
            "signed_on": self.signed_on.isoformat(),
            "major": self.major,
            "state": self.state,
            "state_label": self.state_label.get(lang),
            "level": self.level,
            "reasons": list(self.reasons),
            "reason_labels": self.reason_labels(lang),
            "stuck_since": self.stuck_since.isoformat(),
            "stuck_workdays": self.stuck_workdays,
            "last_progress_on": self.last_progress_on.isoformat(),
            "idle_workdays": self.idle_workdays,
            "overdue_procedures": [p.as_dict(lang) for p in self.overdue],
            "next_procedures": [p.as_dict(lang) for p in self.next_procedures],
            "first_responsible": list(self.first_responsible),
            "direct_responsible": list(self.direct_responsible),
            "open_problems": [p.as_dict() for p in self.open_problems],
            "progress": self.progress.as_dict(),
        }


# --- thresholds ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Thresholds:
    """One workflow version's limits, as working-day counts and as cut-off dates."""

    definition: Definition
    idle_days: int
    idle_before: date  # idle when last_progress_on < idle_before
    problem_before: date  # a problem counts when opened_on < problem_before
    limit_before: date  # over the limit when signed_on < limit_before
    active: tuple[str, ...]  # the states in which a project can be stuck


def _thresholds(
    definitions: StoredDefinitions, calendar: WorkCalendar, as_of: date, idle_days: int | None
) -> dict[tuple[str, int], _Thresholds]:
    result = {}
    for key, definition in definitions.items():
        idle = definition.idle_days if idle_days is None else idle_days
        result[key] = _Thresholds(
            definition=definition,
            idle_days=idle,
            idle_before=cutoff(calendar, as_of, idle),
            problem_before=cutoff(calendar, as_of, definition.problem_days + 1),
            limit_before=cutoff(calendar, as_of, definition.overall_limit + 1),
            active=tuple(s.name for s in definition.states if s.kind == "normal"),
        )
    return result


# --- the scan -----------------------------------------------------------------------------


@dataclass
class _Base:
    """A stuck project from the scan, before its details are read."""

    id: int
    code: str
    name: str
    unit_id: int
    unit: str
    chain: str
    amount: Decimal
    signed_on: date
    major: bool
    state: str
    workflow: str
    workflow_version: int
    last_progress_on: date
    overdue_since: date | None
    problem_since: date | None
    commitment_since: date | None
    reasons: tuple[str, ...] = ()
    stuck_since: date = date.min
    stuck_workdays: int = 0
    idle_workdays: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def missed_commitments(as_of: date) -> Any:
    """Per project id, the earliest due date of a commitment missed on ``as_of`` (made by
    then, due before it, neither done nor withdrawn by then)."""
    c = Commitment.__table__  # type: ignore[attr-defined]
    return (
        select(c.c.project_id.label("project_id"), func.min(c.c.due_on).label("since"))
        .where(
            c.c.made_on <= as_of,
            c.c.due_on < as_of,
            or_(c.c.status == "open", c.c.closed_on > as_of),
        )
        .group_by(c.c.project_id)
        .subquery("missed")
    )


def _scan_query(
    as_of: date,
    thresholds: dict[tuple[str, int], _Thresholds],
    unit_id: int | None,
) -> Any:
    overdue = (
        select(
            PROCEDURE.c.project_id.label("project_id"),
            func.min(PROCEDURE.c.due_on).label("since"),
        )
        .where(PROCEDURE.c.status.in_(RUNNING_STATUSES), PROCEDURE.c.due_on < as_of)
        .group_by(PROCEDURE.c.project_id)
        .subquery("overdue")
    )
    problems = (
        select(
            PROBLEM.c.project_id.label("project_id"),
            func.min(PROBLEM.c.opened_on).label("since"),
        )
        .where(
            PROBLEM.c.opened_on <= as_of,
            or_(PROBLEM.c.resolved_on.is_(None), PROBLEM.c.resolved_on > as_of),
        )
        .group_by(PROBLEM.c.project_id)
        .subquery("problems")
    )
    missed = missed_commitments(as_of)
    per_version: list[ColumnElement[bool]] = []
    for (name, version), limits in thresholds.items():
        if not limits.active:
            continue
        per_version.append(
            and_(
                PROJECT.c.workflow == name,
                PROJECT.c.workflow_version == version,
                PROJECT.c.state.in_(limits.active),
                or_(
                    overdue.c.since.is_not(None),
                    PROJECT.c.last_progress_on < limits.idle_before,
                    problems.c.since < limits.problem_before,
                    PROJECT.c.signed_on < limits.limit_before,
                    missed.c.since.is_not(None),
                ),
            )
        )
    query = (
        select(
            PROJECT.c.id,
            PROJECT.c.code,
            PROJECT.c.name,
            PROJECT.c.unit_id,
            UNIT.c.name,
            PROJECT.c.chain,
            PROJECT.c.amount,
            PROJECT.c.signed_on,
            PROJECT.c.major,
            PROJECT.c.state,
            PROJECT.c.workflow,
            PROJECT.c.workflow_version,
            PROJECT.c.last_progress_on,
            overdue.c.since,
            problems.c.since,
            missed.c.since,
        )
        .join(UNIT, UNIT.c.id == PROJECT.c.unit_id)
        .outerjoin(overdue, overdue.c.project_id == PROJECT.c.id)
        .outerjoin(problems, problems.c.project_id == PROJECT.c.id)
        .outerjoin(missed, missed.c.project_id == PROJECT.c.id)
        .where(PROJECT.c.signed_on <= as_of)
        .where(or_(*per_version) if per_version else false())
    )
    if unit_id is not None:
        query = query.where(PROJECT.c.unit_id == unit_id)
    return query.order_by(PROJECT.c.unit_id, PROJECT.c.id)


def _classify(
    row: Any,
    thresholds: dict[tuple[str, int], _Thresholds],
    calendar: WorkCalendar,
    as_of: date,
    authority: Mapping[int, date] | None = None,
) -> _Base | None:
    base = _Base(*row)
    limits = thresholds.get((base.workflow, base.workflow_version))
    if limits is None:
        return None
    definition = limits.definition
    onsets: dict[str, date] = {}
    if base.overdue_since is not None:
        onsets["overdue_procedure"] = base.overdue_since + timedelta(days=1)
    if base.last_progress_on < limits.idle_before:
        onsets["idle"] = calendar.add_workdays(base.last_progress_on, limits.idle_days)
    if base.problem_since is not None and base.problem_since < limits.problem_before:
        onsets["problem_open"] = calendar.add_workdays(
            base.problem_since, definition.problem_days + 1
        )
    if base.signed_on < limits.limit_before:  # (also a bound of the authorities' time)
        if definition.overall_counts == "since_signing" or authority is None:
            onsets["over_limit"] = calendar.add_workdays(
                base.signed_on, definition.overall_limit + 1
            )
        elif base.id in authority:
            onsets["over_limit"] = authority[base.id]
    if base.commitment_since is not None:
        onsets["commitment_missed"] = base.commitment_since + timedelta(days=1)
    if not onsets:
        return None
    base.reasons = tuple(r for r in REASONS if r in onsets)
    base.stuck_since = min(onsets.values())
    base.stuck_workdays = workdays_from(calendar, base.stuck_since, as_of)
    base.idle_workdays = max(0, calendar.workdays_between(base.last_progress_on, as_of))
    return base


def _scan(
    session: Session,
    as_of: date,
    thresholds: dict[tuple[str, int], _Thresholds],
    calendar: WorkCalendar,
    unit_id: int | None,
) -> Iterator[_Base]:
    authority = _authority_onsets(session, as_of, thresholds, calendar, unit_id)
    result = session.execute(
        _scan_query(as_of, thresholds, unit_id), execution_options={"yield_per": 2000}
    )
    for row in result:
        base = _classify(row, thresholds, calendar, as_of, authority)
        if base is not None:
            yield base


def _authority_onsets(
    session: Session,
    as_of: date,
    thresholds: dict[tuple[str, int], _Thresholds],
    calendar: WorkCalendar,
    unit_id: int | None,
) -> dict[int, date]:
    """Per project over its overall limit by Gansu's measure (working days with the
    authorities, ``workflow/clock.authority_onset``), the day it went over.

    One streamed query reads the status events of the projects that could be (an ordinary
    state, signed before the limit's cut-off, a workflow counting the authorities' time);
    a project with corrections or undone events has its trail read whole and filtered to
    the events that count (services/replay.live_events).
    """
    from itertools import groupby

    from qy_landing.services.replay import VOID
    from qy_landing.store.models import Event, table_of
    from qy_landing.workflow.clock import authority_onset

    event = table_of(Event)
    per_version: list[ColumnElement[bool]] = []
    limits: dict[tuple[str, int], int] = {}
    for (name, version), t in thresholds.items():
        if not t.active or t.definition.overall_counts == "since_signing":
            continue
        limits[(name, version)] = t.definition.overall_limit
        per_version.append(
            and_(
                PROJECT.c.workflow == name,
                PROJECT.c.workflow_version == version,
                PROJECT.c.state.in_(t.active),
                PROJECT.c.signed_on < t.limit_before,
            )
        )
    if not per_version:
        return {}
    query = (
        select(
            event.c.project_id,
            PROJECT.c.workflow,
            PROJECT.c.workflow_version,
            event.c.field,
            event.c.effective_on,
            event.c.new,
            event.c.action,
            event.c.corrects,
        )
        .join(PROJECT, PROJECT.c.id == event.c.project_id)
        .where(
            or_(*per_version),
            event.c.entity == "procedure",
            event.c.action.in_(("procedure", VOID)),
            event.c.effective_on <= as_of,
        )
        .order_by(event.c.project_id, event.c.id)
    )
    if unit_id is not None:
        query = query.where(PROJECT.c.unit_id == unit_id)
    rows = session.execute(query, execution_options={"yield_per": 5000})
    onsets: dict[int, date] = {}
    corrected: list[tuple[int, int]] = []  # read whole once the stream is done
    for project_id, group in groupby(rows, key=lambda r: r[0]):
        events = list(group)
        limit = limits[(events[0][1], events[0][2])]
        if any(e[6] == VOID or e[7] is not None for e in events):
            corrected.append((project_id, limit))
            continue
        by_step: dict[str, list[tuple[date, str]]] = {}
        for e in events:
            by_step.setdefault(e[3] or "", []).append((e[4], e[5] or ""))
        onset = authority_onset(calendar, list(by_step.values()), as_of, limit)
        if onset is not None:
            onsets[project_id] = onset
    for project_id, limit in corrected:
        histories = _counted_histories(session, project_id, as_of)
        onset = authority_onset(calendar, histories, as_of, limit)
        if onset is not None:
            onsets[project_id] = onset
    return onsets


def _counted_histories(
    session: Session, project_id: int, as_of: date
) -> list[list[tuple[date, str]]]:
    """``project_id``'s procedures' status changes that count (corrections in place of what
    they correct, undone ones left out), per procedure, up to ``as_of``."""
    from qy_landing.services.replay import EVENT_COLUMNS, VOID, EventRow, live_events
    from qy_landing.store.models import Event, table_of

    event = table_of(Event)
    rows = session.execute(
        select(*(event.c[c] for c in EVENT_COLUMNS))
        .where(
            event.c.project_id == project_id,
            event.c.entity == "procedure",
            event.c.action.in_(("procedure", VOID)),
        )
        .order_by(event.c.id)
    ).all()
    histories: dict[str, list[tuple[date, str]]] = {}
    for e in live_events([EventRow(**row._mapping) for row in rows]):
        if e.effective_on <= as_of:
            histories.setdefault(e.field or "", []).append((e.effective_on, e.new or ""))
    return list(histories.values())


def _unit_id(session: Session, unit: str | None) -> int | None:
    if unit is None:
        return None
    from qy_landing.services.units import find_unit

    found = find_unit(session, unit)
    assert found.id is not None
    return found.id


# --- details --------------------------------------------------------------------------------


def _details(
    session: Session,
    batch: Sequence[_Base],
    definitions: StoredDefinitions,
    calendar: WorkCalendar,
    as_of: date,
) -> Iterator[StuckProject]:
    ids = [b.id for b in batch]
    meta = {b.id: (b.workflow, b.workflow_version) for b in batch}
    procedures: dict[int, list[tuple[str, str, str, date | None]]] = {}
    progress: dict[int, Progress] = {}
    for project_id, step, status, level, due_on in session.execute(
        select(
            PROCEDURE.c.project_id,
            PROCEDURE.c.step,
            PROCEDURE.c.status,
            PROCEDURE.c.level,
            PROCEDURE.c.due_on,
        ).where(PROCEDURE.c.project_id.in_(ids))
    ):
        done = status in DONE_STATUSES
        definition = definitions.get(*meta[project_id])
        progress.setdefault(project_id, Progress()).add(
            approval_stage_of(definition, step), level, done
        )
        if not done:
            procedures.setdefault(project_id, []).append((step, status, level, due_on))
    persons: dict[tuple[int, str], list[str]] = {}
    for project_id, role, name in session.execute(
        select(ASSIGNMENT.c.project_id, ASSIGNMENT.c.role, PERSON.c.name)
        .join(PERSON, PERSON.c.id == ASSIGNMENT.c.person_id)
        .where(ASSIGNMENT.c.project_id.in_(ids))
        .where(ASSIGNMENT.c.role.in_((FIRST_RESPONSIBLE, DIRECT_RESPONSIBLE)))
        .order_by(ASSIGNMENT.c.id)
    ):
        persons.setdefault((project_id, role), []).append(name)
    problems: dict[int, list[ProblemRef]] = {}
    for project_id, problem_id, text, opened_on in session.execute(
        select(PROBLEM.c.project_id, PROBLEM.c.id, PROBLEM.c.text, PROBLEM.c.opened_on)
        .where(PROBLEM.c.project_id.in_(ids))
        .where(PROBLEM.c.opened_on <= as_of)
        .where(or_(PROBLEM.c.resolved_on.is_(None), PROBLEM.c.resolved_on > as_of))
        .order_by(PROBLEM.c.opened_on, PROBLEM.c.id)
    ):
        problems.setdefault(project_id, []).append(
            ProblemRef(
                problem_id, text, opened_on, max(0, calendar.workdays_between(opened_on, as_of))
            )
        )
    for base in batch:
        definition = definitions.get(base.workflow, base.workflow_version)
        assert definition is not None
        rows = procedures.get(base.id, [])
        overdue, following = _procedure_refs(definition, rows, calendar, as_of)
        state = definition.state_by_name.get(base.state)
        yield StuckProject(
            as_of=as_of,
            code=base.code,
            name=base.name,
            unit=base.unit,
            chain=base.chain,
            amount=base.amount,
            signed_on=base.signed_on,
            major=bool(base.major),
            state=base.state,
            state_label=definitions.state_label(base.workflow, base.workflow_version, base.state),
            level=state.level if state else None,
            reasons=base.reasons,
            stuck_since=base.stuck_since,
            stuck_workdays=base.stuck_workdays,
            last_progress_on=base.last_progress_on,
            idle_workdays=base.idle_workdays,
            overdue=tuple(overdue),
            next_procedures=tuple(following),
            first_responsible=tuple(persons.get((base.id, FIRST_RESPONSIBLE), ())),
            direct_responsible=tuple(persons.get((base.id, DIRECT_RESPONSIBLE), ())),
            open_problems=tuple(problems.get(base.id, ())),
            progress=progress.get(base.id) or Progress(),
        )


def _procedure_refs(
    definition: Definition,
    rows: Sequence[tuple[str, str, str, date | None]],
    calendar: WorkCalendar,
    as_of: date,
) -> tuple[list[ProcedureRef], list[ProcedureRef]]:
    """The overdue procedures (most overdue first) and the next ones, in workflow order.

    *Next* are the procedures not yet done whose dependencies (those the project has)
    are all done: what can be worked on now.
    """
    # ``rows`` are the procedures not done: a dependency the project does not have, or has
    # done, is not among them, so a step can start when none of its dependencies is here.
    waiting = {step for step, _st, _level, _due in rows}
    order = _step_order(definition)
    overdue: list[ProcedureRef] = []
    following: list[ProcedureRef] = []
    for step, st, level, due_on in sorted(rows, key=lambda r: (order.get(r[0], 999), r[0])):
        found = definition.step_by_key.get(step)
        name = found.name if found else Text(step, step)
        if st in RUNNING_STATUSES and due_on is not None and due_on < as_of:
            days = calendar.workdays_between(due_on, as_of)
            overdue.append(ProcedureRef(step, name, level, st, due_on, max(days, 0)))
        depends = found.depends_on if found else ()
        if not any(d in waiting for d in depends):
            following.append(ProcedureRef(step, name, level, st, due_on))
    overdue.sort(key=lambda p: (p.due_on or date.max, p.step))
    return overdue, following


# --- the library API -------------------------------------------------------------------------


def find_stuck(
    ctx: Context,
    as_of: date | None = None,
    unit: str | None = None,
    idle_days: int | None = None,
    *,
    as_recorded: bool = False,
) -> Iterator[StuckProject]:
    """The stuck projects as of ``as_of`` (default today), streamed.

    Ordered by unit (in the office's unit order), then most stuck first, then code.
    ``unit`` limits the scan to one unit (name or code); ``idle_days`` overrides every
    workflow's idle threshold. Memory stays bounded by the stuck projects of one unit.
    Bad arguments (an unknown unit …) raise here, before anything is streamed.
    """
    from qy_landing.services.snapshot import at

    as_of = as_of or ctx.today()
    _check_idle_days(idle_days)
    ctx = at(ctx, as_of, as_recorded=as_recorded)
    with ctx.db.read() as session:
        unit_id = _unit_id(session, unit)
    return _stream(ctx, as_of, unit_id, idle_days)


def _check_idle_days(idle_days: int | None) -> None:
    if idle_days is not None and idle_days < 0:
        from qy_landing.errors import InvalidValueError, Msg

        raise InvalidValueError("number", idle_days, Msg("expect.positive_int"))


def _stream(
    ctx: Context, as_of: date, unit_id: int | None, idle_days: int | None
) -> Iterator[StuckProject]:
    calendar = ctx.calendar()
    with ctx.db.read() as session:
        definitions = StoredDefinitions.load(session)
        thresholds = _thresholds(definitions, calendar, as_of, idle_days)
        group: list[_Base] = []
        for base in _scan(session, as_of, thresholds, calendar, unit_id):
            if group and group[0].unit_id != base.unit_id:
                yield from _emit(session, group, definitions, calendar, as_of)
                group = []
            group.append(base)
        if group:
            yield from _emit(session, group, definitions, calendar, as_of)


def _emit(
    session: Session,
    group: list[_Base],
    definitions: StoredDefinitions,
    calendar: WorkCalendar,
    as_of: date,
) -> Iterator[StuckProject]:
    group.sort(key=lambda b: (-b.stuck_workdays, b.code))
    for batch in chunked(group, BATCH):
        yield from _details(session, batch, definitions, calendar, as_of)


def most_stuck(
    ctx: Context,
    as_of: date | None = None,
    *,
    limit: int = 10,
    unit: str | None = None,
    idle_days: int | None = None,
) -> list[StuckProject]:
    """The ``limit`` projects stuck longest (ties: more reasons, then code)."""
    as_of = as_of or ctx.today()
    _check_idle_days(idle_days)
    calendar = ctx.calendar()
    with ctx.db.read() as session:
        definitions = StoredDefinitions.load(session)
        thresholds = _thresholds(definitions, calendar, as_of, idle_days)
        unit_id = _unit_id(session, unit)
        top = heapq.nsmallest(
            limit,
            _scan(session, as_of, thresholds, calendar, unit_id),
            key=lambda b: (-b.stuck_workdays, -len(b.reasons), b.code),
        )
        return list(_details(session, top, definitions, calendar, as_of))


@dataclass
class StuckCounts:
    """How many projects of a unit are stuck, by reason."""

    unit: str
    projects: int = 0
    amount: Decimal = Decimal(0)
    reasons: Counter[str] = field(default_factory=Counter)
    max_workdays: int = 0

    def add(self, reasons: Sequence[str], amount: Decimal, workdays: int) -> None:
        self.projects += 1
        self.amount += amount
        self.reasons.update(reasons)
        self.max_workdays = max(self.max_workdays, workdays)

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "projects": self.projects,
            "amount": str(self.amount),
            "reasons": {r: self.reasons.get(r, 0) for r in REASONS},
            "max_workdays": self.max_workdays,
        }


def count_stuck(
    ctx: Context,
    as_of: date | None = None,
    *,
    unit: str | None = None,
    idle_days: int | None = None,
) -> dict[str, StuckCounts]:
    """Stuck projects per unit name (units with none are left out); no details are read."""
    as_of = as_of or ctx.today()
    _check_idle_days(idle_days)
    calendar = ctx.calendar()
    counts: dict[str, StuckCounts] = {}
    with ctx.db.read() as session:
        definitions = StoredDefinitions.load(session)
        thresholds = _thresholds(definitions, calendar, as_of, idle_days)
        for base in _scan(session, as_of, thresholds, calendar, _unit_id(session, unit)):
            entry = counts.get(base.unit)
            if entry is None:
                entry = counts[base.unit] = StuckCounts(base.unit)
            entry.add(base.reasons, base.amount, base.stuck_workdays)
    return counts


# --- export ---------------------------------------------------------------------------------

STUCK_COLUMNS = (
    ("no", "int", 6),
    ("code", "text", 26),
    ("name", "text", 32),
    ("unit", "text", 14),
    ("chain", "text", 14),
    ("amount", "amount", 14),
    ("signed_on", "date", 12),
    ("state", "text", 16),
    ("reasons", "text", 24),
    ("stuck_workdays", "int", 10),
    ("stuck_since", "date", 12),
    ("overdue_procedures", "text", 36),
    ("next_procedures", "text", 48),
    ("first_responsible", "text", 14),
    ("direct_responsible", "text", 14),
    ("open_problems", "text", 40),
    ("last_progress_on", "date", 12),
    ("idle_workdays", "int", 10),
    ("progress", "text", 40),
)
SUMMARY_COLUMNS = (
    ("unit", "text", 20),
    ("stuck_projects", "int", 12),
    ("amount", "amount", 14),
    *((f"reason_{r}", "int", 14) for r in REASONS),
    ("max_stuck_workdays", "int", 14),
)
MD_KEYS = (
    "no",
    "code",
    "name",
    "unit",
    "state",
    "reasons",
    "stuck_workdays",
    "overdue_procedures",
    "next_procedures",
    "progress",
    "first_responsible",
    "direct_responsible",
    "open_problems",
)


def stuck_row(number: int, project: StuckProject, lang: str) -> dict[str, Any]:
    """The cells of one project in an export, by column key."""
    return {
        "no": number,
        "code": project.code,
        "name": project.name,
        "unit": project.unit,
        "chain": i18n.term("chain", project.chain, lang),
        "amount": project.amount,
        "signed_on": project.signed_on,
        "state": project.state_label.get(lang),
        "reasons": i18n.join(project.reason_labels(lang), lang, cell=True),
        "stuck_workdays": project.stuck_workdays,
        "stuck_since": project.stuck_since,
        "overdue_procedures": i18n.join([p.label(lang) for p in project.overdue], lang, cell=True),
        "next_procedures": i18n.join(
            [p.label(lang) for p in project.next_procedures], lang, cell=True
        ),
        "progress": project.progress.label(lang),
        "first_responsible": i18n.join(list(project.first_responsible), lang, cell=True),
        "direct_responsible": i18n.join(list(project.direct_responsible), lang, cell=True),
        "open_problems": i18n.join([p.label(lang) for p in project.open_problems], lang, cell=True),
        "last_progress_on": project.last_progress_on,
        "idle_workdays": project.idle_workdays,
    }


@dataclass
class StuckExport:
    """What an export wrote: how many projects, in which format, with totals per unit."""

    as_of: date
    format: str
    count: int
    units: list[StuckCounts]

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "format": self.format,
            "count": self.count,
            "units": [u.as_dict() for u in self.units],
        }


def _summary_rows(totals: dict[str, StuckCounts], lang: str) -> list[list[Any]]:
    """One row per unit, then the total."""
    rows: list[list[Any]] = []
    overall = StuckCounts(i18n.text("report.word.total", lang))
    for entry in totals.values():
        rows.append(
            [
                entry.unit,
                entry.projects,
                entry.amount,
                *(entry.reasons.get(r, 0) for r in REASONS),
                entry.max_workdays,
            ]
        )
        overall.projects += entry.projects
        overall.amount += entry.amount
        overall.reasons.update(entry.reasons)
        overall.max_workdays = max(overall.max_workdays, entry.max_workdays)
    rows.append(
        [
            overall.unit,
            overall.projects,
            overall.amount,
            *(overall.reasons.get(r, 0) for r in REASONS),
            overall.max_workdays,
        ]
    )
    return rows


# One branch per format side by side (81 lines): each writes the same rows and summary.
def export_stuck(
    ctx: Context,
    stream: Any,
    fmt: str,
    *,
    as_of: date | None = None,
    unit: str | None = None,
    idle_days: int | None = None,
    lang: str = "zh",
    as_recorded: bool = False,
) -> StuckExport:
    """Write the stuck projects to the binary ``stream`` as xlsx, csv, json or md.

    Streams: each project is written as it is found; only per-unit totals are kept.
    """
    from qy_landing.reports import writers

    as_of = as_of or ctx.today()
    columns = [writers.Column(k, kind, width) for k, kind, width in STUCK_COLUMNS]
    summary_columns = [writers.Column(k, kind, width) for k, kind, width in SUMMARY_COLUMNS]
    totals: dict[str, StuckCounts] = {}
    projects = find_stuck(ctx, as_of, unit=unit, idle_days=idle_days, as_recorded=as_recorded)

    def counted() -> Iterator[tuple[int, StuckProject]]:
        for number, project in enumerate(projects, start=1):
            entry = totals.get(project.unit)
            if entry is None:
                entry = totals[project.unit] = StuckCounts(project.unit)
            entry.add(project.reasons, project.amount, project.stuck_workdays)
            yield number, project

    count = 0
    if fmt == "xlsx":
        report = i18n.text("report.sheet.stuck", lang)
        heading = writers.PrintTitle(report, unit, as_of, ctx.clock.now())
        book = writers.XlsxBook(lang, heading)
        sheet = book.sheet(report, columns)
        for number, project in counted():
            row = stuck_row(number, project, lang)
            sheet.append([row[c.key] for c in columns])
            count = number
        summary = book.sheet(i18n.text("report.sheet.by_unit", lang), summary_columns)
        for values in _summary_rows(totals, lang):
            summary.append(values)
        book.save(stream)
    elif fmt == "csv":
        table = writers.CsvTable(stream, columns, lang)
        for number, project in counted():
            row = stuck_row(number, project, lang)
            table.append([row[c.key] for c in columns])
            count = number
        table.close()
    elif fmt == "json":
        head = {"as_of": as_of.isoformat(), "unit": unit, "idle_days": idle_days, "lang": lang}
        out = writers.JsonStream(stream, head, "projects")
        for number, project in counted():
            out.append(project.as_dict(lang))
            count = number
        out.close({"count": count, "units": [u.as_dict() for u in totals.values()]})
    elif fmt == "md":
        import io

        text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
        title = i18n.t("report.stuck.title", lang, as_of=as_of)
        text.write(f"# {title}\n\n")
        md_columns = [c for c in columns if c.key in MD_KEYS]
        table_md = writers.MarkdownTable(text, md_columns, lang)
        for number, project in counted():
            row = stuck_row(number, project, lang)
            table_md.append([row[c.key] for c in md_columns])
            count = number
        if not count:
            text.write("\n" + i18n.text("report.stuck.none", lang) + "\n")
        text.write(f"\n## {i18n.text('report.sheet.by_unit', lang)}\n\n")
        table_sum = writers.MarkdownTable(text, summary_columns, lang)
        for values in _summary_rows(totals, lang):
            table_sum.append(values)
        text.flush()
        text.detach()
    else:
        from qy_landing.errors import ChoiceError

        raise ChoiceError("format", fmt, list(writers.FORMATS))
    return StuckExport(as_of, fmt, count, list(totals.values()))
