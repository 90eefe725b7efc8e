"""The same work as each scenario, as plain SQL through the driver (``sqlite3`` / ``psycopg``).

A baseline is the limit of what the database allows for the scenario's work: the same
rows read, the same rows written, in the same transactions, with the least Python in
between. What a baseline may know beforehand (outside the timed part, like the
library's own caches): unit and person ids by name, the workflow definitions (which
steps apply to which facts, levels, ladders, labels) and the working-day calendar.
What it leaves out: the library's validation messages, i18n templates and audit
niceties. Each function documents its "same work"; each returns ``(seconds, info)``
with the counts the runner compares with the library's.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import Any

from benchmarks import meeting, progress
from benchmarks.common import (
    ACTOR,
    AS_OF,
    as_of_datetime,
    is_sqlite,
    pg_connect,
    sqlite_connect,
)

Result = tuple[float, dict[str, Any]]
RESPONSIBLE = ("first_responsible", "direct_responsible")
RUNNING = ("submitted", "accepted")
DONE = ("approved", "waived")
FIELD_SEP = "\x1f"
ROW_SEP = "\x1e"


class Driver:
    """The few differences between sqlite3 and psycopg that the baselines meet."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sqlite = is_sqlite(url)
        if self.sqlite:
            self.connection: Any = sqlite_connect(url)
        else:
            self.connection = pg_connect(url)
        self.mark = "?" if self.sqlite else "%s"

    def sql(self, text: str) -> str:
        """Statements are written with ``?``; PostgreSQL gets ``%s``."""
        return text if self.sqlite else text.replace("%", "%%").replace("?", "%s")

    def agg(self, expression: str, separator: str) -> str:
        sep = separator.replace("'", "''")
        if self.sqlite:
            return f"group_concat({expression}, '{sep}')"
        return f"string_agg({expression}, '{sep}')"

    def text(self, column: str) -> str:
        return f"CAST({column} AS TEXT)"

    def day(self, value: date) -> Any:
        return value.isoformat() if self.sqlite else value

    def stamp(self, value: datetime) -> Any:
        naive = value.astimezone(UTC).replace(tzinfo=None)
        return naive.strftime("%Y-%m-%d %H:%M:%S.%f") if self.sqlite else naive

    def begin(self) -> None:
        if self.sqlite:
            self.connection.execute("BEGIN IMMEDIATE")

    def begin_read(self) -> None:
        if self.sqlite:
            self.connection.execute("BEGIN")

    def commit(self) -> None:
        if self.sqlite:
            self.connection.execute("COMMIT")
        else:
            self.connection.commit()

    def execute(self, text: str, params: Sequence[Any] = ()) -> Any:
        return self.connection.execute(self.sql(text), params)

    def executemany(self, text: str, rows: Sequence[Sequence[Any]]) -> int:
        """Run ``text`` for every row; returns the rows really changed."""
        if not rows:
            return 0
        if self.sqlite:
            before = self.connection.total_changes
            self.connection.executemany(text, rows)
            return int(self.connection.total_changes - before)
        with self.connection.cursor() as cursor:
            cursor.executemany(self.sql(text), rows)
            return int(cursor.rowcount)

    def stream(self, text: str, params: Sequence[Any] = (), size: int = 2000) -> Iterator[Any]:
        """Rows of a query, fetched in chunks (a server-side cursor on PostgreSQL)."""
        if self.sqlite:
            cursor = self.connection.execute(text, params)  # (placeholders as written)
            while rows := cursor.fetchmany(size):
                yield from rows
            return
        with self.connection.cursor(name="baseline") as cursor:
            cursor.itersize = size
            cursor.execute(self.sql(text), params)
            yield from cursor

    def close(self) -> None:
        self.connection.close()


def to_date(value: Any) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


