"""Deciding reminders: the monthly dispatch digest and the overdue ladder, into the outbox.

Generation is set-based and streamed: one ordered query per kind, rows grouped in
Python, outbox rows inserted in batches with ``INSERT … ON CONFLICT (key) DO NOTHING``
in the same transaction that reads the facts. Every reminder has a unique key, so
generating twice, two generators at once, or a crash between generating and sending
never produces a second reminder. Nothing here sends anything (see ``deliver``).

Keys:

- ``monthly:<person_id>:<YYYY-MM>`` — one digest per person per month;
- ``overdue:<procedure_id>:<due_on>:<rung>:<person_id>`` — one per rung of the ladder per
  submission (a resubmission has a new due date and can escalate again);
- ``stall:<project_id>:<last_progress_on>:<rung>:<person_id>`` — a project without
  progress for the definition's ``idle_days`` working days, on the same ladder.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import String, case, cast, exists, func, literal, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from qy_landing import i18n
from qy_landing.calendar import WorkCalendar
from qy_landing.config import Config
from qy_landing.errors import BadKindError, InvalidValueError, LandingError, Msg
from qy_landing.reminders.commitments import digest_promises, escalate_missed, with_promises
from qy_landing.reminders.ladder import Candidate, Climb
from qy_landing.reminders.render import (
    FIELD_SEP,
    ROW_SEP,
    DigestProject,
    Member,
    Renderer,
    Roles,
)
from qy_landing.services.context import Context
from qy_landing.services.definitions import StoredDefinitions
from qy_landing.store.database import Database
from qy_landing.store.models import (
    Assignment,
    Person,
    Problem,
    Procedure,
    Project,
    Reminder,
    Unit,
)
from qy_landing.vocabulary import (
    DIRECT_RESPONSIBLE,
    DONE_STATUSES,
    FIRST_RESPONSIBLE,
    RUNNING_STATUSES,
)
from qy_landing.workflow.definition import Definition

# "tasks" (交办单) are queued by reminders/commitments.py after a meeting, not generated here.
KINDS = ("monthly", "overdue", "stall", "commitment", "tasks")
RUN_KINDS = ("monthly", "overdue", "all")  # "overdue": overdue procedures, stalls, commitments
GENERATED = ("monthly", "overdue", "stall", "commitment")  # what generate() decides
RESPONSIBLE = (FIRST_RESPONSIBLE, DIRECT_RESPONSIBLE)
BATCH_ROWS = 500
BATCH_BYTES = 4_000_000
TITLE_MAX = 300

# Tables as Core objects: scans read columns, never one ORM object per row.
T_ASSIGNMENT = Assignment.__table__  # type: ignore[attr-defined]
T_PERSON = Person.__table__  # type: ignore[attr-defined]
T_PROBLEM = Problem.__table__  # type: ignore[attr-defined]
T_PROCEDURE = Procedure.__table__  # type: ignore[attr-defined]
T_PROJECT = Project.__table__  # type: ignore[attr-defined]
T_REMINDER = Reminder.__table__  # type: ignore[attr-defined]
T_UNIT = Unit.__table__  # type: ignore[attr-defined]


# --- results --------------------------------------------------------------------------------


@dataclass
class KindResult:
    generated: int = 0
    existing: int = 0


@dataclass(frozen=True)
class NoRecipient:
    """A rung that told nobody: its target role has no (active) person."""

    kind: str
    code: str
    step: str | None
    rung: int
    target: str


@dataclass
class RunReport:
    """What one generation run did (or, with ``dry_run``, would do)."""

    as_of: datetime
    dry_run: bool = False
    period: str | None = None  # the month of the monthly digest, when one was due
    kinds: dict[str, KindResult] = field(default_factory=dict)
    no_recipient: list[NoRecipient] = field(default_factory=list)
    no_recipient_count: int = 0
    unknown_supervisors: list[str] = field(default_factory=list)

    def result(self, kind: str) -> KindResult:
        return self.kinds.setdefault(kind, KindResult())

    @property
    def generated(self) -> int:
        return sum(k.generated for k in self.kinds.values())

    @property
    def existing(self) -> int:
        return sum(k.existing for k in self.kinds.values())

    def skipped(self, item: NoRecipient) -> None:
        self.no_recipient_count += 1
        if len(self.no_recipient) < 50:
            self.no_recipient.append(item)

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "dry_run": self.dry_run,
            "period": self.period,
            "kinds": {
                k: {"generated": v.generated, "existing": v.existing} for k, v in self.kinds.items()
            },
            "no_recipient": self.no_recipient_count,
            "no_recipient_examples": [
                {"kind": n.kind, "code": n.code, "step": n.step, "rung": n.rung, "target": n.target}
                for n in self.no_recipient
            ],
            "unknown_supervisors": self.unknown_supervisors,
        }


@dataclass(frozen=True)
class Digest:
    """The monthly digest one person would get (``remind preview``)."""

    person: str
    lang: str
    period: str
    key: str
    title: str
    body: str
    projects: int


# --- time ----------------------------------------------------------------------------------


def dispatch_moment(
    calendar: WorkCalendar, year: int, month: int, at: time, tz: ZoneInfo
) -> datetime:
    """When the monthly digest of ``year-month`` is due: its first working day at ``at``."""
    day = calendar.first_workday_of_month(year, month)
    return datetime(day.year, day.month, day.day, at.hour, at.minute, tzinfo=tz)


def due_period(calendar: WorkCalendar, as_of: datetime, config: Config) -> tuple[int, int]:
    """The month whose digest is due as of ``as_of``: the latest whose dispatch moment passed."""
    tz = config.tz
    local = as_of.astimezone(tz)
    year, month = local.year, local.month
    if dispatch_moment(calendar, year, month, config.monthly_at, tz) > local:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return year, month


def _resolve_as_of(ctx: Context, as_of: datetime | None, dry_run: bool) -> datetime:
    now = ctx.clock.now()
    if as_of is None:
        return now
    if as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=ctx.clock.tz)
    if as_of > now and not dry_run:
        # Future reminders would be sent at once: only a dry run may look ahead.
        raise InvalidValueError(
            "datetime", as_of.isoformat(timespec="minutes"), Msg("remind.expect.not_future")
        )
    return as_of


# --- shared query pieces -----------------------------------------------------------------------


def _members() -> Any:
    """Active first- and direct-responsible persons of each project (a subquery)."""
    a, p = T_ASSIGNMENT, T_PERSON
    return (
        select(a.c.project_id, a.c.role, p.c.id.label("person_id"), p.c.name, p.c.lang, p.c.channel)
        .join(p, p.c.id == a.c.person_id)
        .where(a.c.role.in_(RESPONSIBLE), p.c.active.is_(True))
        .subquery("members")
    )


def _key_expr(prefix: str, person_id: Any, period: str) -> ColumnElement[str]:
    return literal(prefix) + cast(person_id, String) + literal(f":{period}")


def _stream(session: Session, query: Select[Any], size: int = 2000) -> Iterator[Any]:
    """Rows of ``query`` fetched in chunks (a server-side cursor on PostgreSQL)."""
    result = session.execute(query.execution_options(yield_per=size))
    yield from result


# The outbox columns an insert fills, in order (the rest keep their defaults: NULL).
_COLUMNS = (
    "key",
    "kind",
    "person_id",
    "project_id",
    "procedure_id",
    "rung",
    "period",
    "channel",
    "lang",
    "title",
    "body",
    "status",
    "attempts",
    "next_attempt_at",
    "created_at",
)


class _Outbox:
    """Buffers outbox rows and inserts them in batches, ignoring keys that already exist.

    The insert is the hot path of a large run, so it goes straight to the driver
    (``executemany`` of ``INSERT … ON CONFLICT (key) DO NOTHING``) inside the session's
    transaction; the number of rows really inserted comes from the driver. A batch
    holds one kind of reminder (each kind's generator flushes before the next starts).
    """

    def __init__(self, session: Session, db: Database, *, dry_run: bool, now: datetime) -> None:
        self.session = session
        self.dry_run = dry_run
        self.postgres = db.is_postgres
        self.staged = False  # PostgreSQL: the temporary batch table exists
        self.batch_rows = BATCH_ROWS * 10 if self.postgres else BATCH_ROWS
        self.rows: list[tuple[Any, ...]] = []
        self.kind: str | None = None
        self.bytes = 0
        self.inserted: dict[str, int] = {}
        self.conflicts: dict[str, int] = {}
        # Stored as UTCDateTime stores it: naive UTC (SQLite: its text form).
        utc = now.astimezone(UTC).replace(tzinfo=None)
        self.stamp: Any = utc if self.postgres else utc.strftime("%Y-%m-%d %H:%M:%S.%f")
        marks = ", ".join(["%s" if self.postgres else "?"] * len(_COLUMNS))
        self.sql = (
            f"INSERT INTO reminder ({', '.join(_COLUMNS)}) VALUES ({marks}) "
            "ON CONFLICT (key) DO NOTHING"
        )

    def add(
        self,
        *,
        key: str,
        kind: str,
        member: Member,
        period: str,
        title: str,
        body: str,
        project_id: int | None = None,
        procedure_id: int | None = None,
        rung: int = 0,
    ) -> None:
        if kind != self.kind:
            self.flush()
            self.kind = kind
        self.rows.append(
            (
                key,
                kind,
                member.id,
                project_id,
                procedure_id,
                rung,
                period,
                member.channel,
                member.lang,
                title[:TITLE_MAX],
                body,
                "pending",
                0,
                self.stamp,
                self.stamp,
            )
        )
        self.bytes += len(body)
        if len(self.rows) >= self.batch_rows or self.bytes >= BATCH_BYTES:
            self.flush()

    def count(self, kind: str, n: int = 1) -> None:
        """A dry run counts what it would insert."""
        self.inserted[kind] = self.inserted.get(kind, 0) + n

    def conflict(self, kind: str, n: int = 1) -> None:
        self.conflicts[kind] = self.conflicts.get(kind, 0) + n

    def flush(self) -> None:
        if not self.rows or self.kind is None:
            return
        rows, self.rows, self.bytes = self.rows, [], 0
        if self.dry_run:
            self.count(self.kind, len(rows))
            return
        raw = self.session.connection().connection.driver_connection
        assert raw is not None
        cursor = raw.cursor()
        try:
            inserted = self._copy(cursor, rows) if self.postgres else self._many(raw, cursor, rows)
        finally:
            cursor.close()
        self.count(self.kind, inserted)
        self.conflict(self.kind, len(rows) - inserted)

    def _many(self, raw: Any, cursor: Any, rows: list[tuple[Any, ...]]) -> int:
        """SQLite: one ``executemany``; what it inserted is the change count."""
        before = raw.total_changes
        cursor.executemany(self.sql, rows)
        return int(raw.total_changes - before)

    def _copy(self, cursor: Any, rows: list[tuple[Any, ...]]) -> int:
        """PostgreSQL: COPY into a temporary table, then one INSERT … SELECT … ON CONFLICT.

        Keys go in sorted order, so two generators racing take row locks in the same order.
        """
        columns = ", ".join(_COLUMNS)
        if not self.staged:
            cursor.execute(
                f"CREATE TEMP TABLE reminder_batch ON COMMIT DROP AS "
                f"SELECT {columns} FROM reminder WITH NO DATA"
            )
            self.staged = True
        with cursor.copy(f"COPY reminder_batch ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO reminder ({columns}) SELECT {columns} FROM reminder_batch "
            "ORDER BY key ON CONFLICT (key) DO NOTHING"
        )
        inserted = int(cursor.rowcount)
        cursor.execute("DELETE FROM reminder_batch")
        return inserted

    def existing_keys(self, keys: Sequence[str]) -> set[str]:
        """Which of ``keys`` are in the outbox already (an index lookup each)."""
        if not keys:
            return set()
        raw = self.session.connection().connection.driver_connection
        assert raw is not None
        cursor = raw.cursor()
        try:
            if self.postgres:  # one array parameter, not thousands
                cursor.execute("SELECT key FROM reminder WHERE key = ANY(%s)", (list(keys),))
            else:
                marks = ", ".join("?" * len(keys))
                cursor.execute(f"SELECT key FROM reminder WHERE key IN ({marks})", list(keys))
            return {row[0] for row in cursor.fetchall()}
        finally:
            cursor.close()


def _tally(report: RunReport, outbox: _Outbox, kinds: Sequence[str]) -> None:
    for kind in kinds:
        result = report.result(kind)
        result.generated += outbox.inserted.get(kind, 0)
        result.existing += outbox.conflicts.get(kind, 0)


# --- the monthly digest -------------------------------------------------------------------------


def _digest_query(
    closed: list[str], period: str, *, person_id: int | None = None, skip_existing: bool = True
) -> Select[Any]:
    """One row per (person, open project), ordered by person then project code.

    Outstanding procedures and open problems come aggregated into one text column each
    (``aggregate_strings``: ``group_concat`` on SQLite, ``string_agg`` on PostgreSQL), so
    a project costs one row, not one per procedure.
    """
    a, p, per, u, pr, pb = T_ASSIGNMENT, T_PROJECT, T_PERSON, T_UNIT, T_PROCEDURE, T_PROBLEM
    pairs = (
        select(a.c.person_id, a.c.project_id)
        .where(a.c.role.in_(RESPONSIBLE))
        .distinct()
        .subquery("pairs")
    )
    provisional = case((pr.c.due_provisional.is_(True), "1"), else_="0")
    procedure_text = (
        pr.c.step
        + FIELD_SEP
        + pr.c.level
        + FIELD_SEP
        + pr.c.status
        + FIELD_SEP
        + func.coalesce(cast(pr.c.due_on, String), "")
        + FIELD_SEP
        + provisional
    )
    procs = (
        select(pr.c.project_id, func.aggregate_strings(procedure_text, ROW_SEP).label("agg"))
        .where(pr.c.status.not_in(sorted(DONE_STATUSES)))
        .group_by(pr.c.project_id)
        .subquery("procs")
    )
    problem_text = cast(pb.c.opened_on, String) + FIELD_SEP + pb.c.text
    probs = (
        select(pb.c.project_id, func.aggregate_strings(problem_text, ROW_SEP).label("agg"))
        .where(pb.c.resolved_on.is_(None))
        .group_by(pb.c.project_id)
        .subquery("probs")
    )
    query = (
        select(
            per.c.id.label("person_id"),
            per.c.name.label("person_name"),
            per.c.lang.label("person_lang"),
            per.c.channel.label("person_channel"),
            p.c.code,
            p.c.name,
            u.c.name.label("unit"),
            p.c.state,
            p.c.suspended_from,
            p.c.workflow,
            p.c.workflow_version,
            p.c.last_progress_on,
            procs.c.agg.label("procedures"),
            probs.c.agg.label("problems"),
        )
        .select_from(
            pairs.join(p, p.c.id == pairs.c.project_id)
            .join(per, per.c.id == pairs.c.person_id)
            .join(u, u.c.id == p.c.unit_id)
            .outerjoin(procs, procs.c.project_id == p.c.id)
            .outerjoin(probs, probs.c.project_id == p.c.id)
        )
        .where(p.c.state.not_in(closed), per.c.active.is_(True))
        .order_by(per.c.id, p.c.code)
    )
    if person_id is not None:
        query = query.where(per.c.id == person_id)
    if skip_existing:
        key = _key_expr("monthly:", pairs.c.person_id, period)
        query = query.where(~exists().where(T_REMINDER.c.key == key))
    return query


def _existing_digests(session: Session, closed: list[str], period: str) -> int:
    a, p, per = T_ASSIGNMENT, T_PROJECT, T_PERSON
    key = _key_expr("monthly:", a.c.person_id, period)
    return int(
        session.execute(
            select(func.count(func.distinct(a.c.person_id)))
            .select_from(a.join(p, p.c.id == a.c.project_id).join(per, per.c.id == a.c.person_id))
            .where(
                a.c.role.in_(RESPONSIBLE),
                p.c.state.not_in(closed),
                per.c.active.is_(True),
                exists().where(T_REMINDER.c.key == key),
            )
        ).scalar_one()
    )


def _sheet_deadline(config: Config, calendar: WorkCalendar, today: date, member: Member) -> str:
    """The digest's line for a unit's progress-sheet contact: by when this month's sheet is
    due back (the same day the sheet's own e-mail names); empty for everyone else."""
    units = config.sheets.units_of(member.name)
    if not units:
        return ""
    lang = member.lang if member.lang in i18n.LANGS else "zh"
    deadline = config.sheets.return_by(calendar, today).isoformat()
    return "\n\n" + i18n.t("sheet.digest.deadline", lang, units="、".join(units), deadline=deadline)


def _digest_project(row: Row[Any]) -> DigestProject:
    return DigestProject(
        code=row.code,
        name=row.name,
        unit=row.unit,
        state=row.state,
        suspended_from=row.suspended_from,
        workflow=row.workflow,
        workflow_version=row.workflow_version,
        last_progress_on=row.last_progress_on,
        procedures=row.procedures,
        problems=row.problems,
    )


def _monthly(
    ctx: Context,
    session: Session,
    outbox: _Outbox,
    config: Config,
    as_of: datetime,
    report: RunReport,
) -> None:
    calendar = ctx.calendar()
    year, month = due_period(calendar, as_of, config)
    period = f"{year:04d}-{month:02d}"
    report.period = period
    today = as_of.astimezone(config.tz).date()
    definitions = StoredDefinitions.load(session)
    closed = sorted(definitions.final_states())
    renderer = Renderer(calendar, today, definitions, config.templates)
    promised = digest_promises(session, period, today)
    moved = _moved_since_last_digest(ctx, year, month)
    rows = _stream(session, _digest_query(closed, period))
    for person_id, group in groupby(rows, key=lambda r: r.person_id):
        if outbox.dry_run:
            outbox.count("monthly")
            continue
        projects: list[DigestProject] = []
        for row in group:
            if not projects:
                member = Member(person_id, row.person_name, row.person_lang, row.person_channel)
            projects.append(_digest_project(row))
        title, body = renderer.digest(member.name, member.lang, year, month, projects, moved)
        body = with_promises(
            body, promised.get(person_id), member.lang, today, calendar, config.templates
        )
        body += _sheet_deadline(config, calendar, today, member)
        outbox.add(
            key=f"monthly:{person_id}:{period}",
            kind="monthly",
            member=member,
            period=period,
            title=title,
            body=body,
        )
    outbox.flush()
    # Counted after inserting, in the same transaction: on PostgreSQL (READ COMMITTED) a
    # concurrent generator's digests are seen here whether they were committed before our
    # scan (then we skipped them) or after (then our insert found them).
    having = _existing_digests(session, closed, period)
    ours = 0 if outbox.dry_run else outbox.inserted.get("monthly", 0)
    report.result("monthly").existing += having - ours
    outbox.conflicts.pop("monthly", None)


def _moved_since_last_digest(ctx: Context, year: int, month: int) -> dict[str, list[Any]]:
    """By project code, the due dates a calendar change moved since the previous digest's
    month began (a published schedule, an office closure)."""
    from qy_landing.services.calendar import moved_due_dates

    since = date(year - 1, 12, 1) if month == 1 else date(year, month - 1, 1)
    moved: dict[str, list[Any]] = {}
    for m in moved_due_dates(ctx, since):
        moved.setdefault(m.code, []).append(m)
    return moved


def preview_digest(
    ctx: Context, person: str, as_of: datetime | None = None, *, config: Config | None = None
) -> Digest:
    """The digest ``person`` (``NAME`` or ``NAME@UNIT``) would get as of ``as_of``.

    Nothing is written.
    """
    from qy_landing.services.people import find_person
    from qy_landing.services.snapshot import at

    config = config or Config()
    as_of = as_of or ctx.clock.now()
    calendar = ctx.calendar()
    ctx = at(ctx, as_of.astimezone(config.tz).date())
    year, month = due_period(calendar, as_of, config)
    period = f"{year:04d}-{month:02d}"
    with ctx.db.read() as session:
        who = find_person(session, person)
        definitions = StoredDefinitions.load(session)
        closed = sorted(definitions.final_states())
        query = _digest_query(closed, period, person_id=who.id, skip_existing=False)
        projects = [_digest_project(r) for r in session.execute(query)]
        today = as_of.astimezone(config.tz).date()
        promised = digest_promises(session, period, today).get(who.id or 0)
    renderer = Renderer(calendar, today, definitions, config.templates)
    title, body = renderer.digest(who.name, who.lang, year, month, projects)
    body = with_promises(body, promised, who.lang, today, calendar, config.templates)
    return Digest(
        who.name, who.lang, period, f"monthly:{who.id}:{period}", title, body, len(projects)
    )


# --- the overdue ladder ----------------------------------------------------------------------


class _Supervisors:
    """Persons on the ladder's ``supervisor`` rung: flagged persons plus configured names."""

    def __init__(self, session: Session, config: Config, report: RunReport) -> None:
        from qy_landing.services.people import find_person

        per = T_PERSON
        found: dict[int, Member] = {}
        for row in session.execute(
            select(per.c.id, per.c.name, per.c.lang, per.c.channel)
            .where(per.c.supervisor.is_(True), per.c.active.is_(True))
            .order_by(per.c.id)
        ):
            found[row[0]] = Member(row[0], row[1], row[2], row[3])
        for name in config.supervisors:
            try:
                person = find_person(session, name)
            except LandingError:
                if name not in report.unknown_supervisors:
                    report.unknown_supervisors.append(name)
                continue
            if person.active and person.id is not None:
                found.setdefault(
                    person.id, Member(person.id, person.name, person.lang, person.channel)
                )
        self.members = list(found.values())


def _targets(roles: Roles, supervisors: _Supervisors, target: str) -> list[Member]:
    return supervisors.members if target == "supervisor" else roles.get(target)


class _Scan:
    """One kind of escalation: what it scans and says. The walk up the ladder is shared
    (:func:`_escalate`); rows come one per (subject, responsible person), by name."""

    kind: str

    def query(self, today: date, definitions: StoredDefinitions, quiet: list[str]) -> Select[Any]:
        raise NotImplementedError

    def subject(self, row: Row[Any]) -> int:
        """The id the rows of one subject share (they come grouped by it)."""
        raise NotImplementedError

    def lateness(
        self, row: Row[Any], definition: Definition, calendar: WorkCalendar, today: date
    ) -> tuple[int, int] | None:
        """(days told in the message, days up the ladder), or None when nothing is late."""
        raise NotImplementedError

    def key(self, row: Row[Any], rung: int, member: Member) -> str:
        raise NotImplementedError

    def about(
        self, renderer: Renderer, lang: str, row: Row[Any], definition: Definition
    ) -> dict[str, object]:
        raise NotImplementedError

    def step(self, row: Row[Any]) -> str | None:
        return None

    def procedure_id(self, row: Row[Any]) -> int | None:
        return None


def _member_columns(m: Any) -> tuple[Any, ...]:
    return (
        m.c.role.label("role"),
        m.c.person_id.label("person_id"),
        m.c.name.label("person_name"),
        m.c.lang.label("person_lang"),
        m.c.channel.label("person_channel"),
    )


class _OverdueScan(_Scan):
    """Procedures running past their due date (the authority's clock)."""

    kind = "overdue"

    def query(self, today: date, definitions: StoredDefinitions, quiet: list[str]) -> Select[Any]:
        pr, p, u = T_PROCEDURE, T_PROJECT, T_UNIT
        m = _members()
        return (
            select(
                pr.c.id.label("procedure_id"),
                pr.c.step,
                pr.c.level,
                pr.c.status,
                pr.c.due_on,
                pr.c.due_provisional,
                pr.c.submitted_on,
                p.c.id.label("project_id"),
                p.c.code,
                p.c.name,
                p.c.workflow,
                p.c.workflow_version,
                u.c.name.label("unit"),
                *_member_columns(m),
            )
            .select_from(
                pr.join(p, p.c.id == pr.c.project_id)
                .join(u, u.c.id == p.c.unit_id)
                .outerjoin(m, m.c.project_id == p.c.id)
            )
            .where(
                pr.c.status.in_(sorted(RUNNING_STATUSES)),
                pr.c.due_on < today,
                p.c.state.not_in(quiet),
            )
            .order_by(pr.c.id, m.c.role, m.c.person_id)
        )

    def subject(self, row: Row[Any]) -> int:
        return int(row.procedure_id)

    def lateness(
        self, row: Row[Any], definition: Definition, calendar: WorkCalendar, today: date
    ) -> tuple[int, int] | None:
        days = calendar.workdays_between(row.due_on, today)
        if days < 1:  # due on the last working day before a weekend or holiday
            return None
        return days, days

    def key(self, row: Row[Any], rung: int, member: Member) -> str:
        return f"overdue:{row.procedure_id}:{row.due_on.isoformat()}:{rung}:{member.id}"

    def about(
        self, renderer: Renderer, lang: str, row: Row[Any], definition: Definition
    ) -> dict[str, object]:
        return renderer.overdue_about(
            lang,
            definition,
            step=row.step,
            level=row.level,
            status=row.status,
            submitted_on=row.submitted_on,
            due=row.due_on,
            provisional=bool(row.due_provisional),
        )

    def step(self, row: Row[Any]) -> str | None:
        return str(row.step)

    def procedure_id(self, row: Row[Any]) -> int | None:
        return int(row.procedure_id)


class _StallScan(_Scan):
    """Projects without progress for their definition's ``idle_days`` working days."""

    kind = "stall"

    def query(self, today: date, definitions: StoredDefinitions, quiet: list[str]) -> Select[Any]:
        p, u = T_PROJECT, T_UNIT
        m = _members()
        # Working days never outnumber calendar days: a cheap, index-friendly prefilter.
        latest = today - timedelta(days=definitions.min_idle_days())
        return (
            select(
                p.c.id.label("project_id"),
                p.c.code,
                p.c.name,
                p.c.state,
                p.c.workflow,
                p.c.workflow_version,
                p.c.last_progress_on,
                u.c.name.label("unit"),
                *_member_columns(m),
            )
            .select_from(p.join(u, u.c.id == p.c.unit_id).outerjoin(m, m.c.project_id == p.c.id))
            .where(p.c.state.not_in(quiet), p.c.last_progress_on <= latest)
            .order_by(p.c.id, m.c.role, m.c.person_id)
        )

    def subject(self, row: Row[Any]) -> int:
        return int(row.project_id)

    def lateness(
        self, row: Row[Any], definition: Definition, calendar: WorkCalendar, today: date
    ) -> tuple[int, int] | None:
        idle = calendar.workdays_between(row.last_progress_on, today)
        if idle < definition.idle_days:
            return None
        return idle, idle - definition.idle_days

    def key(self, row: Row[Any], rung: int, member: Member) -> str:
        return f"stall:{row.project_id}:{row.last_progress_on.isoformat()}:{rung}:{member.id}"

    def about(
        self, renderer: Renderer, lang: str, row: Row[Any], definition: Definition
    ) -> dict[str, object]:
        return renderer.stall_about(lang, definition, state=row.state, since=row.last_progress_on)


def _roles(rows: Sequence[Row[Any]]) -> Roles:
    """The responsible persons named by one subject's rows (a row without one adds none)."""
    roles = Roles()
    for r in rows:
        if r.person_id is not None:
            roles.add(r.role, Member(r.person_id, r.person_name, r.person_lang, r.person_channel))
    return roles


def _escalate(
    ctx: Context,
    session: Session,
    outbox: _Outbox,
    config: Config,
    as_of: datetime,
    report: RunReport,
    scan: _Scan,
) -> None:
    """Walk every late subject of ``scan`` up its definition's ladder, in one streamed pass.

    A rung reached tells its target role (or the supervisors); each (subject, lateness,
    rung, person) has one key, so a reminder already in the outbox is counted, not repeated.
    Keys are checked in batches before rendering: texts are rendered only for new ones.
    """
    calendar = ctx.calendar()
    today = as_of.astimezone(config.tz).date()
    period = f"{today.year:04d}-{today.month:02d}"
    definitions = StoredDefinitions.load(session)
    quiet = sorted(definitions.states("final", "suspended"))
    supervisors = _Supervisors(session, config, report)
    renderer = Renderer(calendar, today, definitions, config.templates)

    def render(candidate: Candidate) -> tuple[str, str]:
        row, lang = candidate.row, candidate.member.lang
        definition = definitions(row.workflow, row.workflow_version)
        return renderer.escalation(
            scan.kind,
            lang,
            scan.about(renderer, lang, row, definition),
            code=row.code,
            name=row.name,
            unit=row.unit,
            days=candidate.days,
            rung=candidate.rung,
            target=candidate.target,
            roles=candidate.roles,
        )

    steps = Climb(
        outbox,
        scan.kind,
        period,
        render,
        ids=lambda c: (c.row.project_id, scan.procedure_id(c.row)),
    )
    query = scan.query(today, definitions, quiet)
    for _subject, group in groupby(_stream(session, query), key=scan.subject):
        rows = list(group)
        first = rows[0]
        definition = definitions(first.workflow, first.workflow_version)
        late = scan.lateness(first, definition, calendar, today)
        if late is None:
            continue
        days, past = late
        roles = _roles(rows)

        def targets(_index: int, target: str, roles: Roles = roles) -> list[Member]:
            return _targets(roles, supervisors, target)

        def key(index: int, member: Member, first: Row[Any] = first) -> str:
            return scan.key(first, index, member)

        nobody = steps.climb(
            definition.ladder, past, row=first, roles=roles, days=days, targets=targets, key=key
        )
        for index, target in nobody:
            report.skipped(NoRecipient(scan.kind, first.code, scan.step(first), index, target))
    steps.settle()
    outbox.flush()


def _commitments(
    ctx: Context,
    session: Session,
    outbox: _Outbox,
    config: Config,
    as_of: datetime,
    report: RunReport,
) -> None:
    """Missed commitments, up the same ladder (see ``reminders/commitments.py``)."""
    definitions = StoredDefinitions.load(session)
    skipped = escalate_missed(
        session,
        outbox,
        calendar=ctx.calendar(),
        today=as_of.astimezone(config.tz).date(),
        definitions=definitions,
        quiet=sorted(definitions.states("final", "suspended")),
        supervisors=_Supervisors(session, config, report).members,
        folder=config.templates,
    )
    for item in skipped:
        report.skipped(NoRecipient("commitment", item.code, None, item.rung, item.target))
    outbox.flush()


# --- entry points ----------------------------------------------------------------------------


def generate(
    ctx: Context,
    as_of: datetime | None = None,
    *,
    kind: str = "all",
    config: Config | None = None,
    dry_run: bool = False,
) -> RunReport:
    """Generate every reminder of ``kind`` due as of ``as_of`` (default: now) in one transaction.

    ``kind``: ``monthly``, ``overdue`` (overdue procedures and stalled projects) or ``all``.
    Returns what was generated and what already existed, per kind. With ``dry_run``
    nothing is written (and ``as_of`` may lie in the future).
    """
    if kind not in RUN_KINDS:
        raise BadKindError(kind, RUN_KINDS)
    config = config or Config()
    as_of = _resolve_as_of(ctx, as_of, dry_run)
    report = RunReport(as_of=as_of, dry_run=dry_run)
    kinds = [k for k in GENERATED if kind in ("all", k) or (kind == "overdue" and k != "monthly")]
    transaction = ctx.db.read() if dry_run else ctx.db.write()
    with transaction as session:
        outbox = _Outbox(session, ctx.db, dry_run=dry_run, now=ctx.clock.now())
        if "monthly" in kinds:
            _monthly(ctx, session, outbox, config, as_of, report)
        if "overdue" in kinds:
            _escalate(ctx, session, outbox, config, as_of, report, _OverdueScan())
        if "stall" in kinds:
            _escalate(ctx, session, outbox, config, as_of, report, _StallScan())
        if "commitment" in kinds:
            _commitments(ctx, session, outbox, config, as_of, report)
        outbox.flush()
        _tally(report, outbox, kinds)
    return report


def generate_monthly(
    ctx: Context,
    as_of: datetime | None = None,
    *,
    config: Config | None = None,
    dry_run: bool = False,
) -> RunReport:
    """The monthly dispatch digests due as of ``as_of``: one per responsible person per month."""
    return generate(ctx, as_of, kind="monthly", config=config, dry_run=dry_run)


def generate_overdue(
    ctx: Context,
    as_of: datetime | None = None,
    *,
    config: Config | None = None,
    dry_run: bool = False,
) -> RunReport:
    """Overdue procedures and stalled projects, up the ladder of each project's workflow."""
    return generate(ctx, as_of, kind="overdue", config=config, dry_run=dry_run)


__all__ = [
    "KINDS",
    "RUN_KINDS",
    "Digest",
    "KindResult",
    "NoRecipient",
    "RunReport",
    "dispatch_moment",
    "due_period",
    "generate",
    "generate_monthly",
    "generate_overdue",
    "preview_digest",
]
