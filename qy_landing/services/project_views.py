"""Reading projects: ``project show`` (one project as of a date), its history, the list.

Read-only: nothing here opens a write transaction or imports the change path.
"""

from __future__ import annotations

import collections
import difflib
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, case, func, or_, select
from sqlalchemy.engine import Connection

from qy_landing.checks import column_limit, shown
from qy_landing.errors import (
    ChoiceError,
    InvalidValueError,
    LandingError,
    Msg,
    ProjectNotFoundError,
    Term,
)
from qy_landing.parsing import format_amount
from qy_landing.services.context import Context
from qy_landing.store import tables
from qy_landing.store.types import Amount, exact_sum
from qy_landing.vocabulary import (
    CHAINS,
    DONE_STATUSES,
    RUNNING_STATUSES,
    facts_of,
    name_key,
    resolve,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qy_landing.calendar import WorkCalendar
    from qy_landing.store.models import Project
    from qy_landing.workflow.definition import Definition
    from qy_landing.workflow.progress import Progress

# The read path reads the generated Core tables (qy_landing.store.tables), never the SQLModel
# classes: building those costs a third of the start-up of `project show`.
_T_PROJECT = tables.project
_T_UNIT = tables.unit
_T_PROCEDURE = tables.procedure
_T_ASSIGNMENT = tables.assignment
_T_PERSON = tables.person
_T_PROBLEM = tables.problem
_T_EVENT = tables.event
_T_FUNDS = tables.funds_record
_T_WORKFLOW = tables.workflow_version
_P = _T_PROJECT.c


@functools.cache
def _code_limit() -> int | None:
    return column_limit(_T_PROJECT, "code")


def wanted_code(code: str) -> str:
    """A project code as typed, normalised as stored (full-width digits, other dashes …).

    A code longer than the column cannot name a project: refused with its length and the
    limit before any query (a search for it would fail in the database)."""
    from qy_landing.codes import normalize_code

    wanted = normalize_code(code)
    limit = _code_limit()
    if limit is not None and len(wanted) > limit:
        raise InvalidValueError(
            "project_code",
            shown(wanted),
            Msg("expect.max_chars_given", limit=limit, length=f"{len(wanted):,}"),
        )
    return wanted


def find_project(session: Session, code: str) -> Project:
    """The project with ``code`` (an ORM object, for the change path); the error suggests
    close codes (or names containing it)."""
    from sqlmodel import col

    from qy_landing.store.models import Project

    wanted = wanted_code(code)
    project = session.execute(select(Project).where(col(Project.code) == wanted)).scalars().first()
    if project is None:
        raise missing_project(session, wanted)
    return project


_PROJECT_ID = select(_P.id).where(_P.code == bindparam("code"))


def project_id(session: Session | Connection, code: str) -> int:
    """The id of the project with ``code`` (no ORM object: the read path); the error
    suggests close codes (or names containing it)."""
    wanted = wanted_code(code)
    found = session.execute(_PROJECT_ID, {"code": wanted}).scalar()
    if found is None:
        raise missing_project(session, wanted)
    return int(found)


def missing_project(session: Session | Connection, wanted: str) -> LandingError:
    """Why ``wanted`` was not found: another unit's project (PostgreSQL with row-level
    security, where this login cannot read it), or no such project (with suggestions)."""
    connection = session if isinstance(session, Connection) else session.connection()
    if connection.dialect.name == "postgresql":
        from qy_landing.store.accounts import project_unit

        unit = project_unit(connection, wanted)
        if unit is not None:
            from qy_landing.errors import OtherUnitError

            return OtherUnitError(wanted, unit)
    return ProjectNotFoundError(wanted, suggest_codes(session, wanted))


def suggest_codes(session: Session | Connection, wanted: str, limit: int = 5) -> list[str]:
    """Codes close to ``wanted``: similar codes first, then projects whose name contains it."""
    if not wanted:
        return []
    tail = wanted.replace("-", "")[-6:]
    candidates = (
        session.execute(
            select(_P.code)
            .where(
                or_(
                    _P.code.contains(tail),
                    _P.code.startswith(wanted[:9]),
                    _P.name.contains(wanted),
                )
            )
            .limit(500)
        )
        .scalars()
        .all()
    )
    close = difflib.get_close_matches(wanted, candidates, n=limit, cutoff=0.6)
    named = (
        session.execute(select(_P.code).where(_P.name.contains(wanted)).limit(limit))
        .scalars()
        .all()
    )
    return list(dict.fromkeys([*close, *named]))[:limit]


# Not frozen: building a frozen dataclass sets each field through object.__setattr__
# (~10x the cost); the meeting builds thousands of these per page. Treat as read-only.
@dataclass
class ProcedureView:
    step: str
    name: str
    level: str
    authority: str
    status: str
    limit_days: int
    submitted_on: date | None
    accepted_on: date | None
    approved_on: date | None
    rejected_on: date | None
    waived_on: date | None
    waive_reason: str | None
    due: date | None
    due_provisional: bool
    workdays_left: int | None
    overdue: bool
    depends_on: list[str]
    waiting_for: list[str]
    stage: str | None = None  # the approval stage of 国办发〔2018〕33号

    @property
    def done(self) -> bool:
        """Approved or waived: the procedure no longer holds its level back."""
        return self.status in DONE_STATUSES

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "name": self.name,
            "level": self.level,
            "authority": self.authority,
            "status": self.status,
            "limit_days": self.limit_days,
            "submitted_on": _iso(self.submitted_on),
            "accepted_on": _iso(self.accepted_on),
            "approved_on": _iso(self.approved_on),
            "rejected_on": _iso(self.rejected_on),
            "waived_on": _iso(self.waived_on),
            "waive_reason": self.waive_reason,
            "due": _iso(self.due),
            "due_provisional": self.due_provisional,
            "workdays_left": self.workdays_left,
            "overdue": self.overdue,
            "depends_on": self.depends_on,
            "waiting_for": self.waiting_for,
            "stage": self.stage,
        }


