"""Projects (项目): registering, advancing through the workflow, looking up.

Registering many projects (a ledger import) takes the set-based path of
:func:`upsert_projects`; a single ``create_project`` is the same path with one row.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from qy_landing.amounts import format_amount, parse_amount
from qy_landing.codes import classify_code
from qy_landing.errors import (
    ChoiceError,
    InvalidValueError,
    LandingError,
    Msg,
    NotFoundError,
    RowProblem,
    Term,
)
from qy_landing.services.changes import (
    ProjectChange,
    ProjectRecord,
    change_project,
    find_project,
    load_change,
)
from qy_landing.services.context import Context
from qy_landing.services.people import find_person
from qy_landing.services.units import find_unit
from qy_landing.services.workflows import get_definition, get_version
from qy_landing.store.bulk import insert_many
from qy_landing.store.models import (
    Assignment,
    Event,
    FundsRecord,
    Person,
    Problem,
    Procedure,
    Project,
    Unit,
    WorkflowVersion,
    id_of,
    table_of,
)
from qy_landing.vocabulary import CHAINS, DONE_STATUSES, ROLES, RUNNING_STATUSES, resolve
from qy_landing.workflow.definition import Definition, Text
from qy_landing.workflow.machine import Move, machine_for
from qy_landing.workflow.migrate import ExistingProcedure, reconcile

# The final states of the shipped workflows; definitions may add their own final states,
# which final_states() reads from the stored definitions.
DEFAULT_FINAL_STATES = ("started", "terminated")


def final_states(session: Session) -> set[str]:
    from qy_landing.services.workflows import _parse

    names: set[str] = set(DEFAULT_FINAL_STATES)
    for row in session.execute(select(WorkflowVersion)).scalars():
        names.update(s.name for s in _parse(row).states if s.final)
    return names


def open_states_clause(session: Session) -> ColumnElement[bool]:
    return col(Project.state).not_in(sorted(final_states(session)))


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
    # the introducing unit (引进单位); None: the landing unit brought it in itself
    introduced_by: str | None = None


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
    "introducing_unit_id",
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
    values["introducing_unit_id"] = None
    introduced_by = (item.introduced_by or "").strip()
    if introduced_by:
        try:
            introducer = resolver.unit(introduced_by)
            if unit is None or introducer.id != unit.id:
                values["introducing_unit_id"] = introducer.id
        except LandingError as exc:
            problem("introduced_by", exc)
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
    action = "create" if source == "create" else "import"
    note = source if source not in ("create", "import") else None
    for values in rows:
        project_id = ids[values["code"]]
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
                        "assigned_on": on,
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
                    )
                )
    insert_many(connection, table_of(Procedure), procedures)
    insert_many(connection, table_of(Assignment), assignments)
    insert_many(connection, table_of(Event), events)


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
) -> dict[str, Any]:
    return {
        "project_id": project_id,
        "entity": entity,
        "entity_id": project_id,
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
_COLUMN_OF = {"unit": "unit_id", "introduced_by": "introducing_unit_id"}


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
        _reconcile_procedures(change, on)
    for role, person in new_assignments:
        session.add(
            Assignment(
                project_id=change.project_id, person_id=id_of(person), role=role, assigned_on=on
            )
        )
        change.record("assign", on=on, field=role, new=person.name, entity="assignment")
    change.write()
    return True


def _input_field(column: str) -> str:
    return next((f for f, c in _COLUMN_OF.items() if c == column), column)


def _reconcile_procedures(change: ProjectChange, on: date) -> bool:
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


# --- moving through the workflow ----------------------------------------------------------------


@dataclass(frozen=True)
class AdvanceResult:
    code: str
    moves: list[Move]
    state: str
    version: int
    # the names of the states moved through, from the project's own definition
    labels: dict[str, Text] = field(default_factory=dict)

    def label(self, state: str, lang: str) -> str:
        text = self.labels.get(state)
        return text.get(lang) if text else state


def advance(
    ctx: Context,
    code: str,
    trigger: str | None = None,
    *,
    on: date | None = None,
    note: str | None = None,
    reason: str | None = None,
    expected_version: int | None = None,
) -> AdvanceResult:
    """Fire ``trigger`` (or the single next step) and pass levels with nothing to do."""
    effective = ctx.effective(on)
    with change_project(ctx, code, expected_version=expected_version) as change:
        machine = change.machine
        subject = change.subject()
        if trigger is None:
            trigger = machine.next_forward(subject).trigger
        elif trigger not in change.definition.triggers():
            from qy_landing.errors import triggers

            raise ChoiceError("trigger", trigger, triggers(machine.triggers_from(subject.state)))
        move = machine.fire(subject, trigger, reason=reason)
        action = _action_of(change.definition, move)
        change.apply_move(move, effective, action=action, note=reason or note)
        moves = [move, *change.pass_empty_levels(effective)]
    labels = {s.name: s.label for s in change.definition.states}
    return AdvanceResult(
        change.project.code, moves, change.project.state, change.project.version or 0, labels
    )


def _action_of(definition: Definition, move: Move) -> str:
    if definition.state(move.dest).kind == "suspended":
        return "suspend"
    if definition.state(move.source).kind == "suspended":
        return "resume"
    if definition.state(move.dest).final and not definition.is_forward(move.transition):
        return "terminate"
    return "trigger"


def _side_trigger(ctx: Context, code: str, kind: str) -> str:
    """The trigger that suspends, resumes or terminates in the project's definition."""
    with ctx.db.read() as session:
        project = find_project(session, code)
        definition = get_definition(session, project.workflow, project.workflow_version)
    for transition in definition.transitions:
        if (
            kind == "suspend"
            and transition.dest != "$previous"
            and definition.state(transition.dest).kind == "suspended"
        ):
            return transition.trigger
        if kind == "resume" and transition.dest == "$previous":
            return transition.trigger
        if (
            kind == "terminate"
            and transition.dest != "$previous"
            and definition.state(transition.dest).final
            and not definition.is_forward(transition)
        ):
            return transition.trigger
    raise ChoiceError("trigger", kind, definition.triggers())


