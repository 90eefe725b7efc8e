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

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from qy_landing.checks import (
    check_amount,
    check_date,
    check_number,
    clean_name,
    clean_optional_name,
    clean_text,
    column_limit,
)
from qy_landing.codes import RegionRule, check_code, home_prefectures, normalize_code
from qy_landing.errors import (
    ChoiceError,
    InvalidValueError,
    LandingError,
    Msg,
    NotFoundError,
    RowProblem,
    Term,
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
from qy_landing.services.effective import check_effective, check_not_future, check_signing
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
from qy_landing.vocabulary import CATALOGUE_FLAGS, CHAINS, ROLES, approval_of, resolve
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
    # the catalogue entry's approving level (county | city | provincial | national; or
    # filing); giving a level makes the project listed for approval (核准)
    approval_level: str | None = None
    in_planned_urban_land: bool = False
    over_mineral_area: bool = False
    relics_zone: bool = False
    uses_forest_or_grassland: bool = False
    abstracts_water: bool = False
    civil_building: bool = False
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
    "approval_level",
    *CATALOGUE_FLAGS,
    "description",
    "planned_start_on",
    "introducing_unit_id",
)
_FACT_FIELDS = (
    "new_land",
    "hazardous",
    "approval_listed",
    "approval_level",
    "eia_full",
    "energy_tce",
    "major",
    "amount",
    *CATALOGUE_FLAGS,
)


@dataclass
class _Resolver:
    """Looks up units, chains, persons, workflows and definitions once per batch."""

    session: Session
    create_missing_persons: bool = False
    check_only: bool = False  # validating before writing: a missing person is not added yet
    units: dict[str, Unit] = field(default_factory=dict)
    chains: dict[str, str] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    workflows: dict[str, tuple[int, Definition]] = field(default_factory=dict)
    definitions: dict[tuple[str, int], Definition] = field(default_factory=dict)
    created_persons: list[str] = field(default_factory=list)
    # unit name -> county | city | province ([codes.region_scope] of qy-landing.toml)
    region_scopes: Mapping[str, str] = field(default_factory=dict)
    home: tuple[str, ...] | None = None
    today: date | None = None  # a signing date may not lie after it

    def region_rule(self, unit: Unit) -> RegionRule:
        """Which region codes ``unit``'s projects may carry (see codes.RegionRule)."""
        if self.home is None:
            self.home = home_prefectures(self.session.execute(select(col(Unit.code))).scalars())
        own = unit.code if unit.code and unit.code.isdigit() else None
        default = "county" if own else "city"
        return RegionRule(unit.name, own, self.region_scopes.get(unit.name, default), self.home)

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
                if self.check_only:
                    return person  # would be added when written
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


def _checked_row(
    item: ProjectInput,
    row_number: int,
    resolver: _Resolver,
    seen: dict[str, int],
    problems: list[RowProblem],
) -> dict[str, Any]:
    """One row's values; its problems (a code twice in the file among them) go to ``problems``."""
    values, row_problems = _validated(item, resolver)
    code = values["code"]
    if code:
        if code in seen:
            duplicate = Msg("row.duplicate_in_file", other=seen[code])
            row_problems.append(RowProblem(0, "code", duplicate))
        else:
            seen[code] = row_number
    for found in row_problems:
        problems.append(RowProblem(row_number, found.column, found.reason, found.error))
    return values