# Not frozen: building a frozen dataclass sets each field through object.__setattr__
# (~10x the cost); the meeting builds thousands of these per page. Treat as read-only.
@dataclass
class AssignmentView:
    role: str
    person: str
    unit: str
    title: str | None
    phone: str | None
    email: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "person": self.person,
            "unit": self.unit,
            "title": self.title,
            "phone": self.phone,
            "email": self.email,
        }


# Not frozen: building a frozen dataclass sets each field through object.__setattr__
# (~10x the cost); the meeting builds thousands of these per page. Treat as read-only.
@dataclass
class ProblemView:
    id: int
    text: str
    owner: str | None
    opened_on: date
    resolved_on: date | None
    resolution: str | None
    open_workdays: int | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "owner": self.owner,
            "opened_on": _iso(self.opened_on),
            "resolved_on": _iso(self.resolved_on),
            "resolution": self.resolution,
            "open_workdays": self.open_workdays,
        }


@dataclass(frozen=True)
class EventView:
    id: int
    action: str
    entity: str
    field: str | None
    old: str | None
    new: str | None
    actor: str
    recorded_at: Any
    effective_on: date
    note: str | None
    corrects: int | None = None  # the event this one puts right
    corrected_by: int | None = None  # the correction that put this one right
    # the PostgreSQL login that wrote it (session_user); None on SQLite
    actor_login: str | None = None

    @property
    def who(self) -> str:
        """The login, with the display name beside it when that differs (``--as``)."""
        if self.actor_login is None or self.actor_login == self.actor:
            return self.actor
        return f"{self.actor_login} ({self.actor})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "corrects": self.corrects,
            "corrected_by": self.corrected_by,
            "action": self.action,
            "entity": self.entity,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "actor": self.actor,
            "actor_login": self.actor_login,
            "recorded_at": self.recorded_at.isoformat() if self.recorded_at else None,
            "effective_on": _iso(self.effective_on),
            "note": self.note,
        }


# Not frozen: building a frozen dataclass sets each field through object.__setattr__
# (~10x the cost); the meeting builds thousands of these per page. Treat as read-only.
def _no_progress() -> Progress:
    from qy_landing.workflow.progress import Progress

    return Progress()


