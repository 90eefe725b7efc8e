"""Registering projects and changing their details: one project, or a whole ledger.

Registering many projects (a ledger import) takes the set-based path of
:func:`upsert_projects`: every row is checked (units, chains, persons, codes, workflow) and
every problem of every row reported, then new projects are inserted in bulk and changed
ones updated through :func:`~qy_landing.services.changes.load_change`, all in one
transaction. A single :func:`create_project` is the same path with one row, and
:func:`update_project` changes one project's details. Either way the procedures follow
changed facts (:func:`reconcile_procedures`): newly applicable ones are added, pending ones
that no longer apply dropped; progress is never thrown away.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from qy_landing.codes import classify_code
from qy_landing.errors import (
    ChoiceError,
    InvalidValueError,
    LandingError,
    Msg,
    NotFoundError,
    RowProblem,
)
from qy_landing.parsing import parse_amount
from qy_landing.services.changes import (
    ProjectChange,
    ProjectRecord,
    change_project,
    load_change,
)
from qy_landing.services.context import Context
from qy_landing.services.definitions import get_definition, get_version
from qy_landing.services.people import find_person
from qy_landing.services.project_views import find_project
from qy_landing.services.units import find_unit
from qy_landing.store.bulk import insert_many
from qy_landing.store.models import (
    Assignment,
    Event,
    Person,
    Procedure,
    Project,
    Unit,
    id_of,
    table_of,
)
from qy_landing.vocabulary import CHAINS, ROLES, resolve
from qy_landing.workflow.definition import Definition
from qy_landing.workflow.migrate import ExistingProcedure, reconcile

# --- input ------------------------------------------------------------------------------


@dataclass
class ProjectInput:
    """What registering a project needs; persons are given by ``NAME`` or ``NAME@UNIT``."""

    code: str
    name: str
    investor: str
    unit: str
    chain: str
    amount: Decimal | str | float | int
    signed_on: date
    signing_event: str | None = None
    workflow: str = "standard"
    major: bool = False
    new_land: bool = False
    hazardous: bool = False
    approval_listed: bool = False
    eia_full: bool = False
    energy_tce: float | None = None
    description: str | None = None
    planned_start_on: date | None = None
    first_responsible: Sequence[str] = ()
    direct_responsible: Sequence[str] = ()
    lead_chief: Sequence[str] = ()
    commissioner: Sequence[str] = ()


# fields of Project a ledger row may set (and a re-import may update)
_PLAIN_FIELDS = (
    "name",
    "investor",
    "unit_id",
    "chain",
    "amount",
    "signed_on",
    "signing_event",
    "major",
    "new_land",
    "hazardous",
    "approval_listed",
    "eia_full",
    "energy_tce",
    "description",
    "planned_start_on",
)
_FACT_FIELDS = (
    "new_land",
    "hazardous",
    "approval_listed",
    "eia_full",
    "energy_tce",
    "major",
    "amount",
)


@dataclass
class _Resolver:
    """Looks up units, chains, persons, workflows and definitions once per batch."""

    session: Session
    create_missing_persons: bool = False
    units: dict[str, Unit] = field(default_factory=dict)
    chains: dict[str, str] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    workflows: dict[str, tuple[int, Definition]] = field(default_factory=dict)
    definitions: dict[tuple[str, int], Definition] = field(default_factory=dict)
    created_persons: list[str] = field(default_factory=list)

    def unit(self, name: str) -> Unit:
        unit = self.units.get(name)
        if unit is None:
            unit = self.units[name] = find_unit(self.session, name)
        return unit

    def chain(self, name: str) -> str:
        key = self.chains.get(name)
        if key is None:
            key = self.chains[name] = resolve("chain", name, CHAINS)
        return key

    def person(self, name: str, unit: Unit | None = None) -> Person:
        """A person by name; with ``create_missing_persons`` an unknown one is added to ``unit``."""
        key = name.strip()
        if key not in self.persons:
            try:
                self.persons[key] = find_person(self.session, key)
            except NotFoundError:
                if not (self.create_missing_persons and unit is not None) or "@" in key:
                    raise
                person = Person(name=key, unit_id=id_of(unit))
                self.session.add(person)
                self.session.flush()
                self.persons[key] = person
                self.created_persons.append(f"{key}@{unit.name}")
        return self.persons[key]

    def workflow(self, name: str) -> tuple[int, Definition]:
        found = self.workflows.get(name)
        if found is None:
            found = self.workflows[name] = get_version(self.session, name)
        return found

    def definition(self, name: str, version: int) -> Definition:
        found = self.definitions.get((name, version))
        if found is None:
            found = self.definitions[(name, version)] = get_definition(self.session, name, version)
        return found


def _validated(item: ProjectInput, resolver: _Resolver) -> tuple[dict[str, Any], list[RowProblem]]:
    """The project's column values, or the problems of each field (all of them)."""
    problems: list[RowProblem] = []
    values: dict[str, Any] = {}

    def problem(column: str, exc: LandingError) -> None:
        problems.append(RowProblem(0, column, Msg(exc.key, **exc.fields), exc))

    code = item.code.strip() if item.code else ""
    values["code"] = code
    try:
        values["code_kind"] = classify_code(code)
    except LandingError as exc:
        problem("code", exc)
    for column in ("name", "investor"):
        text = (getattr(item, column) or "").strip()
        if not text:
            problems.append(
                RowProblem(
                    0,
                    column,
                    Msg("row.missing"),
                    InvalidValueError(column, text, Msg("expect.text")),
                )
            )
        values[column] = text
    unit: Unit | None = None
    try:
        unit = resolver.unit(item.unit)
        values["unit_id"] = unit.id
    except LandingError as exc:
        problem("unit", exc)
    try:
        values["chain"] = resolver.chain(item.chain)
    except LandingError as exc:
        problem("chain", exc)
    try:
        values["amount"] = parse_amount(item.amount)
    except LandingError as exc:
        problem("amount", exc)
    signed_on: object = item.signed_on  # callers (ledgers) may hand anything
    if not isinstance(signed_on, date):
        problem("signed_on", InvalidValueError("date", item.signed_on, Msg("expect.date")))
    values["signed_on"] = item.signed_on
    values["signing_event"] = (item.signing_event or "").strip() or None
    for flag in ("major", "new_land", "hazardous", "approval_listed", "eia_full"):
        values[flag] = bool(getattr(item, flag))
    energy = item.energy_tce
    if energy is not None and (not isinstance(energy, int | float | Decimal) or energy < 0):
        problem("energy_tce", InvalidValueError("energy_tce", energy, Msg("expect.number")))
        energy = None
    values["energy_tce"] = float(energy) if energy is not None else None
    values["description"] = item.description
    values["planned_start_on"] = item.planned_start_on
    try:
        values["_workflow"] = resolver.workflow(item.workflow or "standard")
    except LandingError as exc:
        problem("workflow", exc)
    persons: dict[str, list[Person]] = {}
    for role in ROLES:
        for person_name in getattr(item, role):
            try:
                persons.setdefault(role, []).append(resolver.person(person_name, unit))
            except LandingError as exc:
                problem(role, exc)
    values["_persons"] = persons
    return values, problems