class Knowledge:
    """What a baseline knows before it starts: workflows, calendar, units, persons, labels."""

    def __init__(self, url: str) -> None:
        from qy_landing import i18n
        from qy_landing.calendar import WorkCalendar
        from qy_landing.workflow.definition import parse_definition

        driver = Driver(url)
        self.definitions: dict[tuple[str, int], Any] = {}
        for name, version, source in driver.execute(
            "SELECT name, version, source FROM workflow_version"
        ).fetchall():
            self.definitions[(name, version)] = parse_definition(source, f"{name} v{version}")
        self.latest = {}
        for (name, version), definition in sorted(self.definitions.items()):
            self.latest[name] = (version, definition)
        self.units = dict(driver.execute("SELECT name, id FROM unit").fetchall())
        self.unit_names = {v: k for k, v in self.units.items()}
        self.persons = dict(driver.execute("SELECT name, id FROM person").fetchall())
        self.supervisors = driver.execute(
            "SELECT id, name, lang, channel FROM person WHERE supervisor = TRUE AND active IS TRUE "
            "ORDER BY id"
        ).fetchall()
        driver.close()
        self.chains = {i18n.term("chain", key, "zh"): key for key in i18n_chains()}
        self.chain_names = {v: k for k, v in self.chains.items()}
        self.calendar = WorkCalendar()
        self._between: dict[tuple[date, date], int] = {}
        self._add: dict[tuple[date, int], date] = {}

    def workdays_between(self, start: date, end: date) -> int:
        key = (start, end)
        found = self._between.get(key)
        if found is None:
            found = self._between[key] = self.calendar.workdays_between(start, end)
        return found

    def add_workdays(self, start: date, n: int) -> date:
        key = (start, n)
        found = self._add.get(key)
        if found is None:
            found = self._add[key] = self.calendar.add_workdays(start, n)
        return found

    def state_names(self, kind: str) -> list[str]:
        names = {"started", "terminated"} if kind == "final" else set()
        for definition in self.definitions.values():
            for state in definition.states:
                if (kind == "final" and state.final) or state.kind == kind:
                    names.add(state.name)
        return sorted(names)


def i18n_chains() -> tuple[str, ...]:
    from qy_landing.vocabulary import CHAINS

    return CHAINS