@dataclass
class ProjectView:
    """Everything ``project show`` tells, as of a date."""

    as_of: date
    code: str
    code_kind: str
    name: str
    investor: str
    unit: str
    chain: str
    signing_event: str | None
    signed_on: date
    amount: Decimal
    major: bool
    facts: dict[str, Any]
    workflow: str
    workflow_version: int
    state: str
    state_label: str
    level: str | None
    state_since: date
    suspended_from: str | None
    started_on: date | None
    last_progress_on: date
    idle_workdays: int
    version: int
    allowed_triggers: list[str]
    next_trigger: str | None
    procedures: list[ProcedureView]
    assignments: list[AssignmentView]
    problems: list[ProblemView]
    events: list[EventView]
    funds_in_place: Decimal
    progress: Progress = field(default_factory=_no_progress)  # by approval stage and by level
    introduced_by: str | None = None  # the introducing unit, when not the landing unit

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": _iso(self.as_of),
            "code": self.code,
            "code_kind": self.code_kind,
            "name": self.name,
            "investor": self.investor,
            "unit": self.unit,
            "introduced_by": self.introduced_by or self.unit,
            "chain": self.chain,
            "signing_event": self.signing_event,
            "signed_on": _iso(self.signed_on),
            "amount": format_amount(self.amount),
            "major": self.major,
            "facts": self.facts,
            "workflow": self.workflow,
            "workflow_version": self.workflow_version,
            "state": self.state,
            "level": self.level,
            "state_since": _iso(self.state_since),
            "suspended_from": self.suspended_from,
            "started_on": _iso(self.started_on),
            "last_progress_on": _iso(self.last_progress_on),
            "idle_workdays": self.idle_workdays,
            "version": self.version,
            "allowed_triggers": self.allowed_triggers,
            "next_trigger": self.next_trigger,
            "procedures": [p.as_dict() for p in self.procedures],
            "assignments": [a.as_dict() for a in self.assignments],
            "problems": [p.as_dict() for p in self.problems],
            "events": [e.as_dict() for e in self.events],
            "funds_in_place": format_amount(self.funds_in_place),
            "progress": self.progress.as_dict(),
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def show_project(
    ctx: Context,
    code: str,
    *,
    as_of: date | None = None,
    lang: str = "zh",
    events: int = 10,
    as_recorded: bool = False,
) -> ProjectView:
    """Everything known about one project as of ``as_of`` (default today), names in ``lang``;
    the ``events`` most recent audit events. A past day's state is replayed from the audit
    trail (``as_recorded``: as it was known that day)."""
    as_of = as_of or ctx.today()
    calendar = ctx.calendar()
    ctx = _seen_on(ctx, as_of, as_recorded, project=code)
    with ctx.db.read_connection() as connection:
        return read_project_view(connection, calendar, code, as_of=as_of, lang=lang, events=events)[
            1
        ]


# Built once with bound parameters (their compiled form is cached): a project is read with
# a handful of indexed statements on one connection, no ORM objects (the meeting's card
# reads one per cursor move).
BATCH = 20  # projects read per statement by read_project_views (a page of the meeting)


def fixed_in(column: Any, name: str, size: int = BATCH) -> Any:
    """``column IN (:name0, …)`` with exactly ``size`` parameters: unlike an expanding
    parameter, the statement's compiled form is reused as is on every call (rendering an
    expanding IN costs more than a small indexed read). Fill it with :func:`fixed_params`."""
    return column.in_([bindparam(f"{name}{i}") for i in range(size)])


def fixed_params(name: str, values: Sequence[Any], pad: Any, size: int = BATCH) -> dict[str, Any]:
    """The parameters of :func:`fixed_in` for up to ``size`` values, padded with ``pad`` (a
    value that matches nothing)."""
    if len(values) > size:
        raise ValueError(f"{len(values)} values for {size} parameters")
    padded = [*values, *[pad] * (size - len(values))]
    return {f"{name}{i}": v for i, v in enumerate(padded)}