def suspend(ctx: Context, code: str, *, reason: str, on: date | None = None) -> AdvanceResult:
    return advance(ctx, code, _side_trigger(ctx, code, "suspend"), on=on, reason=reason)


def resume(ctx: Context, code: str, *, reason: str, on: date | None = None) -> AdvanceResult:
    return advance(ctx, code, _side_trigger(ctx, code, "resume"), on=on, reason=reason)


def terminate(ctx: Context, code: str, *, reason: str, on: date | None = None) -> AdvanceResult:
    return advance(ctx, code, _side_trigger(ctx, code, "terminate"), on=on, reason=reason)


# --- responsible persons ----------------------------------------------------------------------


def _assignment(change: ProjectChange, role: str, who: Person) -> Assignment | None:
    query = select(Assignment).where(
        col(Assignment.project_id) == change.project_id,
        col(Assignment.role) == role,
        col(Assignment.person_id) == who.id,
    )
    return change.session.execute(query).scalars().first()


def assign(
    ctx: Context, code: str, role: str, person: str, *, on: date | None = None
) -> Assignment:
    """Make ``person`` (``NAME`` or ``NAME@UNIT``) responsible in ``role``; idempotent."""
    role = resolve("role", role, ROLES)
    effective = ctx.effective(on)
    with change_project(ctx, code) as change:
        who = find_person(change.session, person)
        existing = _assignment(change, role, who)
        if existing is not None:
            return existing
        assignment = Assignment(
            project_id=change.project_id, person_id=id_of(who), role=role, assigned_on=effective
        )
        change.session.add(assignment)
        change.session.flush()
        change.record(
            "assign",
            on=effective,
            field=role,
            new=who.name,
            entity="assignment",
            entity_id=assignment.id,
        )
    return assignment


def unassign(ctx: Context, code: str, role: str, person: str, *, on: date | None = None) -> None:
    role = resolve("role", role, ROLES)
    effective = ctx.effective(on)
    with change_project(ctx, code) as change:
        who = find_person(change.session, person)
        existing = _assignment(change, role, who)
        if existing is None:
            raise NotFoundError("person", f"{who.name} ({role})", [])
        change.session.delete(existing)
        change.record(
            "unassign",
            on=effective,
            field=role,
            old=who.name,
            entity="assignment",
            entity_id=existing.id,
        )