def _validated(item: ProjectInput, resolver: _Resolver) -> tuple[dict[str, Any], list[RowProblem]]:
    """The project's column values, or the problems of each field (all of them)."""
    problems: list[RowProblem] = []
    values: dict[str, Any] = {}

    def problem(column: str, exc: LandingError) -> None:
        problems.append(RowProblem(0, column, Msg(exc.key, **exc.fields), exc))

    code = item.code.strip() if item.code else ""
    values["code"] = code
    code_ok = True
    try:
        clean_name(code, "project_code", column_limit(Project, "code"))
    except LandingError as exc:
        problem("code", exc)
        code_ok = False
    for column in ("name", "investor"):
        text = (getattr(item, column) or "").strip()
        try:
            text = clean_name(text, column, column_limit(Project, column))
        except LandingError as exc:
            problem(column, exc)
            values[column] = text
            continue
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
    try:  # the code's region must belong to the unit (when the unit is known)
        rule = resolver.region_rule(unit) if unit is not None else None
        if code_ok:
            values["code"], values["code_kind"] = check_code(code, rule)
    except LandingError as exc:
        problem("code", exc)
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
        values["amount"] = check_amount(parse_amount(item.amount))
    except LandingError as exc:
        problem("amount", exc)
    signed_on: object = item.signed_on  # callers (ledgers) may hand anything
    if not isinstance(signed_on, date):
        problem("signed_on", InvalidValueError("date", item.signed_on, Msg("expect.date")))
    else:
        try:
            check_date(signed_on)
            if resolver.today is not None:
                check_not_future(signed_on, resolver.today)
        except LandingError as exc:
            problem("signed_on", exc)
    planned: object = item.planned_start_on
    if isinstance(planned, date):
        try:
            check_date(planned)
        except LandingError as exc:
            problem("planned_start_on", exc)
    values["signed_on"] = item.signed_on
    try:
        values["signing_event"] = clean_optional_name(
            item.signing_event, "signing_event", column_limit(Project, "signing_event")
        )
    except LandingError as exc:
        problem("signing_event", exc)
    for flag in ("major", "new_land", "hazardous", "approval_listed", "eia_full", *CATALOGUE_FLAGS):
        values[flag] = bool(getattr(item, flag))
    values["approval_level"] = None
    level = (item.approval_level or "").strip()
    if level:
        try:
            level = resolve("approval", level)
            values["approval_listed"] = level != "filing"
            values["approval_level"] = None if level == "filing" else level
        except LandingError as exc:
            problem("approval_level", exc)
    energy = item.energy_tce
    if energy is not None and (not isinstance(energy, int | float | Decimal) or energy < 0):
        problem("energy_tce", InvalidValueError("energy_tce", energy, Msg("expect.number")))
        energy = None
    elif energy is not None:
        try:
            check_number(float(energy), "energy_tce")
        except LandingError as exc:
            problem("energy_tce", exc)
            energy = None
    values["energy_tce"] = float(energy) if energy is not None else None
    values["description"] = clean_text(item.description, "description")
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
    # code -> what changed on an updated project: field names, and roles newly assigned
    changes: dict[str, list[str]] = field(default_factory=dict)
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

    code = normalize_code(item.code)
    with ctx.db.read() as session:
        exists = session.execute(select(col(Project.id)).where(col(Project.code) == code)).first()
    if exists:
        raise DuplicateError("project", code)
    try:
        report = upsert_projects(ctx, [item], source="create")
    except ImportRejectedError as rejected:
        first = rejected.problems[0]
        if first.error is not None:
            raise first.error from None
        raise
    if report.unchanged or report.updated:  # created concurrently by someone else
        raise DuplicateError("project", code)
    with ctx.db.read() as session:
        return find_project(session, code)


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
    batch_rows: int | None = None,
) -> UpsertReport:
    """Create new projects and update changed ones, all or nothing.

    Every problem of every row is collected; if there is any, nothing is written and
    :class:`ImportRejectedError` lists them (row numbers count from ``first_row``).
    Projects are matched by code, so importing the same ledger twice changes nothing.
    ``fields`` names the ProjectInput fields the source actually carries (a ledger's
    columns): only those are compared and updated on existing projects, so a column
    missing from a file never wipes a value. With ``create_missing_persons`` a responsible
    person named but not yet known is added to the project's unit (same transaction).

    With ``batch_rows`` (large ledgers; not with ``dry_run``) the rows are validated
    first, all of them, in a read transaction that takes no write lock; only a file
    without problems is then written, ``batch_rows`` rows per short write transaction
    (each re-checks its rows), so other writers queue for one batch instead of the whole
    import. An import stopped half-way is completed by importing the same file again
    (projects are matched by code). A row that a concurrent change made invalid between
    the check and its batch stops the import: in the first batch that is an
    :class:`ImportRejectedError` (nothing written); later it is an
    :class:`~qy_landing.errors.ImportStoppedError` that says how many rows and batches were
    written, up to which row, and from which row on nothing was.
    """
    if batch_rows is not None and not dry_run:
        return _upsert_in_batches(
            ctx,
            items,
            batch_rows=batch_rows,
            source=source,
            first_row=first_row,
            on_progress=on_progress,
            file=file,
            create_missing_persons=create_missing_persons,
            fields=fields,
        )
    from qy_landing.errors import ImportRejectedError

    given = frozenset(fields) if fields is not None else None
    report = UpsertReport(dry_run=dry_run)
    on = ctx.today()
    now = ctx.clock.now()
    try:
        with ctx.db.write() as session:
            resolver = _Resolver(
                session,
                create_missing_persons,
                region_scopes=ctx.settings().region_scopes,
                today=ctx.today(),
            )
            problems: list[RowProblem] = []
            seen: dict[str, int] = {}
            batch: list[dict[str, Any]] = []
            index = -1
            for index, item in enumerate(items):
                row_number = first_row + index
                values = _checked_row(item, row_number, resolver, seen, problems)
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