_FUNDS = (
    select(func.coalesce(exact_sum(_T_FUNDS.c.amount, type_=Amount()), 0))
    .where(_T_FUNDS.c.project_id == _T_PROJECT.c.id, _T_FUNDS.c.received_on <= bindparam("as_of"))
    .correlate(_T_PROJECT)
    .scalar_subquery()
)
_INTRODUCER = _T_UNIT.alias("introducer")
_PROJECT_ROWS = (
    select(
        _T_PROJECT,
        _T_UNIT.c.name.label("unit_name"),
        _INTRODUCER.c.name.label("introducer_name"),  # when not the landing unit
        _T_WORKFLOW.c.digest,
        _FUNDS.label("funds"),
    )
    .join(_T_UNIT, _T_UNIT.c.id == _T_PROJECT.c.unit_id)
    .outerjoin(_INTRODUCER, _INTRODUCER.c.id == _T_PROJECT.c.introducing_unit_id)
    .outerjoin(
        _T_WORKFLOW,
        and_(
            _T_WORKFLOW.c.name == _T_PROJECT.c.workflow,
            _T_WORKFLOW.c.version == _T_PROJECT.c.workflow_version,
        ),
    )
    .where(fixed_in(_T_PROJECT.c.code, "code"))
)
_PROCEDURES = select(_T_PROCEDURE).where(fixed_in(_T_PROCEDURE.c.project_id, "id"))
_ASSIGNMENTS = (
    select(
        _T_ASSIGNMENT.c.project_id,
        _T_ASSIGNMENT.c.role,
        _T_PERSON.c.name,
        _T_UNIT.c.name.label("unit_name"),
        _T_PERSON.c.title,
        _T_PERSON.c.phone,
        _T_PERSON.c.email,
    )
    .join(_T_PERSON, _T_PERSON.c.id == _T_ASSIGNMENT.c.person_id)
    .join(_T_UNIT, _T_UNIT.c.id == _T_PERSON.c.unit_id)
    .where(fixed_in(_T_ASSIGNMENT.c.project_id, "id"))
    .order_by(_T_ASSIGNMENT.c.id)
)
_PROBLEMS = (
    select(_T_PROBLEM, _T_PERSON.c.name.label("owner_name"))
    .outerjoin(_T_PERSON, _T_PERSON.c.id == _T_PROBLEM.c.owner_id)
    .where(fixed_in(_T_PROBLEM.c.project_id, "id"))
    .order_by(_T_PROBLEM.c.id)
)
_EVENTS = (
    select(_T_EVENT)
    .where(_T_EVENT.c.project_id == bindparam("project_id"))
    .order_by(_T_EVENT.c.id.desc())
    .limit(bindparam("events"))
)


def read_project_view(
    connection: Connection,
    calendar: WorkCalendar,
    code: str,
    *,
    as_of: date,
    lang: str = "zh",
    events: int = 10,
) -> tuple[int, ProjectView]:
    """(project id, view) of ``code`` as of ``as_of``, read on ``connection`` (the caller's
    transaction), with its ``events`` latest audit events (see :func:`read_project_views`)."""
    wanted = wanted_code(code)  # full-width digits, other dashes … as stored; length checked
    found = read_project_views(connection, calendar, [wanted], as_of=as_of, lang=lang)
    if not found:  # another unit's project (row-level security), or no such project
        raise missing_project(connection, wanted)
    project_id, view = found[0]
    if events > 0:
        recent = connection.execute(_EVENTS, {"project_id": project_id, "events": events})
        view.events.extend(_event_view(e) for e in recent)
    return project_id, view


def records(result: Any) -> list[Any]:
    """A result's rows as light named tuples, read by name: a SQLAlchemy row's attribute
    access costs ~2 us, and a card reads each column of each row."""
    make = _record_type(tuple(result.keys()))
    return [make(row) for row in result.all()]


@functools.cache
def _record_type(names: tuple[str, ...]) -> Any:
    return collections.namedtuple("Record", names)._make  # type: ignore[attr-defined]


def read_project_views(
    connection: Connection,
    calendar: WorkCalendar,
    codes: Sequence[str],
    *,
    as_of: date,
    lang: str = "zh",
    brief: bool = False,
) -> list[tuple[int, ProjectView]]:
    """(project id, view) of each project of ``codes`` (stored codes; unknown ones are left
    out), in the order given, without audit events: set-based, one indexed statement each
    for the projects (with unit, definition digest and funds in place), procedures,
    assignments and problems per :data:`BATCH` projects. ``brief``: without the facts, the
    allowed triggers and the progress figures (what the meeting's card does not show)."""
    views: dict[str, tuple[int, ProjectView]] = {}
    wanted = list(dict.fromkeys(codes))
    for start in range(0, len(wanted), BATCH):
        for project_id, view in _read_batch(
            connection, calendar, wanted[start : start + BATCH], as_of, lang, brief
        ):
            views[view.code] = (project_id, view)
    return [views[c] for c in wanted if c in views]


