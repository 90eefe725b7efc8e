"""The shape of every change to a project: one transaction, optimistic locking, audit events.

    with change_project(ctx, code) as change:
        ...modify change.project / change.procedures...
        change.record("procedure", field=step, old="pending", new="submitted", on=on)

The project, its procedures, the digest of its workflow definition and the calendar
version are read in one statement (the procedures as one JSON array:
:class:`~qy_landing.store.types.json_rows`; a status change that recounts a due date also
gets its step's stored status events there: ``history_of``) into plain records, and written
back as explicit statements when the block ends: one ``UPDATE`` of the changed columns of
each changed procedure, one ``INSERT`` of all the audit events, and the project itself with
``UPDATE … SET version = version + 1 WHERE id = :id AND version = :read``. If someone else
changed the project after we read it, that update matches no row and
:class:`ConflictError` is raised; the whole transaction is rolled back, so no update is
ever lost. These statements are built with SQLAlchemy Core, compiled once per dialect and
sent to the driver's cursor on the transaction's connection (:class:`_Prepared`): the ORM's
unit of work did the same at ~1.7 ms a call, Core's execution at ~0.5 ms — see
docs/performance.md. Rarer changes that create rows of their own (assignments, problems,
funds) use ``change.session``, an ORM session on the same connection and transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from decimal import Decimal
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

from sqlalchemy import Date, DateTime, and_, bindparam, delete, insert, or_, select, update
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from qy_landing.calendar import WorkCalendar
from qy_landing.errors import ConflictError, DateOrderError, Term
from qy_landing.services.context import Context
from qy_landing.services.definitions import definition_of_digest, get_definition
from qy_landing.services.project_views import missing_project, wanted_code
from qy_landing.services.replay import EVENT_COLUMNS, VOID, EventRow
from qy_landing.store.models import (
    CalendarState,
    Event,
    Procedure,
    Project,
    WorkflowVersion,
    facts_of,
    table_of,
)
from qy_landing.store.types import UTCDateTime, json_rows
from qy_landing.workflow.definition import Definition, Step
from qy_landing.workflow.machine import LandingMachine, Move, Subject, machine_for

# --- plain records of the rows a change reads ---------------------------------------------


@dataclass
class ProjectRecord:
    """A project row as read for a change (the columns of :class:`Project`)."""

    id: int
    code: str
    code_kind: str
    name: str
    investor: str
    unit_id: int
    chain: str
    signing_event: str | None
    signed_on: date
    amount: Decimal
    major: bool
    new_land: bool
    hazardous: bool
    approval_listed: bool
    eia_full: bool
    energy_tce: float | None
    approval_level: str | None
    in_planned_urban_land: bool
    over_mineral_area: bool
    relics_zone: bool
    uses_forest_or_grassland: bool
    abstracts_water: bool
    civil_building: bool
    description: str | None
    planned_start_on: date | None
    workflow: str
    workflow_version: int
    state: str
    state_since: date
    suspended_from: str | None
    started_on: date | None
    last_progress_on: date
    created_at: datetime
    updated_at: datetime
    version: int
    introducing_unit_id: int | None = None  # None: the landing unit introduced it

    def facts(self) -> dict[str, object]:
        return facts_of(self)


@dataclass
class ProcedureRecord:
    """A procedure row as read for a change (the columns of :class:`Procedure`)."""

    id: int | None
    project_id: int
    step: str
    level: str
    limit_days: int
    status: str = "pending"
    submitted_on: date | None = None
    accepted_on: date | None = None
    approved_on: date | None = None
    rejected_on: date | None = None
    waived_on: date | None = None
    waive_reason: str | None = None
    due_on: date | None = None
    due_provisional: bool = False
    updated_on: date | None = None


_PROJECT_COLUMNS = tuple(f.name for f in fields(ProjectRecord))
_PROCEDURE_COLUMNS = tuple(f.name for f in fields(ProcedureRecord))
_PROCEDURE_DATES = frozenset(f.name for f in fields(ProcedureRecord) if f.name.endswith("_on"))
_DATE_AT = tuple(i for i, name in enumerate(_PROCEDURE_COLUMNS) if name in _PROCEDURE_DATES)
_PROVISIONAL_AT = _PROCEDURE_COLUMNS.index("due_provisional")
_STEP_AT = _PROCEDURE_COLUMNS.index("step")
_STATUS_AT = _PROCEDURE_COLUMNS.index("status")
_LEVEL_AT = _PROCEDURE_COLUMNS.index("level")
_VERSION_AT = _PROJECT_COLUMNS.index("version")


def _procedure_of_json(values: list[Any]) -> ProcedureRecord:
    """A procedure record from its JSON array (ISO dates; 0/1 or true/false)."""
    for at in _DATE_AT:
        if values[at] is not None:
            values[at] = date.fromisoformat(values[at])
    values[_PROVISIONAL_AT] = bool(values[_PROVISIONAL_AT])
    return ProcedureRecord(*values)


def _values(record: Any, columns: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(record, name) for name in columns}


# The values of a record as one tuple (one C call): what was read is kept this way, and a
# record is compared with it whole before looking for the columns that changed.
_project_values = attrgetter(*_PROJECT_COLUMNS)
_procedure_values = attrgetter(*_PROCEDURE_COLUMNS)


def _changed(
    columns: tuple[str, ...], read: tuple[Any, ...], now: tuple[Any, ...]
) -> dict[str, Any]:
    return {c: v for c, r, v in zip(columns, read, now, strict=True) if r != v}


class _Statements:
    """The statements of the change path, built once per process (compiled-cache friendly)."""

    def __init__(self) -> None:
        project, procedure = table_of(Project), table_of(Procedure)
        workflow = table_of(WorkflowVersion)
        self.project = project
        self.procedure = procedure
        # One statement reads everything a change needs: the project, the digest of its
        # workflow version (the parsed definition is kept per digest) and its procedures.
        # The calendar version comes with it, so the context's cached working-day calendar
        # is checked inside this transaction (not by a read of its own).
        procedures = (
            select(json_rows(*(procedure.c[n] for n in _PROCEDURE_COLUMNS)))
            .where(procedure.c.project_id == project.c.id)
            .scalar_subquery()
        )
        calendar = table_of(CalendarState)
        calendar_version = (
            select(calendar.c.value).where(calendar.c.key == "version").scalar_subquery()
        )
        read = (
            select(
                *(project.c[n] for n in _PROJECT_COLUMNS),
                workflow.c.digest,
                calendar_version,
                procedures,
            )
            .select_from(
                project.outerjoin(
                    workflow,
                    (workflow.c.name == project.c.workflow)
                    & (workflow.c.version == project.c.workflow_version),
                )
            )
            .where(project.c.code == bindparam("code"))
        )
        self.read_project = read
        # A status change also reads the status history of its step (the statutory clock
        # counts the due date from it) and the renames of steps, in the same statement.
        event = table_of(Event)
        history = (
            select(json_rows(*(event.c[n] for n in EVENT_COLUMNS)))
            .where(
                event.c.project_id == project.c.id,
                or_(
                    event.c.action == "procedure_renamed",
                    and_(
                        event.c.entity == "procedure",
                        event.c.field == bindparam("step"),
                        or_(event.c.action == "procedure", event.c.action == VOID),
                    ),
                ),
            )
            .scalar_subquery()
        )
        self.read_project_history = read.add_columns(history)
        events = table_of(Event)
        self.insert_event = insert(events).values(
            {c: bindparam(c, type_=events.c[c].type) for c in _EVENT_INSERTED}
        )
        self.insert_procedure = insert(procedure)
        self.delete_procedure = delete(procedure).where(procedure.c.id == bindparam("gone"))
        self._updates: dict[tuple[str, tuple[str, ...]], Any] = {}
        self._prepared: dict[tuple[str, Any], _Prepared] = {}

    def update(self, table: str, columns: tuple[str, ...]) -> Any:
        """``UPDATE`` of these columns by id (the project's also checks and bumps the version),
        built once per set of columns: parameters ``_id``, ``_read`` and ``v_<column>``."""
        found = self._updates.get((table, columns))
        if found is None:
            target = self.project if table == "project" else self.procedure
            values: dict[str, Any] = {
                c: bindparam(f"v_{c}", type_=target.c[c].type) for c in columns
            }
            found = update(target).where(target.c.id == bindparam("_id"))
            if table == "project":
                found = found.where(target.c.version == bindparam("_read"))
                values["version"] = target.c.version + 1
            found = self._updates[(table, columns)] = found.values(values)
        return found

    def prepared(self, key: Any, statement: Any, dialect: Dialect) -> _Prepared:
        """``statement`` compiled for ``dialect`` once (``key`` names it)."""
        found = self._prepared.get((key, dialect))
        if found is None:
            found = self._prepared[(key, dialect)] = _Prepared(statement, dialect)
        return found


# The columns of an audit event the change path writes (the rest: NULL, or a trigger's).
_EVENT_INSERTED = (
    "project_id", "entity", "entity_id", "action", "field", "old", "new", "actor",
    "recorded_at", "effective_on", "note", "corrects",
)  # fmt: skip


class _Prepared:
    """A statement of the change path compiled once for a dialect and sent straight to the
    driver (:func:`_send`), with the columns' own bind and result processors applied here.

    SQLAlchemy's ``execute`` of even a cached Core statement costs ≈ 40–70 µs of Python a
    statement on the benchmark machine (its compiled-cache look-up, parameter and result
    machinery), against ≈ 15 µs for the driver to run a small statement of the change
    path (docs/performance.md); a change sends three or four of them.
    """

    def __init__(self, statement: Any, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql: str = compiled.string
        self.positional: bool = bool(compiled.positional)
        if self.positional:
            rendered = [(compiled.binds[name], name) for name in compiled.positiontup or ()]
        else:
            rendered = [(bind, name) for bind, name in compiled.bind_names.items()]
        # per parameter of the text: its name in the SQL, the key of the caller's value
        # (None: a constant of the statement, already processed) and the bind processor
        self.names = tuple(name for _bind, name in rendered)
        self.binds: list[tuple[str | None, Any, Any]] = []
        for bind, _name in rendered:
            processor = _bind_processor(bind.type, dialect)
            if bind.required:
                self.binds.append((bind.key, None, processor))
            else:
                value = bind.effective_value
                self.binds.append((None, processor(value) if processor else value, None))
        self.dialect = dialect
        self.columns = list(getattr(statement, "selected_columns", ()))
        # the result processors of a SELECT's columns by position, made on its first run
        # (they depend on the driver's type codes)
        self.results: list[tuple[int, Any]] | None = None

    def parameters(self, values: dict[str, Any]) -> Any:
        """The driver's parameters (a tuple, or a dict by name) from the caller's values."""
        out = [
            value if key is None else processor(values[key]) if processor else values[key]
            for key, value, processor in self.binds
        ]
        return tuple(out) if self.positional else dict(zip(self.names, out, strict=True))

    def run(self, connection: Connection, values: dict[str, Any]) -> int:
        """Run a DML statement; the number of rows it matched."""
        cursor = _send(connection, self.sql, self.parameters(values))
        count: int = cursor.rowcount
        cursor.close()
        return count

    def many(self, connection: Connection, rows: list[dict[str, Any]]) -> None:
        """Run a DML statement once per row of values (one ``executemany``)."""
        _send(connection, self.sql, [self.parameters(row) for row in rows], many=True).close()

    def first(self, connection: Connection, values: dict[str, Any]) -> list[Any] | None:
        """The first row (its values processed as the columns' types say), or None."""
        cursor = _send(connection, self.sql, self.parameters(values))
        try:
            if self.results is None:
                self.results = []
                for at, (column, described) in enumerate(
                    zip(self.columns, cursor.description, strict=True)
                ):
                    impl = column.type.dialect_impl(self.dialect)
                    processor = impl.result_processor(self.dialect, described[1])
                    if processor is not None:
                        self.results.append((at, processor))
            row = cursor.fetchone()
        finally:
            cursor.close()
        if row is None:
            return None
        out = list(row)
        for at, processor in self.results:
            out[at] = processor(out[at])
        return out


def _bind_processor(type_: Any, dialect: Dialect) -> Any:
    """The column type's bind processor for ``dialect``; on SQLite, for dates and times,
    the same text as SQLAlchemy's (``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM:SS.ffffff``) made by
    ``isoformat`` in C, SQLAlchemy's own processor kept for any other kind of value."""
    processor = type_.dialect_impl(dialect).bind_processor(dialect)
    if dialect.name != "sqlite" or processor is None:
        return processor
    generic = processor
    if isinstance(type_, UTCDateTime):

        def utc(value: Any) -> Any:
            if type(value) is datetime and value.tzinfo is not None:
                return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
            return generic(value)

        return utc
    if isinstance(type_, DateTime):

        def naive(value: Any) -> Any:
            if type(value) is datetime and value.tzinfo is None:
                return value.isoformat(" ", "microseconds")
            return generic(value)

        return naive
    if isinstance(type_, Date):

        def day(value: Any) -> Any:
            return value.isoformat() if type(value) is date else generic(value)

        return day
    return processor


def _send(connection: Connection, sql: str, parameters: Any, *, many: bool = False) -> Any:
    """Send ``sql`` to the driver on ``connection`` (inside its transaction); the cursor.

    What SQLAlchemy's own execution does and this keeps: the connection's
    ``before_cursor_execute`` listeners see the statement (the statement-budget test counts
    them), and a driver error is raised as SQLAlchemy's (``OperationalError`` …), a lost
    connection invalidated.
    """
    cursor = connection.connection.cursor()
    try:
        # the flags SQLAlchemy's own execution checks before looking for listeners
        if connection._has_events or connection.engine._has_events:
            for listener in connection.dispatch.before_cursor_execute:
                sql, parameters = listener(connection, cursor, sql, parameters, None, many)
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
    except connection.dialect.loaded_dbapi.Error as exc:
        dialect = connection.dialect
        lost = dialect.is_disconnect(exc, connection.connection.dbapi_connection, cursor)
        cursor.close()
        if lost:
            connection.invalidate(exc)
        raise DBAPIError.instance(
            sql,
            parameters,
            exc,
            dialect.loaded_dbapi.Error,
            connection_invalidated=lost,
            dialect=dialect,
            ismulti=many,
        ) from exc
    return cursor


_STATEMENTS: _Statements | None = None


def _statements() -> _Statements:
    global _STATEMENTS
    if _STATEMENTS is None:
        _STATEMENTS = _Statements()
    return _STATEMENTS


@dataclass
class ProjectChange:
    """One project being changed inside one write transaction."""

    ctx: Context
    connection: Connection
    project: ProjectRecord
    definition: Definition
    events: list[dict[str, Any]] = field(default_factory=list)
    _read: tuple[Any, ...] = ()
    # The procedures as read, by step in id order: their JSON arrays until a record is asked
    # for (a status change touches one or two of a project's ~9; a move reads only their
    # statuses and levels), then the records, which write() compares with what was read.
    _procedures: dict[str, ProcedureRecord] | None = None
    _unread: dict[str, list[Any]] = field(default_factory=dict)
    _procedures_read: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    _removed: list[int] = field(default_factory=list)
    _session: Session | None = None
    # the calendar version read with the project ("" before the calendar first changed)
    calendar_version: str = ""
    # the stored status events of one step and the step renames, when read with the project
    _history_step: str | None = None
    _history: list[EventRow] = field(default_factory=list)
    _now: datetime | None = None

    def __post_init__(self) -> None:
        self._read = _project_values(self.project)
        if self._procedures is not None:
            for record in self._procedures.values():
                assert record.id is not None
                self._procedures_read[record.id] = _procedure_values(record)
        self._order: list[str] = list(self._unread)
        self._order_set = frozenset(self._order)

    @property
    def project_id(self) -> int:
        return self.project.id

    @property
    def session(self) -> Session:
        """An ORM session on this change's connection and transaction (for rarer rows)."""
        if self._session is None:
            self._session = Session(bind=self.connection, autoflush=False, expire_on_commit=False)
        return self._session

    @property
    def procedures(self) -> dict[str, ProcedureRecord]:
        """The project's procedures by step (read with the project), as changed so far."""
        assert self._procedures is not None, "a change is made by load_change"
        if self._unread:
            # every record now, in the order read (id order), then those added since
            made = self._procedures
            self._procedures = {
                step: made[step] if step in made else self._made(step) for step in self._order
            }
            self._procedures.update(made)
        return self._procedures

    def procedure(self, step: str) -> ProcedureRecord | None:
        """The procedure of ``step`` (None: not applicable), its record made only now."""
        assert self._procedures is not None, "a change is made by load_change"
        found = self._procedures.get(step)
        if found is None and step in self._unread:
            found = self._procedures[step] = self._made(step)
        return found

    def _made(self, step: str) -> ProcedureRecord:
        record = _procedure_of_json(self._unread.pop(step))
        assert record.id is not None
        self._procedures_read[record.id] = _procedure_values(record)
        return record

    def statuses_and_levels(self) -> tuple[dict[str, str], dict[str, str]]:
        """Each procedure's status and level by step (without making the records)."""
        statuses, levels = {}, {}
        made = self._procedures or {}
        for step in [*self._order, *(s for s in made if s not in self._order_set)]:
            record = made.get(step)
            if record is not None:
                statuses[step], levels[step] = record.status, record.level
            elif step in self._unread:
                values = self._unread[step]
                statuses[step], levels[step] = values[_STATUS_AT], values[_LEVEL_AT]
        return statuses, levels

    def add_procedure(self, step: Step) -> ProcedureRecord:
        record = ProcedureRecord(None, self.project.id, step.key, step.level, step.limit)
        self.procedures[step.key] = record
        return record

    def remove_procedure(self, key: str) -> ProcedureRecord:
        record = self.procedures.pop(key)
        if record.id is not None:
            self._removed.append(record.id)
        return record

    def calendar(self) -> WorkCalendar:
        """The working-day calendar at the version read with the project (the context's
        cached one while that version holds, else read again on this connection)."""
        return self.ctx.calendar_at(self.calendar_version, self.connection)

    def stored_events(self, step: str) -> list[EventRow] | None:
        """The stored ``procedure`` and ``void`` events of ``step`` and every step rename,
        in id order, if they were read with the project (``history_of=step``); else None."""
        if self._history_step != step:
            return None
        return self._history

    @property
    def machine(self) -> LandingMachine:
        return machine_for(self.definition)

    def subject(self) -> Subject:
        statuses, levels = self.statuses_and_levels()
        return Subject(
            project=self.project.code,
            state=self.project.state,
            statuses=statuses,
            suspended_from=self.project.suspended_from,
            levels=levels,
        )

    def record(
        self,
        action: str,
        *,
        on: date,
        field: str | None = None,
        old: object = None,
        new: object = None,
        entity: str = "project",
        entity_id: int | None = None,
        note: str | None = None,
        corrects: int | None = None,
    ) -> dict[str, Any]:
        """Add an audit event, written with the change (``corrects``: the event it corrects)."""
        event = {
            "project_id": self.project.id,
            "entity": entity,
            "entity_id": entity_id if entity_id is not None else self.project.id,
            "action": action,
            "field": field,
            "old": None if old is None else str(old),
            "new": None if new is None else str(new),
            "actor": self.ctx.actor,
            "recorded_at": self.now(),
            "effective_on": on,
            "note": note,
            "corrects": corrects,
        }
        self.events.append(event)
        return event

    def progress(self, on: date) -> None:
        """Something moved: the project is not idle as of ``on``."""
        if on > self.project.last_progress_on:
            self.project.last_progress_on = on

    def apply_move(self, move: Move, on: date, *, action: str, note: str | None) -> None:
        project = self.project
        if on < project.state_since:
            raise DateOrderError(
                Term("noun", "trigger"), on, Term("noun", "state"), project.state_since
            )
        dest = self.definition.state(move.dest)
        if dest.kind == "suspended":
            project.suspended_from = move.source
        elif self.definition.state(move.source).kind == "suspended":
            project.suspended_from = None
        if dest.final and self.definition.is_forward(move.transition):
            project.started_on = on
        project.state = move.dest
        project.state_since = on
        self.record(action, on=on, field="state", old=move.source, new=move.dest, note=note)
        self.progress(on)

    def pass_empty_levels(self, on: date) -> list[Move]:
        """Leave every level that has no applicable procedure, recording each pass."""
        moves: list[Move] = []
        while True:
            state = self.definition.state(self.project.state)
            if state.level is None:
                return moves
            _statuses, levels = self.statuses_and_levels()
            if any(
                level == state.level
                for step, level in levels.items()
                if step in self.definition.step_by_key
            ):
                return moves
            exit_transition = next(
                t
                for t in self.definition.transitions_from(state.name)
                if "level_complete" in t.guards
            )
            move = self.machine.fire(self.subject(), exit_transition.trigger)
            self.apply_move(move, on, action="auto_pass", note=None)
            moves.append(move)

    def now(self) -> datetime:
        """The time of this change (read from the clock once: its events and the project's
        ``updated_at`` carry the same time)."""
        if self._now is None:
            self._now = self.ctx.clock.now()
        return self._now

    def touch(self) -> None:
        self.project.updated_at = self.now()

    def write(self) -> None:
        """Write everything changed; the project last, guarded by the version it was read at."""
        statements = _statements()
        if self._session is not None:
            self._session.flush()
        for gone in self._removed:
            self.connection.execute(statements.delete_procedure, {"gone": gone})
        for record in (self._procedures or {}).values():
            if record.id is None:
                values = _values(record, _PROCEDURE_COLUMNS)
                del values["id"]
                record.id = self.connection.execute(
                    statements.insert_procedure.returning(statements.procedure.c.id), values
                ).scalar_one()
                continue
            read = self._procedures_read[record.id]
            now = _procedure_values(record)
            if now == read:
                continue
            changed = _changed(_PROCEDURE_COLUMNS, read, now)
            if changed:
                columns = tuple(changed)
                statements.prepared(
                    ("procedure", columns),
                    statements.update("procedure", columns),
                    self.connection.dialect,
                ).run(
                    self.connection,
                    {"_id": record.id, **{f"v_{k}": v for k, v in changed.items()}},
                )
        dialect = self.connection.dialect
        if self.events:
            statements.prepared("insert_event", statements.insert_event, dialect).many(
                self.connection, self.events
            )
        self.touch()
        changed = _changed(_PROJECT_COLUMNS, self._read, _project_values(self.project))
        changed.pop("version", None)
        read_version = self._read[_VERSION_AT]
        columns = tuple(changed)
        done = statements.prepared(
            ("project", columns), statements.update("project", columns), dialect
        ).run(
            self.connection,
            {
                "_id": self.project.id,
                "_read": read_version,
                **{f"v_{k}": v for k, v in changed.items()},
            },
        )
        if done != 1:
            # Someone committed a change to this project after we read it.
            raise ConflictError(self.project.code, read_version, None)
        self.project.version = read_version + 1


def load_change(
    ctx: Context,
    connection: Connection,
    code: str,
    *,
    session: Session | None = None,
    history_of: str | None = None,
) -> ProjectChange:
    """Read ``code`` for a change on ``connection`` (inside its write transaction).

    ``history_of``: a step key whose stored status events are read in the same statement
    (:meth:`ProjectChange.stored_events`), for a change that recounts its due date.
    """
    wanted = wanted_code(code)
    statements = _statements()
    if history_of is None:
        row = statements.prepared(
            "read_project", statements.read_project, connection.dialect
        ).first(connection, {"code": wanted})
        history = None
    else:
        row = statements.prepared(
            "read_project_history", statements.read_project_history, connection.dialect
        ).first(connection, {"code": wanted, "step": history_of})
    if row is None:
        raise missing_project(connection, wanted)
    if history_of is None:
        *columns, digest, calendar_version, procedures = row
    else:
        *columns, digest, calendar_version, procedures, history = row
    project = ProjectRecord(*columns)
    if digest is None:  # no such stored version: get_definition names what there is
        definition = get_definition(connection, project.workflow, project.workflow_version)
    else:
        definition = definition_of_digest(
            connection, project.workflow, project.workflow_version, digest
        )
    if isinstance(procedures, str):  # SQLite gives the text; psycopg parses json itself
        procedures = json.loads(procedures)
    # in id order (the JSON array's order is not guaranteed)
    unread = {p[_STEP_AT]: p for p in sorted(procedures or (), key=_FIRST)}
    return ProjectChange(
        ctx,
        connection,
        project,
        definition,
        _procedures={},
        _unread=unread,
        _session=session,
        calendar_version=calendar_version or "",
        _history_step=history_of,
        _history=[] if history is None else _events_of_json(history),
    )


_EVENT_RECORDED_AT = EVENT_COLUMNS.index("recorded_at")
_EVENT_EFFECTIVE_ON = EVENT_COLUMNS.index("effective_on")


def _events_of_json(events: str | list[list[Any]]) -> list[EventRow]:
    """Event rows from their JSON arrays (ISO dates, naive UTC datetimes), in id order."""
    arrays: list[list[Any]] = json.loads(events) if isinstance(events, str) else events
    rows: list[EventRow] = []
    for values in arrays or ():
        recorded = datetime.fromisoformat(values[_EVENT_RECORDED_AT])
        values[_EVENT_RECORDED_AT] = recorded.replace(tzinfo=UTC)
        values[_EVENT_EFFECTIVE_ON] = date.fromisoformat(values[_EVENT_EFFECTIVE_ON])
        rows.append(EventRow(*values))
    rows.sort(key=_event_id)
    return rows


def _event_id(event: EventRow) -> int:
    return event.id


_FIRST = itemgetter(0)


@contextmanager
def change_project(
    ctx: Context, code: str, *, expected_version: int | None = None, history_of: str | None = None
) -> Iterator[ProjectChange]:
    """One write transaction around a change of ``code`` (see the module's docstring);
    ``history_of`` as for :func:`load_change`."""
    with ctx.db.write_connection() as connection:
        change = load_change(ctx, connection, code, history_of=history_of)
        try:
            if expected_version is not None and change.project.version != expected_version:
                raise ConflictError(change.project.code, expected_version, change.project.version)
            yield change
            change.write()
        finally:
            if change._session is not None:
                change._session.close()


T = TypeVar("T")
RETRIES = 3


def retry_on_conflict(
    call: Callable[[ConflictError | None], T],
    *,
    attempts: int = RETRIES,
    notify: Callable[[ConflictError, int, int], None] | None = None,
) -> T:
    """Run a change; if another writer committed first, run it again on the new version.

    Each attempt is a whole new transaction: it reads the project again and checks the
    change against what it finds, so a change that is no longer valid fails with its own
    error. ``call`` gets the conflict of the previous attempt (None at first) — a caller
    whose change was worked out from the old version (``advance`` without a trigger)
    repeats that, not a new one. At most ``attempts`` runs; ``notify(conflict, attempt,
    attempts)`` is told before each repeat. A conflict with an ``expected_version`` the
    user gave (a stale read on purpose) is never retried.
    """
    previous: ConflictError | None = None
    for attempt in range(1, attempts + 1):
        try:
            return call(previous)
        except ConflictError as exc:
            if exc.fields.get("actual") is not None or attempt == attempts:
                raise
            previous = exc
            if notify is not None:
                notify(exc, attempt + 1, attempts)
    raise AssertionError("unreachable")