def _upsert_in_batches(
    ctx: Context,
    items: Iterable[ProjectInput],
    *,
    batch_rows: int,
    source: str,
    first_row: int,
    on_progress: Callable[[int], None] | None,
    file: str,
    create_missing_persons: bool,
    fields: Collection[str] | None,
) -> UpsertReport:
    """:func:`upsert_projects` validating everything first, then writing in short batches.

    The checked rows wait in a temporary file (memory stays flat on large ledgers).
    """
    import pickle
    import tempfile

    from qy_landing.errors import ImportRejectedError, ImportStoppedError

    given = frozenset(fields) if fields is not None else None
    report = UpsertReport()
    on, now = ctx.today(), ctx.clock.now()
    size = max(1, batch_rows)
    with tempfile.TemporaryFile() as spool:
        chunks = 0
        with ctx.db.read() as session:
            resolver = _Resolver(
                session,
                create_missing_persons,
                check_only=True,
                region_scopes=ctx.settings().region_scopes,
                today=ctx.today(),
            )
            problems: list[RowProblem] = []
            seen: dict[str, int] = {}
            pending: list[tuple[int, ProjectInput]] = []
            for index, item in enumerate(items):
                row_number = first_row + index
                _checked_row(item, row_number, resolver, seen, problems)
                if not problems:
                    pending.append((row_number, item))
                    if len(pending) >= size:
                        pickle.dump(pending, spool)
                        chunks, pending = chunks + 1, []
                if on_progress:
                    on_progress(index + 1)
            if problems:
                raise ImportRejectedError(file or source, problems)
        if pending:
            pickle.dump(pending, spool)
            chunks += 1
        spool.seek(0)
        written, last_written_row = 0, 0
        for done in range(chunks):
            rows: list[tuple[int, ProjectInput]] = pickle.load(spool)  # our own spool file
            try:
                _write_batch(ctx, rows, report, given, source, on, now, create_missing_persons)
            except LandingError as stopped:
                problems = (
                    stopped.problems
                    if isinstance(stopped, ImportRejectedError)
                    else [RowProblem(rows[0][0], "code", Msg(stopped.key, **stopped.fields))]
                )
                if not done:  # nothing written yet: the plain rejection is the truth
                    raise ImportRejectedError(file or source, problems) from None
                raise ImportStoppedError(
                    file or source,
                    problems,
                    written=written,
                    batches=done,
                    last_written_row=last_written_row,
                    resume_row=rows[0][0],
                ) from None
            written += len(rows)
            last_written_row = rows[-1][0]
    return report