def _read_batch(
    connection: Connection,
    calendar: WorkCalendar,
    codes: list[str],
    as_of: date,
    lang: str,
    brief: bool,
) -> list[tuple[int, ProjectView]]:
    projects = records(
        connection.execute(_PROJECT_ROWS, {**fixed_params("code", codes, ""), "as_of": as_of})
    )
    if not projects:
        return []
    ids = fixed_params("id", [p.id for p in projects], 0)
    procedures: dict[int, list[Any]] = {p.id: [] for p in projects}
    for row in records(connection.execute(_PROCEDURES, ids)):
        procedures[row.project_id].append(row)
    assignments: dict[int, list[AssignmentView]] = {p.id: [] for p in projects}
    for r in records(connection.execute(_ASSIGNMENTS, ids)):
        assignments[r.project_id].append(
            AssignmentView(r.role, r.name, r.unit_name, r.title, r.phone, r.email)
        )
    problems: dict[int, list[ProblemView]] = {p.id: [] for p in projects}
    for pr in records(connection.execute(_PROBLEMS, ids)):
        problems[pr.project_id].append(_problem_view(pr, pr.owner_name, calendar, as_of))
    return [
        (
            p.id,
            _view(
                connection,
                p,
                procedures[p.id],
                assignments[p.id],
                problems[p.id],
                Decimal(p.funds),
                calendar,
                as_of,
                lang,
                brief,
            ),
        )
        for p in projects
    ]


def _view(
    connection: Connection,
    project: Any,  # a project row with unit_name and digest
    procedures: list[Any],
    assignments: list[AssignmentView],
    problems: list[ProblemView],
    funds: Decimal,
    calendar: WorkCalendar,
    as_of: date,
    lang: str,
    brief: bool = False,
) -> ProjectView:
    from qy_landing.services.definitions import definition_by_digest, get_definition
    from qy_landing.workflow.progress import Progress, progress_of

    if project.digest is None:  # no such stored version: the lookup names what is stored
        definition = get_definition(connection, project.workflow, project.workflow_version)
    else:
        definition = definition_by_digest(
            connection, project.workflow, project.workflow_version, project.digest
        )
    allowed: list[str] = []
    next_trigger: str | None = None
    if not brief:
        statuses = {p.step: p.status for p in procedures}
        levels = {p.step: p.level for p in procedures}
        allowed, next_trigger = _triggers(definition, project, statuses, levels)
    state = definition.state_by_name.get(project.state)
    return ProjectView(
        as_of=as_of,
        code=project.code,
        code_kind=project.code_kind,
        name=project.name,
        investor=project.investor,
        unit=project.unit_name,
        chain=project.chain,
        signing_event=project.signing_event,
        signed_on=project.signed_on,
        amount=project.amount,
        major=project.major,
        facts={}
        if brief
        else {k: (str(v) if isinstance(v, Decimal) else v) for k, v in facts_of(project).items()},
        workflow=project.workflow,
        workflow_version=project.workflow_version,
        state=project.state,
        state_label=definition.state_label(project.state, lang),
        level=state.level if state else None,
        state_since=project.state_since,
        suspended_from=project.suspended_from,
        started_on=project.started_on,
        last_progress_on=project.last_progress_on,
        idle_workdays=max(0, calendar.workdays_between(project.last_progress_on, as_of)),
        version=project.version or 0,
        allowed_triggers=allowed,
        next_trigger=next_trigger,
        procedures=_procedure_views(definition, procedures, calendar, as_of, lang),
        assignments=assignments,
        problems=problems,
        events=[],
        funds_in_place=funds,
        progress=Progress()
        if brief
        else progress_of(definition, [(p.step, p.level, p.status) for p in procedures]),
        introduced_by=project.introducer_name,
    )