@dataclass
class UpsertReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    persons_created: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)


class _DryRunRollback(Exception):
    pass


def create_project(ctx: Context, item: ProjectInput) -> Project:
    """Register one signed project (state *signed*, its applicable procedures pending)."""
    from qy_landing.errors import DuplicateError, ImportRejectedError

    with ctx.db.read() as session:
        exists = session.execute(
            select(col(Project.id)).where(col(Project.code) == item.code.strip())
        ).first()
    if exists:
        raise DuplicateError("project", item.code.strip())
    try:
        report = upsert_projects(ctx, [item], source="create")
    except ImportRejectedError as rejected:
        first = rejected.problems[0]
        if first.error is not None:
            raise first.error from None
        raise
    if report.unchanged or report.updated:  # created concurrently by someone else
        raise DuplicateError("project", item.code.strip())
    with ctx.db.read() as session:
        return find_project(session, item.code.strip())


# Rows are written in chunks inside the one transaction: memory stays flat on large
# ledgers, and a bad row anywhere still rolls everything back.
_CHUNK = 2000


def upsert_projects(
    ctx: Context,
    items: Iterable[ProjectInput],
    *,
    source: str = "import",
    dry_run: bool = False,
    first_row: int = 1,
    on_progress: Callable[[int], None] | None = None,
    file: str = "",
    create_missing_persons: bool = False,
    fields: Collection[str] | None = None,
) -> UpsertReport:
    """Create new projects and update changed ones, all or nothing.

    Every problem of every row is collected; if there is any, nothing is written and
    :class:`ImportRejectedError` lists them (row numbers count from ``first_row``).
    Projects are matched by code, so importing the same ledger twice changes nothing.
    ``fields`` names the ProjectInput fields the source actually carries (a ledger's
    columns): only those are compared and updated on existing projects, so a column
    missing from a file never wipes a value. With ``create_missing_persons`` a responsible
    person named but not yet known is added to the project's unit (same transaction).
    """
    from qy_landing.errors import ImportRejectedError

    given = frozenset(fields) if fields is not None else None
    report = UpsertReport(dry_run=dry_run)
    on = ctx.today()
    now = ctx.clock.now()
    try:
        with ctx.db.write() as session:
            resolver = _Resolver(session, create_missing_persons)
            problems: list[RowProblem] = []
            seen: dict[str, int] = {}
            batch: list[dict[str, Any]] = []
            index = -1
            for index, item in enumerate(items):
                row_number = first_row + index
                values, row_problems = _validated(item, resolver)
                code = values["code"]
                if code:
                    if code in seen:
                        row_problems.append(
                            RowProblem(0, "code", Msg("row.duplicate_in_file", other=seen[code]))
                        )
                    else:
                        seen[code] = row_number
                for found in row_problems:
                    problems.append(RowProblem(row_number, found.column, found.reason, found.error))
                if not problems:  # once anything is wrong only checking goes on
                    batch.append(values)
                    if len(batch) >= _CHUNK:
                        _write_chunk(ctx, session, resolver, batch, report, given, source, on, now)
                        batch = []
                if on_progress:
                    on_progress(index + 1)
            if problems:
                raise ImportRejectedError(file or source, problems)
            if batch:
                _write_chunk(ctx, session, resolver, batch, report, given, source, on, now)
            report.persons_created = list(resolver.created_persons)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return report