def _write_batch(
    ctx: Context,
    rows: list[tuple[int, ProjectInput]],
    report: UpsertReport,
    given: frozenset[str] | None,
    source: str,
    on: date,
    now: Any,
    create_missing_persons: bool,
) -> None:
    """One short write transaction of checked rows, each checked again (a colleague may have
    changed a unit, person or project since); a row now bad rejects the batch."""
    from qy_landing.errors import ImportRejectedError

    with ctx.db.write() as session:
        resolver = _Resolver(
            session,
            create_missing_persons,
            region_scopes=ctx.settings().region_scopes,
            today=ctx.today(),
        )
        batch: list[dict[str, Any]] = []
        problems: list[RowProblem] = []
        for row_number, item in rows:
            values, row_problems = _validated(item, resolver)
            problems.extend(
                RowProblem(row_number, p.column, p.reason, p.error) for p in row_problems
            )
            batch.append(values)
        if problems:  # changed by someone between the check and now
            raise ImportRejectedError("", problems)
        _write_chunk(ctx, session, resolver, batch, report, given, source, on, now)
        report.persons_created.extend(resolver.created_persons)


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
        changed = _update_project(
            ctx,
            session,
            resolver,
            project,
            values,
            assigned.get(id_of(project), set()),
            given=given,
            on=on,
            source=source,
        )
        if changed:
            report.updated.append(project.code)
            report.changes[project.code] = changed
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
    facts["approval"] = approval_of(values["approval_listed"], values["approval_level"])
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
) -> list[str]:
    """Apply the changed fields a source carries to an existing project; what changed
    (field names, then ``role:<role>`` for new assignments), empty if nothing."""
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
        return []
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
    return [name for name, _old, _new in changes] + list(
        dict.fromkeys(f"role:{role}" for role, _person in new_assignments)
    )


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
        check_effective(change, effective, Term("action", "facts"))
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
                value = check_amount(parse_amount(value))
            elif name == "approval_level" and value is not None:
                # a catalogue level makes the project listed for approval; filing unlists it
                value = resolve("approval", str(value))
                listed = value != "filing"
                value = value if listed else None
                if project.approval_listed != listed:
                    change.record(
                        "facts",
                        on=effective,
                        field="approval_listed",
                        old=project.approval_listed,
                        new=listed,
                        note=note,
                    )
                    project.approval_listed = listed
            else:
                value = _checked_fact(name, value)
                if name == "signed_on" and isinstance(value, date):
                    check_signing(change, value)
            old = getattr(project, name)
            if old != value:
                setattr(project, name, value)
                change.record("facts", on=effective, field=name, old=old, new=value, note=note)
        reconcile_procedures(change, effective)
    return change.project


def _checked_fact(name: str, value: Any) -> Any:
    """A changed detail checked as a new project's would be (texts, dates, numbers)."""
    if name in ("name", "investor"):
        text = clean_name(str(value or ""), name, column_limit(Project, name))
        if not text:
            raise InvalidValueError(name, value, Msg("expect.text"))
        return text
    if name == "signing_event":
        return clean_optional_name(value, name, column_limit(Project, name))
    if name == "description":
        return clean_text(value, name)
    if name in ("signed_on", "planned_start_on") and isinstance(value, date):
        return check_date(value)
    if name == "energy_tce" and isinstance(value, int | float | Decimal):
        return check_number(float(value), name)
    return value


def reconcile_procedures(change: ProjectChange, on: date) -> bool:
    """Add newly applicable procedures; drop pending ones that no longer apply."""
    existing = {
        step: ExistingProcedure(step, p.status, p.limit_days, p.level)
        for step, p in change.procedures.items()
    }
    facts = change.project.facts()
    plan = reconcile(change.definition, facts, existing)
    for _old, key in plan.rename:  # within one definition a rename is an addition
        plan.add.append(key)
        plan.limits = [c for c in plan.limits if c[0] != key]
        plan.levels = [c for c in plan.levels if c[0] != key]
    for key in plan.add:
        change.add_procedure(change.definition.step_for(key, facts))
        change.record("procedure_added", on=on, field=key, new="pending", entity="procedure")
    for key, old_level, new_level in plan.levels:  # a level that follows the facts
        procedure = change.procedures[key]
        if procedure.status == "pending":
            procedure.level = new_level
            change.record(
                "procedure_level",
                on=on,
                field=key,
                old=old_level,
                new=new_level,
                entity="procedure",
            )
    for key in plan.remove:
        if change.procedures[key].status != "pending":
            continue  # progress is never thrown away; the step stays on record
        removed = change.remove_procedure(key)
        change.record("procedure_removed", on=on, field=key, old=removed.status, entity="procedure")
    return bool(plan.add or plan.remove or plan.levels)