def _procedure_views(
    definition: Definition,
    procedures: Sequence[Any],  # procedure rows
    calendar: WorkCalendar,
    as_of: date,
    lang: str,
) -> list[ProcedureView]:
    """The project's procedures in the definition's order, with working days left."""
    order = definition.step_order
    statuses = {p.step: p.status for p in procedures}
    by_key = definition.step_by_key
    views = []
    for p in sorted(procedures, key=lambda p: order.get(p.step, 999)):
        step = by_key.get(p.step)
        left = (
            calendar.workdays_between(as_of, p.due_on)
            if p.due_on and p.status in RUNNING_STATUSES
            else None
        )
        depends = [d for d in (step.depends_on if step else ()) if d in statuses]
        views.append(
            ProcedureView(
                step=p.step,
                name=step.name.get(lang) if step else p.step,
                level=p.level,
                authority=step.authority_at(p.level).get(lang) if step else "",
                status=p.status,
                limit_days=p.limit_days,
                submitted_on=p.submitted_on,
                accepted_on=p.accepted_on,
                approved_on=p.approved_on,
                rejected_on=p.rejected_on,
                waived_on=p.waived_on,
                waive_reason=p.waive_reason,
                due=p.due_on,
                due_provisional=p.due_provisional,
                workdays_left=left,
                overdue=left is not None and left < 0,
                depends_on=depends,
                waiting_for=[d for d in depends if statuses[d] not in DONE_STATUSES],
                stage=step.stage if step else None,
            )
        )
    return views


def _triggers(
    definition: Definition, project: Any, statuses: dict[str, str], levels: dict[str, str]
) -> tuple[list[str], str | None]:
    """The triggers allowed now, and the next forward one when there is exactly one."""
    from qy_landing.workflow.machine import Subject, machine_for

    subject = Subject(project.code, project.state, statuses, project.suspended_from, levels)
    allowed = machine_for(definition).allowed(subject)
    forward = [
        t.trigger
        for t in definition.transitions_from(project.state)
        if definition.is_forward(t) and t.trigger in allowed
    ]
    return allowed, forward[0] if len(forward) == 1 else None


def _problem_view(
    problem: Any, owner: str | None, calendar: WorkCalendar, as_of: date
) -> ProblemView:
    return ProblemView(
        id=problem.id or 0,
        text=problem.text,
        owner=owner,
        opened_on=problem.opened_on,
        resolved_on=problem.resolved_on,
        resolution=problem.resolution,
        open_workdays=None
        if problem.resolved_on
        else max(0, calendar.workdays_between(problem.opened_on, as_of)),
    )


def _event_view(e: Any) -> EventView:  # an event row or object
    return EventView(
        id=e.id or 0,
        action=e.action,
        entity=e.entity,
        field=e.field,
        old=e.old,
        new=e.new,
        actor=e.actor,
        recorded_at=e.recorded_at,
        effective_on=e.effective_on,
        note=e.note,
        corrects=e.corrects,
        actor_login=e.actor_login,
    )


def history(ctx: Context, code: str) -> list[EventView]:
    """The whole audit trail of a project, oldest first; a correction right after the event
    it corrects, each marked with the other."""
    with ctx.db.read_connection() as connection:
        rows = connection.execute(
            select(_T_EVENT)
            .where(_T_EVENT.c.project_id == project_id(connection, code))
            .order_by(_T_EVENT.c.id)
        ).all()
    corrected_by = {e.corrects: e.id for e in rows if e.corrects is not None}
    views = {
        e.id: replace(_event_view(e), corrected_by=corrected_by.get(e.id)) for e in rows if e.id
    }
    ordered: list[EventView] = []

    def place(view: EventView) -> None:
        ordered.append(view)
        follower = corrected_by.get(view.id)
        if follower is not None and follower in views:
            place(views.pop(follower))

    for event_id in sorted(views):
        if event_id in views and views[event_id].corrects not in views:
            place(views.pop(event_id))
    ordered.extend(views.values())
    return ordered


def replay_state(ctx: Context, code: str) -> str:
    """The state the audit trail leads to (the events that count: corrected and undone ones
    left out); equals the stored state unless the trail is broken."""
    from qy_landing.services.replay import EventRow, live_events

    views = history(ctx, code)
    rows = [
        EventRow(
            e.id, None, e.entity, None, e.action, e.field, e.old, e.new, e.recorded_at,
            e.effective_on, e.note, e.corrects,
        )
        for e in views
    ]  # fmt: skip
    state: str | None = None
    for event in live_events(rows):
        if event.entity == "project" and event.field == "state":
            if event.old != state:
                raise ValueError(f"audit trail of {code} jumps from {state} to {event.old}")
            state = event.new
    return state or ""