# --- changing facts -----------------------------------------------------------------------------


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
            elif name == "introduced_by":
                name = "introducing_unit_id"
                value = find_unit(change.session, str(value)).id if value else None
                if value == project.unit_id:
                    value = None
            elif name == "chain":
                value = resolve("chain", str(value), CHAINS)
            elif name == "amount":
                value = parse_amount(value)
            old = getattr(project, name)
            if old != value:
                setattr(project, name, value)
                change.record("facts", on=effective, field=name, old=old, new=value, note=note)
        _reconcile_procedures(change, effective)
    return change.project


# --- reading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
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
        }


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "action": self.action,
            "entity": self.entity,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "actor": self.actor,
            "recorded_at": self.recorded_at.isoformat() if self.recorded_at else None,
            "effective_on": _iso(self.effective_on),
            "note": self.note,
        }


@dataclass(frozen=True)
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
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def show_project(
    ctx: Context, code: str, *, as_of: date | None = None, lang: str = "zh", events: int = 10
) -> ProjectView:
    as_of = as_of or ctx.today()
    calendar = ctx.calendar()
    with ctx.db.read() as session:
        project = find_project(session, code)
        definition = get_definition(session, project.workflow, project.workflow_version)
        unit = session.get(Unit, project.unit_id)
        introducer = (
            session.get(Unit, project.introducing_unit_id) if project.introducing_unit_id else None
        )
        procedures = (
            session.execute(select(Procedure).where(col(Procedure.project_id) == project.id))
            .scalars()
            .all()
        )
        assignments = session.execute(
            select(Assignment, Person, Unit)
            .join(Person, col(Person.id) == col(Assignment.person_id))
            .join(Unit, col(Unit.id) == col(Person.unit_id))
            .where(col(Assignment.project_id) == project.id)
            .order_by(col(Assignment.id))
        ).all()
        problems = session.execute(
            select(Problem, Person)
            .outerjoin(Person, col(Person.id) == col(Problem.owner_id))
            .where(col(Problem.project_id) == project.id)
            .order_by(col(Problem.id))
        ).all()
        recent = (
            session.execute(
                select(Event)
                .where(col(Event.project_id) == project.id)
                .order_by(col(Event.id).desc())
                .limit(events)
            )
            .scalars()
            .all()
        )
        funds = session.execute(
            select(func.coalesce(func.sum(col(FundsRecord.amount)), 0)).where(
                col(FundsRecord.project_id) == project.id, col(FundsRecord.received_on) <= as_of
            )
        ).scalar_one()
    order = {s.key: i for i, s in enumerate(definition.steps)}
    statuses = {p.step: p.status for p in procedures}
    procedure_views = []
    for p in sorted(procedures, key=lambda p: order.get(p.step, 999)):
        step = definition.step_by_key.get(p.step)
        left = (
            calendar.workdays_between(as_of, p.due_on)
            if p.due_on and p.status in RUNNING_STATUSES
            else None
        )
        depends = [d for d in (step.depends_on if step else ()) if d in statuses]
        procedure_views.append(
            ProcedureView(
                step=p.step,
                name=step.name.get(lang) if step else p.step,
                level=p.level,
                authority=step.authority.get(lang) if step else "",
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
            )
        )
    machine = machine_for(definition)
    from qy_landing.workflow.machine import Subject

    subject = Subject(project.code, project.state, statuses, project.suspended_from)
    allowed = machine.allowed(subject)
    forward = [
        t.trigger
        for t in definition.transitions_from(project.state)
        if definition.is_forward(t) and t.trigger in allowed
    ]
    state = definition.state_by_name.get(project.state)
    return ProjectView(
        as_of=as_of,
        code=project.code,
        code_kind=project.code_kind,
        name=project.name,
        investor=project.investor,
        unit=unit.name if unit else "",
        chain=project.chain,
        signing_event=project.signing_event,
        signed_on=project.signed_on,
        amount=project.amount,
        major=project.major,
        facts={k: (str(v) if isinstance(v, Decimal) else v) for k, v in project.facts().items()},
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
        next_trigger=forward[0] if len(forward) == 1 else None,
        procedures=procedure_views,
        assignments=[
            AssignmentView(a.role, person.name, u.name, person.title, person.phone, person.email)
            for a, person, u in assignments
        ],
        problems=[
            ProblemView(
                id=pr.id or 0,
                text=pr.text,
                owner=owner.name if owner else None,
                opened_on=pr.opened_on,
                resolved_on=pr.resolved_on,
                resolution=pr.resolution,
                open_workdays=None
                if pr.resolved_on
                else max(0, calendar.workdays_between(pr.opened_on, as_of)),
            )
            for pr, owner in problems
        ],
        events=[_event_view(e) for e in recent],
        funds_in_place=Decimal(funds),
        introduced_by=introducer.name if introducer else None,
    )


