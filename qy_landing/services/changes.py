"""The shape of every change to a project: one transaction, optimistic locking, audit events.

    with change_project(ctx, code) as change:
        ...modify change.project / change.procedures...
        change.record("procedure", field=step, old="pending", new="submitted", on=on)

The project and its procedures are read as plain records with SQLAlchemy Core and
written back as explicit statements when the block ends: the changed columns of each
procedure, the audit events, and the project itself with
``UPDATE … SET version = version + 1 WHERE id = :id AND version = :read``. If someone else
changed the project after we read it, that update matches no row and
:class:`ConflictError` is raised; the whole transaction is rolled back, so no update is
ever lost. (The ORM's unit of work did the same at ~1.7 ms a call; these statements cost
a fraction of that — see docs/performance.md.) Rarer changes that create rows of their
own (assignments, problems, funds) use ``change.session``, an ORM session on the same
connection and transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from qy_landing.codes import normalize_code
from qy_landing.errors import ConflictError, DateOrderError, Term
from qy_landing.services.context import Context
from qy_landing.services.definitions import get_definition
from qy_landing.services.project_views import missing_project
from qy_landing.store.models import Event, Procedure, Project, facts_of, table_of
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


def _values(record: Any, columns: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(record, name) for name in columns}


class _Statements:
    """The statements of the change path, built once per process (compiled-cache friendly)."""

    def __init__(self) -> None:
        project, procedure = table_of(Project), table_of(Procedure)
        self.project = project
        self.procedure = procedure
        self.read_project = select(*(project.c[n] for n in _PROJECT_COLUMNS)).where(
            project.c.code == bindparam("code")
        )
        self.read_procedures = (
            select(*(procedure.c[n] for n in _PROCEDURE_COLUMNS))
            .where(procedure.c.project_id == bindparam("project_id"))
            .order_by(procedure.c.id)
        )
        self.insert_event = insert(table_of(Event))
        self.insert_procedure = insert(procedure)
        self.delete_procedure = delete(procedure).where(procedure.c.id == bindparam("gone"))
        self._updates: dict[tuple[str, tuple[str, ...]], Any] = {}

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
    _read: dict[str, Any] = field(default_factory=dict)
    _procedures: dict[str, ProcedureRecord] | None = None
    _procedures_read: dict[int, dict[str, Any]] = field(default_factory=dict)
    _removed: list[int] = field(default_factory=list)
    _session: Session | None = None

    def __post_init__(self) -> None:
        self._read = _values(self.project, _PROJECT_COLUMNS)

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
        if self._procedures is None:
            rows = self.connection.execute(
                _statements().read_procedures, {"project_id": self.project.id}
            )
            self._procedures = {}
            for row in rows:
                record = ProcedureRecord(*row)
                self._procedures[record.step] = record
                self._procedures_read[row[0]] = _values(record, _PROCEDURE_COLUMNS)
        return self._procedures

    def add_procedure(self, step: Step) -> ProcedureRecord:
        record = ProcedureRecord(None, self.project.id, step.key, step.level, step.limit)
        self.procedures[step.key] = record
        return record

    def remove_procedure(self, key: str) -> ProcedureRecord:
        record = self.procedures.pop(key)
        if record.id is not None:
            self._removed.append(record.id)
        return record

    @property
    def machine(self) -> LandingMachine:
        return machine_for(self.definition)

    def subject(self) -> Subject:
        return Subject(
            project=self.project.code,
            state=self.project.state,
            statuses={step: p.status for step, p in self.procedures.items()},
            suspended_from=self.project.suspended_from,
            levels={step: p.level for step, p in self.procedures.items()},
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
    ) -> dict[str, Any]:
        """Add an audit event, written with the change."""
        event = {
            "project_id": self.project.id,
            "entity": entity,
            "entity_id": entity_id if entity_id is not None else self.project.id,
            "action": action,
            "field": field,
            "old": None if old is None else str(old),
            "new": None if new is None else str(new),
            "actor": self.ctx.actor,
            "recorded_at": self.ctx.clock.now(),
            "effective_on": on,
            "note": note,
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
            if any(
                procedure.level == state.level
                for step, procedure in self.procedures.items()
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

    def touch(self) -> None:
        self.project.updated_at = self.ctx.clock.now()

    def write(self) -> None:
        """Write everything changed; the project last, guarded by the version it was read at."""
        statements = _statements()
        if self._session is not None:
            self._session.flush()
        for gone in self._removed:
            self.connection.execute(statements.delete_procedure, {"gone": gone})
        for record in (self._procedures or {}).values():
            values = _values(record, _PROCEDURE_COLUMNS)
            if record.id is None:
                del values["id"]
                record.id = self.connection.execute(
                    statements.insert_procedure.returning(statements.procedure.c.id), values
                ).scalar_one()
                continue
            read = self._procedures_read[record.id]
            changed = {k: v for k, v in values.items() if read[k] != v}
            if changed:
                self.connection.execute(
                    statements.update("procedure", tuple(changed)),
                    {"_id": record.id, **{f"v_{k}": v for k, v in changed.items()}},
                )
        if self.events:
            self.connection.execute(statements.insert_event, self.events)
        self.touch()
        current = _values(self.project, _PROJECT_COLUMNS)
        changed = {k: v for k, v in current.items() if self._read[k] != v and k != "version"}
        done = self.connection.execute(
            statements.update("project", tuple(changed)),
            {
                "_id": self.project.id,
                "_read": self._read["version"],
                **{f"v_{k}": v for k, v in changed.items()},
            },
        )
        if done.rowcount != 1:
            # Someone committed a change to this project after we read it.
            raise ConflictError(self.project.code, self._read["version"], None)
        self.project.version = self._read["version"] + 1


def load_change(
    ctx: Context, connection: Connection, code: str, *, session: Session | None = None
) -> ProjectChange:
    """Read ``code`` for a change on ``connection`` (inside its write transaction)."""
    wanted = normalize_code(code)
    row = connection.execute(_statements().read_project, {"code": wanted}).first()
    if row is None:
        raise missing_project(connection, wanted)
    project = ProjectRecord(*row)
    definition = get_definition(connection, project.workflow, project.workflow_version)
    return ProjectChange(ctx, connection, project, definition, _session=session)


@contextmanager
def change_project(
    ctx: Context, code: str, *, expected_version: int | None = None
) -> Iterator[ProjectChange]:
    """One write transaction around a change of ``code`` (see the module's docstring)."""
    with ctx.db.write_connection() as connection:
        change = load_change(ctx, connection, code)
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