@dataclass(frozen=True)
class ProjectRow:
    code: str
    name: str
    unit: str
    chain: str
    state: str
    amount: Decimal
    signed_on: date
    signing_event: str | None
    major: bool
    open_procedures: int
    overdue_procedures: int
    last_progress_on: date
    workflow: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "unit": self.unit,
            "chain": self.chain,
            "state": self.state,
            "amount": format_amount(self.amount),
            "signed_on": _iso(self.signed_on),
            "signing_event": self.signing_event,
            "major": self.major,
            "open_procedures": self.open_procedures,
            "overdue_procedures": self.overdue_procedures,
            "last_progress_on": _iso(self.last_progress_on),
            "workflow": self.workflow,
        }


SORTS = ("signed", "code", "name", "amount", "unit", "state")


@dataclass(frozen=True)
class ProjectFilter:
    """Which projects a list shows: by unit, state, chain, overdue, a person, a search text."""

    unit: str | None = None
    state: str | None = None
    chain: str | None = None
    overdue: bool = False
    search: str | None = None  # a substring of the code, name or investor
    person: str | None = None  # a person assigned in any role


def _project_query(session: Session | Connection, where: ProjectFilter, as_of: date) -> Any:
    """The select of :func:`list_projects` with its filters, unsorted and unlimited."""
    counts = (
        select(
            _T_PROCEDURE.c.project_id.label("project_id"),
            func.sum(case((_T_PROCEDURE.c.status.not_in(DONE_STATUSES), 1), else_=0)).label("open"),
            func.sum(
                case(
                    (
                        and_(
                            _T_PROCEDURE.c.status.in_(RUNNING_STATUSES),
                            _T_PROCEDURE.c.due_on < as_of,
                        ),
                        1,
                    ),
                    else_=0,
                )
            ).label("overdue"),
        )
        .group_by(_T_PROCEDURE.c.project_id)
        .subquery()
    )
    query: Any = (
        select(
            _P.code,
            _P.name,
            _T_UNIT.c.name.label("unit"),
            _P.chain,
            _P.state,
            _P.amount,
            _P.signed_on,
            _P.signing_event,
            _P.major,
            _P.last_progress_on,
            _P.workflow,
            counts.c.open,
            counts.c.overdue,
        )
        .join(_T_UNIT, _T_UNIT.c.id == _P.unit_id)
        .outerjoin(counts, counts.c.project_id == _P.id)
    )
    if where.unit:
        from qy_landing.services.units import find_unit

        assert not isinstance(session, Connection)  # (iter_projects: the ORM for a unit)
        query = query.where(_P.unit_id == find_unit(session, where.unit).id)
    if where.state:
        state = name_key("state", where.state)
        from qy_landing.services.definitions import all_states

        assert not isinstance(session, Connection)
        known = sorted(all_states(session))
        if state not in known:
            raise ChoiceError("state", state, [Term("state", s) for s in known])
        query = query.where(_P.state == state)
    if where.chain:
        query = query.where(_P.chain == resolve("chain", where.chain, CHAINS))
    if where.overdue:
        query = query.where(counts.c.overdue > 0)
    if where.search and where.search.strip():
        needle = "%" + _like_escaped(where.search.strip()) + "%"
        query = query.where(
            or_(
                _P.code.ilike(needle, escape="\\"),
                _P.name.ilike(needle, escape="\\"),
                _P.investor.ilike(needle, escape="\\"),
            )
        )
    if where.person and where.person.strip():
        assigned = (
            select(_T_ASSIGNMENT.c.project_id)
            .join(_T_PERSON, _T_PERSON.c.id == _T_ASSIGNMENT.c.person_id)
            .where(_T_PERSON.c.name == where.person.strip())
        )
        query = query.where(_P.id.in_(assigned))
    return query


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _ordered(query: Any, sort: str) -> Any:
    """``query`` in the order ``sort`` names (see :data:`SORTS`); the code breaks ties."""
    key = resolve_sort(sort)
    order = {
        "signed": _P.signed_on.desc(),
        "code": _P.code,
        "name": _P.name,
        "amount": _P.amount.desc(),
        "unit": _P.unit_id,
        "state": _P.state,
    }[key]
    return query.order_by(order, _P.code)


