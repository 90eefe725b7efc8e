"""Reading the past: every report and view as of a past day, from the audit trail.

:func:`at` gives a :class:`Context` whose reads see the database as it stood on a day.
On its first read it opens one connection and one read transaction, and creates TEMP
views named like the stored tables (``project``, ``procedure``, ``problem``,
``funds_record``, ``assignment``, ``event``). SQLite and PostgreSQL both resolve an
unqualified name to the temporary schema first, so every report query reads the past
unchanged. The views and their TEMP tables live as long as the transaction (until
:meth:`SnapshotDatabase.dispose`); nothing is written to the stored tables.

What a view holds, and what is replayed (:mod:`qy_landing.services.replay`):

- events, problems, funds and assignments: the stored rows with the day's filter (the
  events that count, up to the day; a problem resolved later is open; an assignment
  ended since is brought back), nothing copied;
- projects with no event effective after the day (and, ``--as-recorded``, none recorded
  after it and no correction): their stored rows, which are their state then;
- the others are replayed event by event, in batches; only their rows that then differ
  from the stored ones are written (``past_*``), and the stored rows they replace or
  that did not exist yet are left out (``replaced_*``).

docs/data-model.md ("Replaying the audit trail") and docs/performance.md (issue 9) say why.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Table,
    and_,
    func,
    insert,
    null,
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
    UNREAD_ACTIONS,
    VOID,
    Cut,
    EventRow,
    replay_project,
)
from qy_landing.store.bulk import insert_many
from qy_landing.store.database import Database

# The stored tables that a snapshot replaces, by table name.
REPLACED = ("project", "procedure", "problem", "funds_record", "assignment", "event")
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
    """The stored tables, schema-qualified (so they are not the TEMP views of the same name)."""
    from qy_landing.store.tables import TABLES

    if connection.dialect.name == "sqlite":
        schema = "main"
    else:
        schema = str(connection.execute(text("SELECT current_schema()")).scalar_one())
    metadata = MetaData()
    return {name: TABLES[name].to_metadata(metadata, schema=schema) for name in REPLACED}


# TEMP tables holding what a view cannot express: the replayed rows that differ from the
# stored ones (past_*), the stored rows they replace or that did not exist yet (replaced_*),
# the assignments ended since the day (past_assignment) and the events voided since.
_ROWS = {"project": "past_project", "procedure": "past_procedure", "assignment": "past_assignment"}
_IDS = ("replayed_project", "replaced_project", "replaced_procedure", "voided_event")
_ROW_INDEXES = {
    "past_project": "id",
    "past_procedure": "project_id",
    "past_assignment": "project_id",
}


def _create_temp(connection: Connection, stored: dict[str, Table]) -> None:
    preparer = connection.dialect.identifier_preparer
    postgres = connection.dialect.name == "postgresql"
    extra = "ON COMMIT DROP" if postgres else ""
    for name, rows in _ROWS.items():
        source = preparer.format_table(stored[name])
        if postgres:
            connection.exec_driver_sql(f"CREATE TEMP TABLE {rows} (LIKE {source}) {extra}")
        else:
            connection.exec_driver_sql(
                f"CREATE TEMP TABLE {rows} AS SELECT * FROM {source} WHERE 0"
            )
    for name in _IDS:
        connection.exec_driver_sql(f"CREATE TEMP TABLE {name} (id INTEGER PRIMARY KEY) {extra}")


def _insert_ids(connection: Connection, name: str, ids: list[tuple[int]]) -> None:
    """Ids into one of the TEMP id sets, straight to the driver (hundreds of thousands)."""
    if ids:
        marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        connection.exec_driver_sql(f"INSERT INTO {name} (id) VALUES ({marker})", ids)


def _ids(name: str) -> Table:
    return Table(name, MetaData(), Column("id", Integer, primary_key=True))


_REPLAYED, _VOIDED = _ids("replayed_project"), _ids("voided_event")


def materialise(
    connection: Connection, cut: Cut, calendar: WorkCalendar, project: str | None = None
) -> int:
    """Set up the TEMP views of the state as of ``cut`` (only ``project``'s rows if given);
    returns how many projects were replayed event by event."""
    stored = _stored_tables(connection)
    _create_temp(connection, stored)
    table = stored["project"]
    scope: int | None = None
    if project is not None:
        found = connection.execute(
            select(table.c.id).where(table.c.code == project.strip())
        ).scalar_one_or_none()
        scope = -1 if found is None else int(found)

    def within(column: Any) -> Any:
        return true() if scope is None else column == scope

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
    # which projects cannot be read as stored
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
    replayed = _replay_changed(connection, stored, cut, calendar)
    for rows, column in _ROW_INDEXES.items():
        connection.exec_driver_sql(f"CREATE INDEX tix_{rows} ON {rows} ({column})")
    _create_views(connection, stored, cut, scope)
    _ended_later(connection, event, stored["assignment"], day, within)
    if connection.dialect.name == "postgresql":
        # temporary tables are never analysed by autovacuum: the planner needs their sizes
        connection.exec_driver_sql("ANALYZE " + ", ".join((*_ROWS.values(), *_IDS)))
    return replayed


def _literal(value: date | datetime) -> str:
    """A date (or a naive UTC datetime, as stored) as an SQL literal both databases read."""
    if isinstance(value, datetime):
        return f"'{value.astimezone(UTC).replace(tzinfo=None).strftime('%Y-%m-%d %H:%M:%S.%f')}'"
    return f"'{value.isoformat()}'"


def _create_views(
    connection: Connection, stored: dict[str, Table], cut: Cut, scope: int | None
) -> None:
    """The TEMP views named like the stored tables: the stored rows the day's filter keeps,
    the replayed rows (those that differ) in place of their stored ones."""
    preparer = connection.dialect.identifier_preparer

    def source(name: str) -> str:
        return f"{preparer.format_table(stored[name])} AS s"

    def columns(name: str, prefix: str = "s.") -> str:
        return ", ".join(prefix + preparer.quote(c.name) for c in stored[name].columns)

    def absent(ids: str, column: str) -> str:
        # NOT EXISTS, not NOT IN: an anti-join on PostgreSQL whatever the set's size
        return f"NOT EXISTS (SELECT 1 FROM {ids} AS x WHERE x.id = s.{column})"

    day = _literal(cut.as_of)
    mine = "" if scope is None else f" AND s.{{0}} = {scope}"
    # the project existed on the day: its stored row stands, or it was replayed
    existed = (
        f"(({absent('replaced_project', '{0}')}{mine}) "
        "OR EXISTS (SELECT 1 FROM past_project AS p WHERE p.id = s.{0}))"
    )
    views = {
        "project": (
            f"SELECT {columns('project')} FROM {source('project')} "
            f"WHERE {absent('replaced_project', 'id')}{mine.format('id')} "
            f"UNION ALL SELECT {columns('project', '')} FROM past_project"
        ),
        "procedure": (
            f"SELECT {columns('procedure')} FROM {source('procedure')} "
            f"WHERE {absent('replaced_procedure', 'id')}{mine.format('project_id')} "
            f"UNION ALL SELECT {columns('procedure', '')} FROM past_procedure"
        ),
        "problem": (
            "SELECT "
            + ", ".join(
                f"CASE WHEN s.resolved_on <= {day} THEN s.{preparer.quote(c.name)} END "
                f"AS {preparer.quote(c.name)}"
                if c.name in ("resolved_on", "resolution")
                else "s." + preparer.quote(c.name)
                for c in stored["problem"].columns
            )
            + f" FROM {source('problem')} "
            f"WHERE s.opened_on <= {day} AND {existed.format('project_id')}"
        ),
        "funds_record": (
            f"SELECT {columns('funds_record')} FROM {source('funds_record')} "
            f"WHERE s.received_on <= {day} AND {existed.format('project_id')}"
        ),
        "assignment": (
            f"SELECT {columns('assignment')} FROM {source('assignment')} "
            f"WHERE s.assigned_on <= {day} AND {existed.format('project_id')} "
            f"UNION ALL SELECT {columns('assignment', '')} FROM past_assignment"
        ),
    }
    counted = f"s.effective_on <= {day} AND s.action <> '{VOID}' AND {absent('voided_event', 'id')}"
    if cut.known_by is not None:
        counted += f" AND s.recorded_at <= {_literal(cut.known_by)}"
    if scope is not None:
        counted += f" AND s.project_id = {scope}"
    views["event"] = f"SELECT {columns('event')} FROM {source('event')} WHERE {counted}"
    for name in REPLACED:
        connection.exec_driver_sql(f"CREATE TEMP VIEW {name} AS {views[name]}")


def _temp(table: Table) -> Table:
    """The TEMP view of the same name (unqualified)."""
    return _rows(table, table.name)


def _rows(table: Table, name: str) -> Table:
    """A TEMP table (or view) of ``table``'s columns named ``name``."""
    return Table(name, MetaData(), *(Column(c.name, c.type) for c in table.columns))


def _replay_changed(
    connection: Connection, stored: dict[str, Table], cut: Cut, calendar: WorkCalendar
) -> int:
    """Replay the projects in ``replayed_project``; write the rows that differ from the
    stored ones (``past_*``) and the ids of the stored rows they replace or that did not
    exist on the day (``replaced_*``)."""
    from qy_landing.services.definitions import StoredDefinitions

    project, procedure, event = stored["project"], stored["procedure"], stored["event"]
    definitions = StoredDefinitions.load(connection)
    ids = [row[0] for row in connection.execute(select(_REPLAYED.c.id).order_by(_REPLAYED.c.id))]
    past_project, past_procedure = (
        _rows(project, "past_project"),
        _rows(procedure, "past_procedure"),
    )
    project_keys, procedure_keys = list(project.c.keys()), list(procedure.c.keys())
    read: list[Any] = [event.c[c] for c in EVENT_COLUMNS]
    if cut.known_by is None:
        # replay reads the recording time only to leave out what was not known by then:
        # not converting two million timestamps to aware datetimes saves seconds
        read[EVENT_COLUMNS.index("recorded_at")] = null().label("recorded_at")
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        projects = [
            dict(zip(project_keys, row, strict=True))
            for row in connection.execute(select(project).where(project.c.id.in_(batch)))
        ]
        procedures: dict[int, list[dict[str, Any]]] = {}
        for row in connection.execute(
            select(procedure)
            .where(procedure.c.project_id.in_(batch))
            .order_by(procedure.c.project_id, procedure.c.id)
        ):
            values = dict(zip(procedure_keys, row, strict=True))
            procedures.setdefault(values["project_id"], []).append(values)
        events: dict[int, list[EventRow]] = {}
        for row in connection.execute(
            select(*read)
            .where(event.c.project_id.in_(batch), event.c.action.not_in(UNREAD_ACTIONS))
            .order_by(event.c.project_id, event.c.id)  # the index's order: no sort
        ):
            found = EventRow._make(row)
            events.setdefault(found.project_id, []).append(found)  # type: ignore[arg-type]
        project_rows: list[dict[str, Any]] = []
        procedure_rows: list[dict[str, Any]] = []
        gone_projects: list[tuple[int]] = []
        gone_procedures: list[tuple[int]] = []
        for values in projects:
            project_id = values["id"]
            definition = definitions(values["workflow"], values["workflow_version"])
            mine = procedures.get(project_id, [])
            replayed = replay_project(
                values, mine, events.get(project_id, []), cut, definition, calendar
            )
            if replayed is None:  # not registered yet
                gone_projects.append((project_id,))
                gone_procedures.extend((p["id"],) for p in mine)
                continue
            if replayed.project != values:
                gone_projects.append((project_id,))
                project_rows.append(replayed.project)
            kept = {p["id"]: p for p in replayed.procedures}
            for was in mine:
                now = kept.get(was["id"])
                if now != was:
                    gone_procedures.append((was["id"],))
                    if now is not None:
                        procedure_rows.append(now)
        insert_many(connection, past_project, project_rows)
        insert_many(connection, past_procedure, procedure_rows)
        _insert_ids(connection, "replaced_project", gone_projects)
        _insert_ids(connection, "replaced_procedure", gone_procedures)
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
    temp = _temp(assignment)  # the view: what held on the day
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
    insert_many(connection, _rows(assignment, "past_assignment"), rows)