def _event_view(e: Event) -> EventView:
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
    )


def history(ctx: Context, code: str) -> list[EventView]:
    """The whole audit trail of a project, oldest first."""
    with ctx.db.read() as session:
        project = find_project(session, code)
        rows = (
            session.execute(
                select(Event).where(col(Event.project_id) == project.id).order_by(col(Event.id))
            )
            .scalars()
            .all()
        )
    return [_event_view(e) for e in rows]


def replay_state(ctx: Context, code: str) -> str:
    """The state the audit trail leads to; equals the stored state unless the trail is broken."""
    state: str | None = None
    for event in history(ctx, code):
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


def list_projects(
    ctx: Context,
    *,
    unit: str | None = None,
    state: str | None = None,
    chain: str | None = None,
    overdue: bool = False,
    as_of: date | None = None,
    limit: int | None = None,
) -> list[ProjectRow]:
    as_of = as_of or ctx.today()
    with ctx.db.read() as session:
        counts = (
            select(
                col(Procedure.project_id).label("project_id"),
                func.sum(case((col(Procedure.status).not_in(DONE_STATUSES), 1), else_=0)).label(
                    "open"
                ),
                func.sum(
                    case(
                        (
                            and_(
                                col(Procedure.status).in_(RUNNING_STATUSES),
                                col(Procedure.due_on) < as_of,
                            ),
                            1,
                        ),
                        else_=0,
                    )
                ).label("overdue"),
            )
            .group_by(col(Procedure.project_id))
            .subquery()
        )
        query = (
            select(Project, col(Unit.name), counts.c.open, counts.c.overdue)
            .join(Unit, col(Unit.id) == col(Project.unit_id))
            .outerjoin(counts, counts.c.project_id == col(Project.id))
        )
        if unit:
            query = query.where(col(Project.unit_id) == find_unit(session, unit).id)
        if state:
            known = sorted({*final_states(session), *_all_states(session)})
            if state not in known:
                raise ChoiceError("state", state, [Term("state", s) for s in known])
            query = query.where(col(Project.state) == state)
        if chain:
            query = query.where(col(Project.chain) == resolve("chain", chain, CHAINS))
        if overdue:
            query = query.where(counts.c.overdue > 0)
        query = query.order_by(col(Project.signed_on).desc(), col(Project.code))
        if limit:
            query = query.limit(limit)
        rows = session.execute(query).all()
    return [
        ProjectRow(
            code=p.code,
            name=p.name,
            unit=unit_name,
            chain=p.chain,
            state=p.state,
            amount=p.amount,
            signed_on=p.signed_on,
            signing_event=p.signing_event,
            major=p.major,
            open_procedures=int(open_count or 0),
            overdue_procedures=int(overdue_count or 0),
            last_progress_on=p.last_progress_on,
            workflow=p.workflow,
        )
        for p, unit_name, open_count, overdue_count in rows
    ]


def _all_states(session: Session) -> set[str]:
    from qy_landing.services.workflows import _parse

    names: set[str] = set()
    for row in session.execute(select(WorkflowVersion)).scalars():
        names.update(s.name for s in _parse(row).states)
    return names