def _write_chunk(
    ctx: Context,
    session: Session,
    resolver: _Resolver,
    rows: list[dict[str, Any]],
    report: UpsertReport,
    given: frozenset[str] | None,
    source: str,
    on: date,
    now: Any,
) -> None:
    existing = {
        p.code: p
        for p in session.execute(
            select(Project).where(col(Project.code).in_([v["code"] for v in rows]))
        ).scalars()
    }
    new_rows = [v for v in rows if v["code"] not in existing]
    _insert_projects(ctx, session, new_rows, source=source, on=on, now=now)
    report.created.extend(v["code"] for v in new_rows)
    if not existing:
        return
    assigned: dict[int, set[tuple[str, int]]] = {}
    for project_id, role, person_id in session.execute(
        select(col(Assignment.project_id), col(Assignment.role), col(Assignment.person_id)).where(
            col(Assignment.project_id).in_([id_of(p) for p in existing.values()])
        )
    ):
        assigned.setdefault(project_id, set()).add((role, person_id))
    for values in rows:
        project = existing.get(values["code"])
        if project is None:
            continue
        if _update_project(
            ctx,
            session,
            resolver,
            project,
            values,
            assigned.get(id_of(project), set()),
            given=given,
            on=on,
            source=source,
        ):
            report.updated.append(project.code)
        else:
            report.unchanged.append(project.code)


