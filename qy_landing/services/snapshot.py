"""Reading the past: every report and view as of a past day, from the audit trail.

:func:`at` gives a :class:`Context` whose reads see the database as it stood on a day.
On its first read it opens one connection and one read transaction, and materialises
the replayed state into TEMP tables named like the stored ones (``project``,
``procedure``, ``problem``, ``funds_record``, ``assignment``, ``event``). SQLite and
PostgreSQL both resolve an unqualified table name to a temporary table first, so every
report query reads the past unchanged. The TEMP tables live as long as the transaction
(until :meth:`SnapshotDatabase.dispose`); nothing is written to the stored tables.

What is replayed, and how (:mod:`qy_landing.services.replay`):

- projects with no event effective after the day (and, ``--as-recorded``, none recorded
  after it and no correction) are copied as stored: their rows are their state then;
- the others are replayed event by event, in batches;
- problems, funds and assignments are those dated on or before the day (a problem
  resolved later is open); the trail's events are those that count, up to the day.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Table,
    and_,
    case,
    func,
    insert,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from qy_landing.calendar import WorkCalendar
from qy_landing.services.context import Context
from qy_landing.services.replay import (
    EVENT_COLUMNS,
    VOID,
    Cut,
    EventRow,
    replay_project,
)
from qy_landing.store.bulk import insert_many
from qy_landing.store.database import Database

# The stored tables that a snapshot replaces, by table name.
REPLACED = ("project", "procedure", "problem", "funds_record", "assignment", "event")
_INDEXES = {
    "project": ("id", "unit_id, state"),
    "procedure": ("project_id", "status, due_on"),
    "problem": ("project_id",),
    "funds_record": ("project_id",),
    "assignment": ("project_id",),
    "event": ("project_id, id", "effective_on"),
}
BATCH = 2000
OFFICE_TZ = ZoneInfo("Asia/Shanghai")


def end_of_day(day: date) -> datetime:
    """The last moment of ``day`` in the office's time zone (what was recorded by then)."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=OFFICE_TZ) - timedelta(
        microseconds=1
    )


def at(
    ctx: Context, as_of: date | None, *, as_recorded: bool = False, project: str | None = None
) -> Context:
    """``ctx`` reading the state as of ``as_of``: itself for today (or no day), else a
    context over a :class:`SnapshotDatabase`. ``as_recorded``: as it was known that day;
    ``project``: only that project's rows are replayed (a view of one project)."""
    if as_of is None or isinstance(ctx.db, SnapshotDatabase):
        return ctx
    if as_of >= ctx.today() and not as_recorded:
        return ctx
    cut = Cut(as_of, end_of_day(as_of) if as_recorded else None)
    # one snapshot per database and cut: a second reader of the same day reuses it
    found = next(
        (
            s
            for s in ctx.db.snapshots
            if isinstance(s, SnapshotDatabase) and (s.cut, s.project) == (cut, project)
        ),
        None,
    )
    past = replace(ctx, db=found or SnapshotDatabase(ctx.db, cut, ctx.calendar(), project))
    past._calendar, past._calendar_version = ctx.calendar(), ctx._calendar_version
    return past


class SnapshotDatabase(Database):
    """A database read as of a past day (see the module's docstring); read-only."""

    def __init__(
        self, base: Database, cut: Cut, calendar: WorkCalendar, project: str | None = None
    ) -> None:
        super().__init__(base.url, echo=base.echo)
        self.base = base
        self.cut = cut
        self.project = project  # only this project's rows (a view of one project)
        self.calendar = calendar
        self._connection: Connection | None = None
        self.replayed = 0  # projects replayed event by event (the rest were copied)
        base.snapshots.append(self)

    @property
    def read_engine(self) -> Any:
        return self.base.read_engine

    @property
    def engine(self) -> Any:
        return self.base.engine

    def connection(self) -> Connection:
        if self._connection is None:
            connection = self.base.read_engine.connect()
            connection.begin()
            try:
                self.replayed = materialise(connection, self.cut, self.calendar, self.project)
            except BaseException:
                connection.close()
                raise
            self._connection = connection
            if self not in self.base.snapshots:
                self.base.snapshots.append(self)
        return self._connection

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """The snapshot's own connection (its TEMP tables are seen on it only)."""
        yield self.connection()

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = Session(bind=self.connection(), expire_on_commit=False, autoflush=False)
        try:
            yield session
        finally:
            session.close()

    def write(self) -> Any:
        raise RuntimeError("a snapshot of the past is read-only")

    def write_connection(self) -> Any:
        raise RuntimeError("a snapshot of the past is read-only")

    def dispose(self) -> None:
        self.snapshots.clear()
        if self._connection is not None:
            self._connection.rollback()
            self._connection.close()
            self._connection = None