def _in(values: Iterable[str]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


# --- import ------------------------------------------------------------------------------------

_PROJECT_COLUMNS = (
    "code", "code_kind", "name", "investor", "unit_id", "chain", "amount", "signed_on",
    "signing_event", "major", "new_land", "hazardous", "approval_listed", "eia_full",
    "energy_tce", "description", "planned_start_on", "workflow", "workflow_version", "state",
    "state_since", "last_progress_on", "created_at", "updated_at", "version",
)  # fmt: skip
_EVENT_COLUMNS = (
    "project_id", "entity", "entity_id", "action", "field", "old", "new", "actor",
    "recorded_at", "effective_on", "note",
)  # fmt: skip
_CHUNK = 5000


def _insert(table: str, columns: Sequence[str]) -> str:
    return f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'


class _LedgerRows:
    """The ledger's rows as the database stores them (the minimum of reading and converting)."""

    def __init__(self, knowledge: Knowledge, driver: Driver) -> None:
        self.k = knowledge
        self.d = driver
        self.version, self.definition = knowledge.latest["standard"]
        self.now = driver.stamp(as_of_datetime())
        self.today = driver.day(AS_OF)
        self.yes = {"是": True, "否": False, "": False}
        self.dates: dict[str, Any] = {}

    def day(self, text: str) -> Any:
        found = self.dates.get(text)
        if found is None:
            found = self.dates[text] = self.d.day(date.fromisoformat(text))
        return found

    def month(self, text: str) -> Any:
        if not text:
            return None
        found = self.dates.get(text)
        if found is None:
            found = self.dates[text] = self.d.day(date.fromisoformat(text + "-01"))
        return found

    def read(
        self, path: Path
    ) -> Iterator[tuple[tuple[Any, ...], dict[str, Any], list[tuple[str, int]]]]:
        """(project row, facts, [(role, person id)]) per ledger row."""
        yes = self.yes
        persons = self.k.persons
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            for r in reader:
                code = r[1]
                signed = self.day(r[7])
                energy = float(r[18]) if r[18] else None
                amount = int(Decimal(r[8]) * 10000)
                facts = {
                    "major": yes[r[13]],
                    "new_land": yes[r[14]],
                    "hazardous": yes[r[15]],
                    "approval_listed": yes[r[16]],
                    "eia_full": yes[r[17]],
                    "energy_tce": energy,
                    "amount": Decimal(r[8]),
                }
                row = (
                    code, "local" if code[:3] == "QY-" else "national", r[2], r[3],
                    self.k.units[r[4]], self.k.chains[r[5]], amount, signed, r[6] or None,
                    facts["major"], facts["new_land"], facts["hazardous"],
                    facts["approval_listed"], facts["eia_full"], energy, r[19] or None,
                    self.month(r[20]), "standard", self.version, "signed", signed, signed,
                    self.now, self.now, 1,
                )  # fmt: skip
                people = [
                    (role, persons[name])
                    for role, cell in zip(
                        ("first_responsible", "direct_responsible", "lead_chief", "commissioner"),
                        r[9:13],
                        strict=True,
                    )
                    if cell
                    for name in cell.split("、")
                ]
                yield row, facts, people


def import_full(url: str, params: dict[str, Any]) -> Result:
    """The import's writes through the driver: projects, one pending procedure per
    applicable step, assignments, and the audit events (one per project, one per
    assignment), in one transaction, reading the same CSV with ``csv.reader``.
    ``executemany`` per table and chunk of 5000 rows; ids read back by code per chunk."""
    knowledge = Knowledge(url)
    driver = Driver(url)
    ledger = _LedgerRows(knowledge, driver)
    definition = ledger.definition
    steps_of: dict[tuple[Any, ...], list[tuple[str, str, int]]] = {}
    facts_names = definition.condition_facts
    insert_project = _insert("project", _PROJECT_COLUMNS)
    insert_procedure = _insert(
        "procedure", ("project_id", "step", "level", "limit_days", "status", "due_provisional")
    )
    insert_assignment = _insert("assignment", ("project_id", "person_id", "role", "assigned_on"))
    insert_event = _insert("event", _EVENT_COLUMNS)
    now, today = ledger.now, ledger.today
    counts = {"projects": 0, "procedures": 0, "assignments": 0, "events": 0}

    def flush(chunk: list[tuple[tuple[Any, ...], dict[str, Any], list[tuple[str, int]]]]) -> None:
        driver.executemany(insert_project, [c[0] for c in chunk])
        codes = [c[0][0] for c in chunk]
        ids = dict(
            driver.execute(
                f"SELECT code, id FROM project WHERE code IN ({', '.join('?' * len(codes))})",
                codes,
            ).fetchall()
        )
        procedures, assignments, events = [], [], []
        for row, facts, people in chunk:
            project_id = ids[row[0]]
            key = tuple(facts.get(n) for n in facts_names)
            steps = steps_of.get(key)
            if steps is None:
                steps = steps_of[key] = [
                    (s.key, s.level, s.limit) for s in definition.applicable_steps(facts)
                ]
            for step, level, limit in steps:
                procedures.append((project_id, step, level, limit, "pending", False))
            events.append(
                (project_id, "project", project_id, "import", "state", None, "signed", ACTOR,
                 now, row[7], None)
            )  # fmt: skip
            for role, person_id in people:
                assignments.append((project_id, person_id, role, today))
                events.append(
                    (project_id, "assignment", project_id, "assign", role, None,
                     knowledge_names[person_id], ACTOR, now, today, None)
                )  # fmt: skip
        driver.executemany(insert_procedure, procedures)
        driver.executemany(insert_assignment, assignments)
        driver.executemany(insert_event, events)

    knowledge_names = {v: k for k, v in knowledge.persons.items()}
    began = time.perf_counter()
    driver.begin()
    chunk: list[Any] = []
    rows = 0
    for item in ledger.read(Path(params["ledger"])):
        chunk.append(item)
        rows += 1
        if len(chunk) >= _CHUNK:
            flush(chunk)
            chunk = []
    if chunk:
        flush(chunk)
    driver.commit()
    seconds = time.perf_counter() - began
    driver.close()
    from benchmarks.ours import table_counts

    counts = table_counts(url)
    return seconds, {"rows": rows, "created": rows, **counts}


def import_projects_only(url: str, params: dict[str, Any]) -> Result:
    """For reference: only the project rows (read from the CSV beforehand, not timed),
    one ``executemany``, one commit."""
    knowledge = Knowledge(url)
    driver = Driver(url)
    ledger = _LedgerRows(knowledge, driver)
    rows = [row for row, _facts, _people in ledger.read(Path(params["ledger"]))]
    insert_project = _insert("project", _PROJECT_COLUMNS)
    began = time.perf_counter()
    driver.begin()
    driver.executemany(insert_project, rows)
    driver.commit()
    seconds = time.perf_counter() - began
    driver.close()
    return seconds, {"rows": len(rows)}


# --- advance / procedure set -------------------------------------------------------------------


def advance_set(url: str, params: dict[str, Any]) -> Result:
    """Per call, one transaction: read the project row and its procedure rows, decide
    the move (or check the status change), UPDATE the procedure and/or the project
    (state, dates, ``version = version + 1`` where the version read still holds),
    INSERT the audit event(s), COMMIT — the library's reads and writes, by hand."""
    knowledge = Knowledge(url)
    operations = json.loads(Path(params["operations"]).read_text())
    driver = Driver(url)
    today = driver.day(AS_OF)
    now = driver.stamp(as_of_datetime())
    levels: dict[tuple[str, int], list[tuple[str, str | None]]] = {}
    for key, definition in knowledge.definitions.items():
        levels[key] = [(s.name, s.level) for s in definition.states]
    insert_event = driver.sql(_insert("event", _EVENT_COLUMNS))
    select_project = driver.sql("SELECT * FROM project WHERE code = ?")
    select_procedures = driver.sql('SELECT * FROM "procedure" WHERE project_id = ? ORDER BY id')
    update_state = driver.sql(
        "UPDATE project SET state = ?, state_since = ?, last_progress_on = ?, updated_at = ?, "
        "version = version + 1 WHERE id = ? AND version = ?"
    )
    update_progress = driver.sql(
        "UPDATE project SET last_progress_on = ?, updated_at = ?, version = version + 1 "
        "WHERE id = ? AND version = ?"
    )
    update_procedure = driver.sql(
        'UPDATE "procedure" SET status = ?, approved_on = ?, updated_on = ? WHERE id = ?'
    )
    connection = driver.connection
    began, cpu = time.perf_counter(), time.process_time()
    for operation in operations:
        driver.begin()
        cursor = connection.execute(select_project, (operation[1],))
        names = [c[0] for c in cursor.description]
        project = dict(zip(names, cursor.fetchone(), strict=True))
        cursor = connection.execute(select_procedures, (project["id"],))
        procedure_names = [c[0] for c in cursor.description]
        procedures = [dict(zip(procedure_names, r, strict=True)) for r in cursor.fetchall()]
        pid = project["id"]
        if operation[0] == "advance":
            order = levels[(project["workflow"], project["workflow_version"])]
            with_steps = {p["level"] for p in procedures}
            state = project["state"]
            position = [name for name, _ in order].index(state)
            moves: list[tuple[str, str, str]] = []
            # the next state, then pass every level with no procedure
            while True:
                position += 1
                name, level = order[position]
                moves.append((state, name, "trigger" if not moves else "auto_pass"))
                state = name
                if level is None or level in with_steps:
                    break
            changed = connection.execute(
                update_state, (state, today, today, now, pid, project["version"])
            )
            assert changed.rowcount == 1
            cursor = connection.cursor()
            cursor.executemany(
                insert_event,
                [
                    (pid, "project", pid, action, "state", old, new, ACTOR, now, today, None)
                    for old, new, action in moves
                ],
            )
            cursor.close()
        else:
            step, status = operation[2], operation[3]
            procedure = next(p for p in procedures if p["step"] == step)
            old = procedure["status"]
            assert old in RUNNING and project["state"] not in ("started", "terminated", "suspended")
            connection.execute(update_procedure, (status, today, today, procedure["id"]))
            changed = connection.execute(update_progress, (today, now, pid, project["version"]))
            assert changed.rowcount == 1
            connection.execute(
                insert_event,
                (pid, "procedure", procedure["id"], "procedure", step, old, status, ACTOR, now,
                 today, None),
            )  # fmt: skip
        driver.commit()
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    driver.close()
    from benchmarks.ours import change_counts

    return seconds, {"calls": len(operations), "cpu_seconds": cpu, **change_counts(url)}


# --- the reminder outbox -----------------------------------------------------------------------

_REMINDER_COLUMNS = (
    "key", "kind", "person_id", "project_id", "procedure_id", "rung", "period", "channel",
    "lang", "title", "body", "status", "attempts", "next_attempt_at", "created_at",
)  # fmt: skip


class _Outbox:
    """Outbox rows inserted in batches, keys that exist ignored (``ON CONFLICT DO NOTHING``):
    ``executemany`` on SQLite, ``COPY`` into a temporary table + one ``INSERT … SELECT`` on
    PostgreSQL."""

    def __init__(self, driver: Driver, batch: int = 2000) -> None:
        self.d = driver
        self.rows: list[tuple[Any, ...]] = []
        self.batch = batch
        self.inserted = 0
        self.staged = False
        self.stamp = driver.stamp(as_of_datetime())
        columns = ", ".join(_REMINDER_COLUMNS)
        self.columns = columns
        self.sql = (
            f"INSERT INTO reminder ({columns}) VALUES ({', '.join('?' * len(_REMINDER_COLUMNS))}) "
            "ON CONFLICT (key) DO NOTHING"
        )

    def add(self, *values: Any) -> None:
        self.rows.append((*values, "pending", 0, self.stamp, self.stamp))
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        rows, self.rows = self.rows, []
        if not rows:
            return
        if self.d.sqlite:
            self.inserted += self.d.executemany(self.sql, rows)
            return
        with self.d.connection.cursor() as cursor:
            if not self.staged:
                cursor.execute(
                    f"CREATE TEMP TABLE outbox_batch ON COMMIT DROP AS "
                    f"SELECT {self.columns} FROM reminder WITH NO DATA"
                )
                self.staged = True
            with cursor.copy(f"COPY outbox_batch ({self.columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO reminder ({self.columns}) SELECT {self.columns} FROM outbox_batch "
                "ON CONFLICT (key) DO NOTHING"
            )
            self.inserted += cursor.rowcount
            cursor.execute("TRUNCATE outbox_batch")


def _period(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def monthly(url: str, params: dict[str, Any]) -> Result:
    """One query for every (responsible person, open project) pair with the project's
    outstanding procedures and open problems aggregated in SQL, grouped by person in
    Python into one plain-text digest each, inserted into the outbox; one transaction."""
    knowledge = Knowledge(url)
    driver = Driver(url)
    closed = knowledge.state_names("final")
    period = _period(AS_OF)  # the run's month: its digest is due (first working day passed)
    procedure_text = (
        f"step || '{FIELD_SEP}' || status || '{FIELD_SEP}' || COALESCE({driver.text('due_on')}, '')"
    )
    problem_text = f"{driver.text('opened_on')} || '{FIELD_SEP}' || text"
    query = f"""
        SELECT per.id, per.name, per.lang, per.channel, p.code, p.name, u.name, p.state,
               p.last_progress_on, procs.agg, probs.agg
        FROM (SELECT DISTINCT person_id, project_id FROM assignment
              WHERE role IN {_in(RESPONSIBLE)}) pairs
        JOIN project p ON p.id = pairs.project_id
        JOIN person per ON per.id = pairs.person_id
        JOIN unit u ON u.id = p.unit_id
        LEFT JOIN (SELECT project_id, {driver.agg(procedure_text, ROW_SEP)} AS agg
                   FROM "procedure" WHERE status NOT IN {_in(DONE)} GROUP BY project_id) procs
               ON procs.project_id = p.id
        LEFT JOIN (SELECT project_id, {driver.agg(problem_text, ROW_SEP)} AS agg
                   FROM problem WHERE resolved_on IS NULL GROUP BY project_id) probs
               ON probs.project_id = p.id
        WHERE p.state NOT IN {_in(closed)} AND per.active IS TRUE
        ORDER BY per.id, p.code
    """
    began = time.perf_counter()
    driver.begin()
    outbox = _Outbox(driver)
    for person_id, group in groupby(driver.stream(query), key=lambda r: r[0]):
        lines = []
        name = lang = channel = ""
        for row in group:
            _id, name, lang, channel = row[0], row[1], row[2], row[3]
            lines.append(
                f"{row[4]} {row[5]}（{row[6]}）{row[7]} {row[8]}\n"
                + (row[9] or "").replace(ROW_SEP, "\n").replace(FIELD_SEP, " ")
                + ("\n" + row[10].replace(ROW_SEP, "\n").replace(FIELD_SEP, " ") if row[10] else "")
            )
        outbox.add(
            f"monthly:{person_id}:{period}", "monthly", person_id, None, None, 0, period,
            channel, lang, f"【{period} 项目调度】{name}（{len(lines)}个项目）", "\n\n".join(lines),
        )  # fmt: skip
    outbox.flush()
    driver.commit()
    seconds = time.perf_counter() - began
    driver.close()
    from benchmarks.ours import reminder_counts

    return seconds, {"generated": outbox.inserted, **reminder_counts(url)}


def _members_sql() -> str:
    # ``IS TRUE``, not ``= TRUE``: without statistics SQLite would drive the join from the
    # person table for ``= TRUE`` (an index lookup per person) and run 3-4× slower at 100k
    return f"""
        SELECT a.project_id, a.role, per.id AS person_id, per.name, per.lang, per.channel
        FROM assignment a JOIN person per ON per.id = a.person_id
        WHERE a.role IN {_in(RESPONSIBLE)} AND per.active IS TRUE
    """


def overdue(url: str, params: dict[str, Any]) -> Result:
    """Two queries (running procedures past their due date; projects without progress
    for at least the shortest idle threshold), each joined with the responsible persons,
    streamed in order; the ladder decides rungs and recipients in Python (working days
    from the calendar); plain-text bodies; outbox inserts ignore existing keys; one
    transaction."""
    knowledge = Knowledge(url)
    driver = Driver(url)
    today = AS_OF
    period = _period(today)
    quiet = sorted(set(knowledge.state_names("final")) | set(knowledge.state_names("suspended")))
    ladders = {
        key: [(r.target, r.after) for r in d.ladder] for key, d in knowledge.definitions.items()
    }
    idle_days = {key: d.idle_days for key, d in knowledge.definitions.items()}
    supervisors = knowledge.supervisors
    overdue_sql = f"""
        SELECT pr.id, pr.step, pr.status, pr.due_on, p.id, p.code, p.name, p.workflow,
               p.workflow_version, u.name, m.role, m.person_id, m.name, m.lang, m.channel
        FROM "procedure" pr
        JOIN project p ON p.id = pr.project_id
        JOIN unit u ON u.id = p.unit_id
        LEFT JOIN ({_members_sql()}) m ON m.project_id = p.id
        WHERE pr.status IN {_in(RUNNING)} AND pr.due_on < ? AND p.state NOT IN {_in(quiet)}
        ORDER BY pr.id, m.role, m.person_id
    """
    latest = today - timedelta(days=min(idle_days.values()))
    stall_sql = f"""
        SELECT p.id, p.code, p.name, p.state, p.workflow, p.workflow_version,
               p.last_progress_on, u.name, m.role, m.person_id, m.name, m.lang, m.channel
        FROM project p
        JOIN unit u ON u.id = p.unit_id
        LEFT JOIN ({_members_sql()}) m ON m.project_id = p.id
        WHERE p.state NOT IN {_in(quiet)} AND p.last_progress_on <= ?
        ORDER BY p.id, m.role, m.person_id
    """

    def recipients(rows: list[Any], role_at: int) -> dict[str, list[tuple[Any, ...]]]:
        roles: dict[str, list[tuple[Any, ...]]] = {}
        for r in rows:
            if r[role_at + 1] is not None:
                roles.setdefault(r[role_at], []).append(r[role_at + 1 : role_at + 5])
        return roles

    began = time.perf_counter()
    driver.begin()
    outbox = _Outbox(driver)
    counts = {"overdue": 0, "stall": 0}
    for procedure_id, group in groupby(
        driver.stream(overdue_sql, (driver.day(today),)), key=lambda r: r[0]
    ):
        rows = list(group)
        first = rows[0]
        due = to_date(first[3])
        days = knowledge.workdays_between(due, today)
        if days < 1:
            continue
        roles = recipients(rows, 10)
        for index, (target, after) in enumerate(ladders[(first[7], first[8])]):
            if days < after:
                break
            for person in supervisors if target == "supervisor" else roles.get(target, ()):
                outbox.add(
                    f"overdue:{procedure_id}:{due.isoformat()}:{index}:{person[0]}", "overdue",
                    person[0], first[4], procedure_id, index, period, person[3], person[2],
                    f"【逾期】{first[5]} {first[1]}",
                    f"{person[1]}：{first[6]}（{first[9]}）{first[1]} {first[2]}，"
                    f"{due.isoformat()} 到期，已逾期 {days} 个工作日。",
                )  # fmt: skip
                counts["overdue"] += 1
    for project_id, group in groupby(
        driver.stream(stall_sql, (driver.day(latest),)), key=lambda r: r[0]
    ):
        rows = list(group)
        first = rows[0]
        since = to_date(first[6])
        idle = knowledge.workdays_between(since, today)
        threshold = idle_days[(first[4], first[5])]
        if idle < threshold:
            continue
        roles = recipients(rows, 8)
        for index, (target, after) in enumerate(ladders[(first[4], first[5])]):
            if idle - threshold < after:
                break
            for person in supervisors if target == "supervisor" else roles.get(target, ()):
                outbox.add(
                    f"stall:{project_id}:{since.isoformat()}:{index}:{person[0]}", "stall",
                    person[0], project_id, None, index, period, person[3], person[2],
                    f"【停滞】{first[1]}",
                    f"{person[1]}：{first[2]}（{first[7]}）{first[3]}，自 {since.isoformat()} "
                    f"起 {idle} 个工作日无进展。",
                )  # fmt: skip
                counts["stall"] += 1
    outbox.flush()
    driver.commit()
    seconds = time.perf_counter() - began
    driver.close()
    from benchmarks.ours import reminder_counts

    return seconds, {"inserted": outbox.inserted, **reminder_counts(url)}


# --- the stuck export ---------------------------------------------------------------------------

REASONS = ("overdue_procedure", "idle", "problem_open", "over_limit")


def _cutoff(knowledge: Knowledge, as_of: date, n: int) -> date:
    if n <= 0:
        return as_of + timedelta(days=1)
    return knowledge.add_workdays(as_of + timedelta(days=1), -n)


def stuck_csv(url: str, params: dict[str, Any]) -> Result:
    """One query: the projects in an ordinary state that meet any reason as of the date
    (thresholds turned into cut-off dates per workflow version), with the earliest overdue
    due date, the oldest open problem, their procedures not done, responsible persons and
    open problems aggregated in SQL; Python computes onsets and working days (calendar),
    labels, and the per-unit order (most stuck first); ``csv.writer`` writes the same 18
    columns as the export."""
    from qy_landing import i18n

    knowledge = Knowledge(url)
    driver = Driver(url)
    as_of = AS_OF
    limits = {}
    per_version = []
    for (name, version), definition in knowledge.definitions.items():
        active = [s.name for s in definition.states if s.kind == "normal"]
        limits[(name, version)] = (
            definition,
            _cutoff(knowledge, as_of, definition.idle_days),
            _cutoff(knowledge, as_of, definition.problem_days + 1),
            _cutoff(knowledge, as_of, definition.overall_limit + 1),
            {s.key: i for i, s in enumerate(definition.steps)},
        )
        _d, idle_before, problem_before, limit_before, _o = limits[(name, version)]
        per_version.append(
            f"(p.workflow = '{name}' AND p.workflow_version = {version} "
            f"AND p.state IN {_in(active)} AND (od.since IS NOT NULL "
            f"OR p.last_progress_on < '{idle_before.isoformat()}' "
            f"OR pb.since < '{problem_before.isoformat()}' "
            f"OR p.signed_on < '{limit_before.isoformat()}'))"
        )
    a = f"'{as_of.isoformat()}'"
    procedure_text = (
        f"step || '{FIELD_SEP}' || status || '{FIELD_SEP}' || level || '{FIELD_SEP}' || "
        f"COALESCE({driver.text('due_on')}, '')"
    )
    problem_text = (
        f"{driver.text('id')} || '{FIELD_SEP}' || {driver.text('opened_on')} || "
        f"'{FIELD_SEP}' || text"
    )
    query = f"""
        SELECT p.id, p.code, p.name, p.unit_id, u.name, p.chain, p.amount, p.signed_on,
               p.state, p.workflow, p.workflow_version, p.last_progress_on, od.since, pb.since,
               (SELECT {driver.agg(procedure_text, ROW_SEP)} FROM "procedure" x
                 WHERE x.project_id = p.id AND x.status NOT IN {_in(DONE)}),
               (SELECT {driver.agg("per.name", "；")} FROM assignment a
                  JOIN person per ON per.id = a.person_id
                 WHERE a.project_id = p.id AND a.role = 'first_responsible'),
               (SELECT {driver.agg("per.name", "；")} FROM assignment a
                  JOIN person per ON per.id = a.person_id
                 WHERE a.project_id = p.id AND a.role = 'direct_responsible'),
               pb.agg
        FROM project p
        JOIN unit u ON u.id = p.unit_id
        LEFT JOIN (SELECT project_id, min(due_on) AS since FROM "procedure"
                   WHERE status IN {_in(RUNNING)} AND due_on < {a}
                   GROUP BY project_id) od ON od.project_id = p.id
        LEFT JOIN (SELECT project_id, min(opened_on) AS since,
                          {driver.agg(problem_text, ROW_SEP)} AS agg
                   FROM problem WHERE opened_on <= {a}
                     AND (resolved_on IS NULL OR resolved_on > {a})
                   GROUP BY project_id) pb ON pb.project_id = p.id
        WHERE p.signed_on <= {a} AND ({" OR ".join(per_version) or "FALSE"})
        ORDER BY p.unit_id, p.id
    """
    chain_names = {key: i18n.term("chain", key, "zh") for key in i18n_chains()}
    reason_names = {r: i18n.text(f"report.reason.{r}", "zh") for r in REASONS}
    status_names = {
        s: i18n.term("status", s, "zh") for s in ("pending", "submitted", "accepted", "rejected")
    }
    state_names = {
        (key, s.name): s.label.get("zh")
        for key, d in knowledge.definitions.items()
        for s in d.states
    }
    step_names = {
        (key, s.key): (s.name.get("zh"), s.depends_on)
        for key, d in knowledge.definitions.items()
        for s in d.steps
    }
    k = knowledge
    output = Path(params["output"])
    began = time.perf_counter()
    driver.begin_read()
    authority = _authority_onsets(driver, knowledge, limits, as_of)
    count = 0
    with output.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["序号", "项目代码", "项目名称", "落地县区", "产业链", "协议投资额（亿元）", "签约日期",
             "状态", "卡滞原因", "卡滞工作日", "卡滞起始", "逾期手续", "下一步手续", "第一责任人",
             "直接责任人", "存在问题", "最近进展", "无进展工作日"]
        )  # fmt: skip
        for _unit, group in groupby(driver.stream(query), key=lambda r: r[3]):
            found = []
            for r in group:
                key = (r[9], r[10])
                definition, idle_before, problem_before, limit_before, order = limits[key]
                last = to_date(r[11])
                signed = to_date(r[7])
                onsets = {}
                if r[12] is not None:
                    onsets["overdue_procedure"] = to_date(r[12]) + timedelta(days=1)
                if last < idle_before:
                    onsets["idle"] = k.add_workdays(last, definition.idle_days)
                if r[13] is not None and to_date(r[13]) < problem_before:
                    onsets["problem_open"] = k.add_workdays(
                        to_date(r[13]), definition.problem_days + 1
                    )
                if signed < limit_before:
                    if definition.overall_counts == "since_signing":
                        onsets["over_limit"] = k.add_workdays(signed, definition.overall_limit + 1)
                    elif r[0] in authority:
                        onsets["over_limit"] = authority[r[0]]
                if not onsets:
                    continue
                since = min(onsets.values())
                stuck = max(0, k.workdays_between(since - timedelta(days=1), as_of))
                found.append((r, onsets, since, stuck, key, order))
            found.sort(key=lambda f: (-f[3], f[0][1]))
            for r, onsets, since, stuck, key, order in found:
                count += 1
                overdue_labels, next_labels = [], []
                if r[14]:
                    items = [x.split(FIELD_SEP) for x in r[14].split(ROW_SEP)]
                    waiting = {x[0] for x in items}
                    items.sort(key=lambda x: (order.get(x[0], 999), x[0]))
                    late = []
                    for step, status, _level, due in items:
                        label, depends = step_names.get((key, step), (step, ()))
                        if status in RUNNING and due and due < as_of.isoformat():
                            days = k.workdays_between(date.fromisoformat(due), as_of)
                            late.append((due, step, f"{label}（逾期{days}个工作日）"))
                        if not any(d in waiting for d in depends):
                            next_labels.append(f"{label}（{status_names[status]}）")
                    overdue_labels = [x[2] for x in sorted(late)]
                problems = []
                if r[17]:
                    for item in r[17].split(ROW_SEP):
                        pid, opened, text = item.split(FIELD_SEP, 2)
                        days = k.workdays_between(date.fromisoformat(opened[:10]), as_of)
                        problems.append(f"#{pid} {text}（{days}个工作日）")
                writer.writerow(
                    (
                        count, r[1], r[2], r[4], chain_names[r[5]], f"{Decimal(r[6]) / 10000:f}",
                        to_date(r[7]).isoformat(), state_names[(key, r[8])],
                        "；".join(reason_names[x] for x in REASONS if x in onsets), stuck,
                        since.isoformat(), "；".join(overdue_labels), "；".join(next_labels),
                        r[15] or "", r[16] or "", "；".join(problems), last.isoformat(),
                        max(0, k.workdays_between(last, as_of)),
                    )
                )  # fmt: skip
    driver.commit()
    seconds = time.perf_counter() - began
    driver.close()
    return seconds, {"rows": count, "bytes": output.stat().st_size}


def _authority_onsets(
    driver: Driver, knowledge: Knowledge, limits: dict[Any, Any], as_of: date
) -> dict[int, date]:
    """Gansu's measure (working days the procedures spent with the authorities), as the
    library counts it: one streamed query of the status events of the projects signed
    before the limit's cut-off, counted by ``workflow.clock.authority_onset``."""
    from qy_landing.workflow.clock import authority_onset

    per_version = []
    for (name, version), (definition, _i, _p, limit_before, _o) in limits.items():
        if definition.overall_counts == "since_signing":
            continue
        active = [s.name for s in definition.states if s.kind == "normal"]
        per_version.append(
            f"(p.workflow = '{name}' AND p.workflow_version = {version} "
            f"AND p.state IN {_in(active)} AND p.signed_on < '{limit_before.isoformat()}')"
        )
    if not per_version:
        return {}
    query = f"""
        SELECT e.project_id, p.workflow, p.workflow_version, e.field, e.effective_on, e.new
        FROM event e JOIN project p ON p.id = e.project_id
        WHERE e.entity = 'procedure' AND e.action = 'procedure'
          AND e.effective_on <= '{as_of.isoformat()}' AND ({" OR ".join(per_version)})
        ORDER BY e.project_id, e.id
    """
    onsets: dict[int, date] = {}
    for project_id, group in groupby(driver.stream(query), key=lambda r: r[0]):
        by_step: dict[str, list[tuple[date, str]]] = {}
        key = None
        for row in group:
            key = (row[1], row[2])
            by_step.setdefault(row[3], []).append((to_date(row[4]), row[5]))
        limit = limits[key][0].overall_limit
        onset = authority_onset(knowledge.calendar, list(by_step.values()), as_of, limit)
        if onset is not None:
            onsets[project_id] = onset
    return onsets


def report_today(url: str, params: dict[str, Any]) -> Result:
    """The reference of a past month's pack is not plain SQL but today's pack through the
    library (the goal: a past month within 2× of the current-state pack)."""
    from benchmarks.ours import report_html

    return report_html(url, params)


SCENARIOS: dict[str, Callable[[str, dict[str, Any]], Result]] = {
    "import": import_full,
    "import_projects": import_projects_only,
    "advance_set": advance_set,
    "monthly": monthly,
    "overdue": overdue,
    "stuck_csv": stuck_csv,
    "meeting": meeting.baseline,
    "report_today": report_today,
    "progress_export": progress.export_baseline,
    "progress_import": progress.import_baseline,
}