def resolve_sort(sort: str) -> str:
    """A sort key from its key or its Chinese or English name."""
    from qy_landing.errors import terms
    from qy_landing.i18n import LANGS, term
    from qy_landing.vocabulary import fold

    wanted = fold(sort)
    for key in SORTS:
        if wanted in (key, *(fold(term("sort", key, lang)) for lang in LANGS)):
            return key
    raise ChoiceError("sort", sort, terms("sort", SORTS))


def _seen_on(
    ctx: Context, as_of: date, as_recorded: bool, *, project: str | None = None
) -> Context:
    """``ctx`` as the database stood on ``as_of`` (:func:`snapshot.at`); today's reads need
    no snapshot, and its module (replay and all) is imported only for a past day."""
    if not as_recorded and as_of >= ctx.today():
        return ctx
    from qy_landing.services.snapshot import at

    return at(ctx, as_of, as_recorded=as_recorded, project=project)


def count_projects(
    ctx: Context, where: ProjectFilter, *, as_of: date | None = None, as_recorded: bool = False
) -> int:
    """How many projects :func:`list_projects` would show without a limit."""
    as_of = as_of or ctx.today()
    ctx = _seen_on(ctx, as_of, as_recorded)
    with ctx.db.read() as session:
        query = _project_query(session, where, as_of).subquery()
        return int(session.execute(select(func.count()).select_from(query)).scalar_one())


def list_projects(
    ctx: Context,
    *,
    unit: str | None = None,
    state: str | None = None,
    chain: str | None = None,
    overdue: bool = False,
    as_of: date | None = None,
    limit: int | None = None,
    search: str | None = None,
    person: str | None = None,
    sort: str = "signed",
    as_recorded: bool = False,
) -> list[ProjectRow]:
    """Projects by unit, state (key or name), chain, overdue procedures, a search text or a
    person; newest signing first unless ``sort`` says otherwise (:data:`SORTS`); as they
    stood on ``as_of`` (replayed from the audit trail for a past day)."""
    where = ProjectFilter(unit, state, chain, overdue, search, person)
    return list(
        iter_projects(ctx, where, as_of=as_of, limit=limit, sort=sort, as_recorded=as_recorded)
    )


STREAM_CHUNK = 1000  # rows fetched from the database at a time by iter_projects


def iter_projects(
    ctx: Context,
    where: ProjectFilter | None = None,
    *,
    as_of: date | None = None,
    limit: int | None = None,
    sort: str = "signed",
    chunk: int | None = None,
    as_recorded: bool = False,
) -> Iterator[ProjectRow]:
    """The projects of :func:`list_projects`, streamed: read ``chunk`` rows at a time (a
    server-side cursor on PostgreSQL) and handed on as they come, so a caller that writes
    each row away holds no more than a chunk in memory, whatever the number of projects.

    The filter is checked (and its errors raised) on the first ``next()``; the read
    transaction stays open until the iterator is exhausted or closed. ``chunk`` defaults
    to :data:`STREAM_CHUNK`.
    """
    where = where or ProjectFilter()
    as_of = as_of or ctx.today()
    ctx = _seen_on(ctx, as_of, as_recorded)
    # a unit or state filter is looked up through the ORM; the plain list reads on a plain
    # connection, so `project list --all` never imports the ORM
    reader = ctx.db.read() if where.unit or where.state else ctx.db.read_connection()
    with reader as session:
        query = _ordered(_project_query(session, where, as_of), sort)
        if limit:
            query = query.limit(limit)
        streamed = query.execution_options(yield_per=chunk or STREAM_CHUNK)
        # rows unpacked by position in the select's order (_project_query): a row's
        # attribute access costs ~2 µs, 13 of them per project
        for (code, name, unit, chain, state, amount, signed_on, signing_event, major,
             last_progress_on, workflow, open_, overdue) in session.execute(streamed):  # fmt: skip
            yield ProjectRow(
                code,
                name,
                unit,
                chain,
                state,
                amount,
                signed_on,
                signing_event,
                major,
                int(open_ or 0),
                int(overdue or 0),
                last_progress_on,
                workflow,
            )