# --- materialising ---------------------------------------------------------------------------


def _stored_tables(connection: Connection) -> dict[str, Table]:
    """The stored tables, schema-qualified (so they are not the TEMP tables of the same name)."""
    from qy_landing.store.tables import TABLES

    if connection.dialect.name == "sqlite":
        schema = "main"
    else:
        schema = str(connection.execute(text("SELECT current_schema()")).scalar_one())
    metadata = MetaData()
    return {name: TABLES[name].to_metadata(metadata, schema=schema) for name in REPLACED}


def _create_temp(connection: Connection, stored: dict[str, Table]) -> None:
    preparer = connection.dialect.identifier_preparer
    postgres = connection.dialect.name == "postgresql"
    for name in REPLACED:
        source = preparer.format_table(stored[name])
        if postgres:
            connection.exec_driver_sql(f"CREATE TEMP TABLE {name} (LIKE {source}) ON COMMIT DROP")
        else:
            connection.exec_driver_sql(
                f"CREATE TEMP TABLE {name} AS SELECT * FROM {source} WHERE 0"
            )
        for i, columns in enumerate(_INDEXES[name]):
            connection.exec_driver_sql(f"CREATE INDEX tix_{name}_{i} ON {name} ({columns})")
    extra = "ON COMMIT DROP" if postgres else ""
    connection.exec_driver_sql(
        f"CREATE TEMP TABLE replayed_project (id INTEGER PRIMARY KEY) {extra}"
    )
    connection.exec_driver_sql(f"CREATE TEMP TABLE voided_event (id INTEGER PRIMARY KEY) {extra}")


_REPLAYED = Table("replayed_project", MetaData(), Column("id", Integer, primary_key=True))
_VOIDED = Table("voided_event", MetaData(), Column("id", Integer, primary_key=True))


def materialise(
    connection: Connection, cut: Cut, calendar: WorkCalendar, project: str | None = None
) -> int:
    """Fill the TEMP tables with the state as of ``cut`` (only ``project``'s rows if given);
    returns how many projects were replayed event by event."""
    stored = _stored_tables(connection)
    _create_temp(connection, stored)
    table = stored["project"]
    scope = None if project is None else select(table.c.id).where(table.c.code == project.strip())

    def within(column: Any) -> Any:
        return true() if scope is None else column.in_(scope)

    event = stored["event"]
    day = cut.as_of
    # which events no longer count (corrections point back: the latest decides)
    corrections = select(event.c.id, event.c.corrects).where(event.c.corrects.is_not(None))
    if cut.known_by is not None:
        corrections = corrections.where(event.c.recorded_at <= cut.known_by)
    voided: set[int] = set()
    for event_id, corrects in sorted(connection.execute(corrections).all(), reverse=True):
        if event_id not in voided:
            voided.add(corrects)
    insert_many(connection, _VOIDED, [{"id": i} for i in sorted(voided)])
    # which projects cannot be copied as stored
    later = or_(event.c.effective_on > day, event.c.action == VOID)
    if cut.known_by is not None:
        later = or_(later, event.c.recorded_at > cut.known_by, event.c.corrects.is_not(None))
    connection.execute(
        insert(_REPLAYED).from_select(
            ["id"],
            select(event.c.project_id)
            .where(later, event.c.project_id.is_not(None), within(event.c.project_id))
            .distinct(),
        )
    )
    _copy_unchanged(connection, stored, within)
    replayed = _replay_changed(connection, stored, cut, calendar)
    _copy_dated(connection, stored, cut, within)
    return replayed


def _copy_unchanged(connection: Connection, stored: dict[str, Table], within: Any) -> None:
    project, procedure = stored["project"], stored["procedure"]
    changed = select(_REPLAYED.c.id)
    connection.execute(
        insert(_temp(project)).from_select(
            list(project.c.keys()),
            select(project).where(project.c.id.not_in(changed), within(project.c.id)),
        )
    )
    connection.execute(
        insert(_temp(procedure)).from_select(
            list(procedure.c.keys()),
            select(procedure).where(
                procedure.c.project_id.not_in(changed), within(procedure.c.project_id)
            ),
        )
    )


def _temp(table: Table) -> Table:
    """The TEMP table of the same name (unqualified)."""
    return Table(table.name, MetaData(), *(Column(c.name, c.type) for c in table.columns))