def _insert_projects(
    ctx: Context,
    session: Session,
    rows: list[dict[str, Any]],
    *,
    source: str,
    on: date,
    now: Any,
) -> None:
    """Set-based insert of new projects, their procedures, assignments and audit events."""
    if not rows:
        return
    connection = session.connection()
    project_rows = []
    for values in rows:
        version, definition = values["_workflow"]
        project_rows.append(
            {
                **{k: v for k, v in values.items() if not k.startswith("_")},
                "workflow": definition.name,
                "workflow_version": version,
                "state": definition.initial.name,
                "state_since": values["signed_on"],
                "last_progress_on": values["signed_on"],
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
    insert_many(connection, table_of(Project), project_rows)
    ids: dict[str, int] = dict(
        session.execute(  # type: ignore[arg-type]
            select(col(Project.code), col(Project.id)).where(
                col(Project.code).in_([row["code"] for row in project_rows])
            )
        ).all()
    )
    procedures: list[dict[str, Any]] = []
    assignments: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for values in rows:
        _children(
            ctx, ids[values["code"]], values, source, on, now, procedures, assignments, events
        )
    insert_many(connection, table_of(Procedure), procedures)
    insert_many(connection, table_of(Assignment), assignments)
    insert_many(connection, table_of(Event), events)


def _children(
    ctx: Context,
    project_id: int,
    values: dict[str, Any],
    source: str,
    on: date,
    now: Any,
    procedures: list[dict[str, Any]],
    assignments: list[dict[str, Any]],
    events: list[dict[str, Any]],
) -> None:
    """The rows a new project brings (its applicable procedures, its responsible persons and
    their audit events), appended to the batches inserted after the projects."""
    action = "create" if source == "create" else "import"
    note = source if source not in ("create", "import") else None
    _version, definition = values["_workflow"]
    facts = {k: values[k] for k in _FACT_FIELDS}
    for step in definition.applicable_steps(facts):
        procedures.append(
            {
                "project_id": project_id,
                "step": step.key,
                "level": step.level,
                "limit_days": step.limit,
                "status": "pending",
                "due_provisional": False,
            }
        )
    # The project has been in its first state since it was signed.
    events.append(
        _event(
            ctx,
            project_id,
            action,
            "state",
            None,
            definition.initial.name,
            values["signed_on"],
            now,
            note=note,
        )
    )
    for role, persons in values["_persons"].items():
        for person in persons:
            assignments.append(
                {
                    "project_id": project_id,
                    "person_id": person.id,
                    "role": role,
                    # named in the registration: responsible since the signing
                    "assigned_on": values["signed_on"],
                }
            )
            events.append(
                _event(
                    ctx,
                    project_id,
                    "assign",
                    role,
                    None,
                    person.name,
                    on,
                    now,
                    entity="assignment",
                    entity_id=person.id,
                )
            )


def _event(
    ctx: Context,
    project_id: int | None,
    action: str,
    field_name: str | None,
    old: object,
    new: object,
    on: date,
    now: Any,
    *,
    entity: str = "project",
    note: str | None = None,
    entity_id: int | None = None,
) -> dict[str, Any]:
    return {
        "project_id": project_id,
        "entity": entity,
        "entity_id": project_id if entity_id is None else entity_id,
        "action": action,
        "field": field_name,
        "old": None if old is None else str(old),
        "new": None if new is None else str(new),
        "actor": ctx.actor,
        "recorded_at": now,
        "effective_on": on,
        "note": note,
    }


# ProjectInput field -> Project column, where they differ
_COLUMN_OF = {"unit": "unit_id"}


def _update_project(
    ctx: Context,
    session: Session,
    resolver: _Resolver,
    project: Project,
    values: dict[str, Any],
    assigned: set[tuple[str, int]],
    *,
    given: frozenset[str] | None,
    on: date,
    source: str,
) -> bool:
    """Apply the changed fields a source carries to an existing project; True if any."""
    compared = [
        name
        for name in _PLAIN_FIELDS
        if given is None or name in given or _input_field(name) in given
    ]
    changes = [
        (n, getattr(project, n), values[n]) for n in compared if getattr(project, n) != values[n]
    ]
    new_assignments = [
        (role, person)
        for role, persons in values["_persons"].items()
        if given is None or role in given
        for person in persons
        if (role, person.id) not in assigned
    ]
    if not changes and not new_assignments:
        return False
    change = load_change(ctx, session.connection(), project.code, session=session)
    for name, old, new in changes:
        setattr(change.project, name, new)
        change.record("facts", on=on, field=name, old=old, new=new, note=source)
    if changes:
        reconcile_procedures(change, on)
    for role, person in new_assignments:
        session.add(
            Assignment(
                project_id=change.project_id, person_id=id_of(person), role=role, assigned_on=on
            )
        )
        change.record(
            "assign",
            on=on,
            field=role,
            new=person.name,
            entity="assignment",
            entity_id=id_of(person),
        )
    change.write()
    return True


def _input_field(column: str) -> str:
    return next((f for f, c in _COLUMN_OF.items() if c == column), column)


# --- changing the details of one project ------------------------------------------------


def update_project(
    ctx: Context, code: str, *, on: date | None = None, note: str | None = None, **changes: Any
) -> ProjectRecord:
    """Change a project's details; procedures follow changed facts (pending ones only)."""
    effective = ctx.effective(on)
    allowed = [f.name for f in fields(ProjectInput) if f.name not in ("code", "workflow")]
    with change_project(ctx, code) as change:
        project = change.project
        for name, value in changes.items():
            if (
                name not in allowed
                or name.endswith("responsible")
                or name in ("lead_chief", "commissioner")
            ):
                raise ChoiceError("option", name, allowed)
            if name == "unit":
                name, value = "unit_id", find_unit(change.session, str(value)).id
            elif name == "chain":
                value = resolve("chain", str(value), CHAINS)
            elif name == "amount":
                value = parse_amount(value)
            old = getattr(project, name)
            if old != value:
                setattr(project, name, value)
                change.record("facts", on=effective, field=name, old=old, new=value, note=note)
        reconcile_procedures(change, effective)
    return change.project


def reconcile_procedures(change: ProjectChange, on: date) -> bool:
    """Add newly applicable procedures; drop pending ones that no longer apply."""
    existing = {
        step: ExistingProcedure(step, p.status, p.limit_days)
        for step, p in change.procedures.items()
    }
    plan = reconcile(change.definition, change.project.facts(), existing)
    for key in plan.add:
        change.add_procedure(change.definition.step_by_key[key])
        change.record("procedure_added", on=on, field=key, new="pending", entity="procedure")
    for key in plan.remove:
        if change.procedures[key].status != "pending":
            continue  # progress is never thrown away; the step stays on record
        removed = change.remove_procedure(key)
        change.record("procedure_removed", on=on, field=key, old=removed.status, entity="procedure")
    return bool(plan.add or plan.remove)