def _replay_changed(
    connection: Connection, stored: dict[str, Table], cut: Cut, calendar: WorkCalendar
) -> int:
    from qy_landing.services.definitions import StoredDefinitions

    project, procedure, event = stored["project"], stored["procedure"], stored["event"]
    definitions = StoredDefinitions.load(connection)
    ids = [row[0] for row in connection.execute(select(_REPLAYED.c.id).order_by(_REPLAYED.c.id))]
    temp_project, temp_procedure = _temp(project), _temp(procedure)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        projects = {
            row.id: dict(row._mapping)
            for row in connection.execute(select(project).where(project.c.id.in_(batch)))
        }
        procedures: dict[int, list[dict[str, Any]]] = {}
        for row in connection.execute(
            select(procedure).where(procedure.c.project_id.in_(batch)).order_by(procedure.c.id)
        ):
            procedures.setdefault(row.project_id, []).append(dict(row._mapping))
        events: dict[int, list[EventRow]] = {}
        for row in connection.execute(
            select(*(event.c[c] for c in EVENT_COLUMNS))
            .where(event.c.project_id.in_(batch))
            .order_by(event.c.id)
        ):
            events.setdefault(row.project_id, []).append(EventRow(**row._mapping))
        project_rows, procedure_rows = [], []
        for project_id, values in projects.items():
            definition = definitions(values["workflow"], values["workflow_version"])
            replayed = replay_project(
                values,
                procedures.get(project_id, []),
                events.get(project_id, []),
                cut,
                definition,
                calendar,
            )
            if replayed is None:
                continue
            project_rows.append(replayed.project)
            procedure_rows.extend(replayed.procedures)
        insert_many(connection, temp_project, project_rows)
        insert_many(connection, temp_procedure, procedure_rows)
    return len(ids)


def _ended_later(
    connection: Connection, event: Table, assignment: Table, day: date, within: Any
) -> None:
    """Assignments that held on ``day`` but were ended (``unassign``) since: back in place,
    from the events (they name the person by id)."""
    counts = and_(event.c.action != VOID, event.c.id.not_in(select(_VOIDED.c.id)))
    ended = connection.execute(
        select(event.c.project_id, event.c.field, event.c.entity_id).where(
            counts,
            event.c.action == "unassign",
            event.c.effective_on > day,
            within(event.c.project_id),
        )
    ).all()
    if not ended:
        return
    temp = _temp(assignment)
    held = {
        (row.project_id, row.role, row.person_id)
        for row in connection.execute(select(temp.c.project_id, temp.c.role, temp.c.person_id))
    }
    # when each (project, role, person) was last assigned by the day: one grouped query
    since = {
        (project_id, role, person_id): day_assigned
        for project_id, role, person_id, day_assigned in connection.execute(
            select(
                event.c.project_id, event.c.field, event.c.entity_id, func.max(event.c.effective_on)
            )
            .where(counts, event.c.action == "assign", event.c.effective_on <= day)
            .group_by(event.c.project_id, event.c.field, event.c.entity_id)
        )
    }
    rows: list[dict[str, Any]] = []
    for project_id, role, person_id in ended:
        key = (project_id, role, person_id)
        if key in held or person_id is None or key not in since:
            continue
        held.add(key)
        rows.append(
            {
                "id": -len(rows) - 1,
                "project_id": project_id,
                "person_id": person_id,
                "role": role,
                "assigned_on": since[key],
            }
        )
    insert_many(connection, temp, rows)


def _copy_dated(connection: Connection, stored: dict[str, Table], cut: Cut, within: Any) -> None:
    """Problems, funds, assignments and events dated on or before the day."""
    day = cut.as_of
    problem, funds = stored["problem"], stored["funds_record"]
    assignment, event = stored["assignment"], stored["event"]
    exists = select(_temp(stored["project"]).c.id)
    resolved = problem.c.resolved_on <= day
    connection.execute(
        insert(_temp(problem)).from_select(
            list(problem.c.keys()),
            select(
                *(
                    case((resolved, c), else_=None).label(c.name)
                    if c.name in ("resolved_on", "resolution")
                    else c
                    for c in problem.columns
                )
            ).where(problem.c.opened_on <= day, problem.c.project_id.in_(exists)),
        )
    )
    for table, column in ((funds, "received_on"), (assignment, "assigned_on")):
        connection.execute(
            insert(_temp(table)).from_select(
                list(table.c.keys()),
                select(table).where(table.c[column] <= day, table.c.project_id.in_(exists)),
            )
        )
    _ended_later(connection, event, assignment, day, within)
    counted = and_(
        within(event.c.project_id),
        event.c.effective_on <= day,
        event.c.action != VOID,
        event.c.id.not_in(select(_VOIDED.c.id)),
    )
    if cut.known_by is not None:
        counted = and_(counted, event.c.recorded_at <= cut.known_by)
    connection.execute(
        insert(_temp(event)).from_select(list(event.c.keys()), select(event).where(counted))
    )
