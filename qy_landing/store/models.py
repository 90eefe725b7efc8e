"""The tables. Keys are stable English words; names shown to users come from i18n.

Every change to a project (its state, procedures, assignments, problems, funds) bumps
the project's ``version`` in the same transaction, so two writers changing the same
project can never both win: the second gets a conflict (optimistic locking).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig  # the type of SQLModel.model_config

from qy_landing.store.types import Amount, UTCDateTime
from qy_landing.vocabulary import facts_of as facts_of  # (moved; kept importable from here)

# A shared column object lets SQLAlchemy use it as the version counter (SQLAlchemy docs,
# "Configuring a Version Counter"; SQLModel has no locking of its own, sqlmodel #307).
_project_version = Column("version", Integer, nullable=False)
# Flags added to filled tables need a server-side default (see LIBRARY-NOTES, Alembic).
_FALSE: dict[str, Any] = {"server_default": false()}


class _Table(SQLModel):
    """The base of every table: pydantic's validator of a table class is built on first
    use, not at import. Table classes never validate on construction (SQLModel builds
    them as they are), so a command that only reads never needs one; building them for
    the 20 tables was about a fifth of importing this module."""

    model_config = SQLModelConfig(defer_build=True)  # merged with SQLModel's own settings


class Unit(_Table, table=True):
    """A responsible unit: a county/district, a park, a city department, an enterprise …"""

    __tablename__ = "unit"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True, max_length=100)
    name_en: str | None = Field(default=None, max_length=200)
    code: str | None = Field(default=None, unique=True, max_length=20)
    kind: str = Field(max_length=20)


class WorkflowVersion(_Table, table=True):
    """Every version of every workflow definition ever used: projects keep theirs."""

    __tablename__ = "workflow_version"

    __table_args__ = (UniqueConstraint("name", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=60, index=True)
    version: int
    digest: str = Field(max_length=32)
    source: str = Field(sa_type=Text)
    origin: str = Field(default="", max_length=500)
    loaded_at: datetime = Field(sa_type=UTCDateTime)


class Project(_Table, table=True):
    __tablename__ = "project"
    __table_args__ = (
        Index("ix_project_unit_state", "unit_id", "state"),
        Index("ix_project_state", "state"),
        Index("ix_project_introducing_unit", "introducing_unit_id"),
    )
    __mapper_args__ = {"version_id_col": _project_version}

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=40)
    code_kind: str = Field(max_length=10)  # national | local
    name: str = Field(max_length=200)
    investor: str = Field(max_length=200)
    unit_id: int = Field(foreign_key="unit.id")  # landing unit (落地单位): where it is built
    # introducing unit (引进单位): who brought it in; None means the landing unit itself
    introducing_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    chain: str = Field(max_length=20, index=True)
    signing_event: str | None = Field(default=None, max_length=100, index=True)
    signed_on: date = Field(index=True)
    amount: Decimal = Field(sa_type=Amount)  # 亿元
    major: bool = False
    # facts that decide which procedures apply (workflow.conditions.FACTS)
    new_land: bool = False
    hazardous: bool = False
    approval_listed: bool = False
    eia_full: bool = False
    energy_tce: float | None = None
    # the level that approves (核准) a listed project by its catalogue entry; None: city
    approval_level: str | None = Field(default=None, max_length=20)
    in_planned_urban_land: bool = Field(default=False, sa_column_kwargs=_FALSE)
    over_mineral_area: bool = Field(default=False, sa_column_kwargs=_FALSE)
    relics_zone: bool = Field(default=False, sa_column_kwargs=_FALSE)
    uses_forest_or_grassland: bool = Field(default=False, sa_column_kwargs=_FALSE)
    abstracts_water: bool = Field(default=False, sa_column_kwargs=_FALSE)
    civil_building: bool = Field(default=False, sa_column_kwargs=_FALSE)
    description: str | None = Field(default=None, sa_type=Text)
    planned_start_on: date | None = None
    # workflow position
    workflow: str = Field(max_length=60)
    workflow_version: int
    state: str = Field(max_length=40)
    state_since: date
    suspended_from: str | None = Field(default=None, max_length=40)
    started_on: date | None = None
    last_progress_on: date
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    version: int | None = Field(default=None, sa_column=_project_version)

    def facts(self) -> dict[str, object]:
        return facts_of(self)


class Person(_Table, table=True):
    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("name", "unit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=60, index=True)
    unit_id: int = Field(foreign_key="unit.id")
    title: str | None = Field(default=None, max_length=100)
    phone: str | None = Field(default=None, max_length=30)
    email: str | None = Field(default=None, max_length=200)
    wecom: str | None = Field(default=None, max_length=100)
    dingtalk: str | None = Field(default=None, max_length=100)
    channel: str = Field(default="console", max_length=20)  # preferred reminder channel
    # The channels to try after ``channel``, comma-separated ("sms,email"); "" = none;
    # NULL = the office's default route for the person's role (config [routing]).
    fallback: str | None = Field(default=None, max_length=100)
    lang: str = Field(default="zh", max_length=5)
    supervisor: bool = False  # a city-level person on the last rung of the overdue ladder
    active: bool = True


class Assignment(_Table, table=True):
    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("project_id", "role", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str = Field(max_length=30)
    assigned_on: date


class Procedure(_Table, table=True):
    """A procedure (手续) of one project for one workflow step."""

    __tablename__ = "procedure"

    __table_args__ = (
        UniqueConstraint("project_id", "step"),
        Index("ix_procedure_status_due", "status", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    step: str = Field(max_length=60)
    level: str = Field(max_length=20)
    limit_days: int
    status: str = Field(default="pending", max_length=20)
    submitted_on: date | None = None
    accepted_on: date | None = None
    approved_on: date | None = None
    rejected_on: date | None = None
    waived_on: date | None = None
    waive_reason: str | None = Field(default=None, sa_type=Text)
    due_on: date | None = None
    due_provisional: bool = False
    updated_on: date | None = None


class Problem(_Table, table=True):
    """A bottleneck (卡脖子问题) holding a project back."""

    __tablename__ = "problem"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    text: str = Field(sa_type=Text)
    owner_id: int | None = Field(default=None, foreign_key="person.id")
    opened_on: date
    resolved_on: date | None = None
    resolution: str | None = Field(default=None, sa_type=Text)


class FundsRecord(_Table, table=True):
    """Funds in place (到位资金) received by a project, one row per report."""

    __tablename__ = "funds_record"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    received_on: date = Field(index=True)
    amount: Decimal = Field(sa_type=Amount)  # 亿元
    out_of_province: bool = True  # 省外到位资金
    note: str | None = Field(default=None, sa_type=Text)


class UnitTarget(_Table, table=True):
    """A unit's yearly target for one indicator (年度目标任务).

    Built-in indicators (``signed_count``, ``signed_amount``, ``started_count``,
    ``funds_out``) are measured from the projects; an indicator the office adds carries
    its own reported progress in ``done``.
    """

    __tablename__ = "unit_target"
    __table_args__ = (UniqueConstraint("unit_id", "year", "indicator"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    year: int = Field(index=True)
    indicator: str = Field(max_length=60)
    value: Decimal = Field(sa_type=Amount)
    done: Decimal | None = Field(default=None, sa_type=Amount)
    updated_on: date


class Event(_Table, table=True):
    """The append-only audit trail: who changed what from what to what, when and why."""

    __tablename__ = "event"

    __table_args__ = (
        Index("ix_event_project", "project_id", "id"),
        Index("ix_event_corrects", "corrects"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int | None = Field(default=None, foreign_key="project.id")
    entity: str = Field(max_length=20)  # project | procedure | assignment | problem | …
    entity_id: int | None = None
    action: str = Field(max_length=30)
    field: str | None = Field(default=None, max_length=40)
    old: str | None = Field(default=None, sa_type=Text)
    new: str | None = Field(default=None, sa_type=Text)
    # the name shown (``--as``, else the operating-system user): a display name only
    actor: str = Field(max_length=100)
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    effective_on: date = Field(index=True)
    note: str | None = Field(default=None, sa_type=Text)
    # a correction points at the event it puts right (that event no longer counts)
    corrects: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("event.id", name="fk_event_corrects"))
    )
    # PostgreSQL: the login that wrote the row (``session_user``), filled by a trigger the
    # application cannot bypass (0007_row_security); SQLite: None (no logins there)
    actor_login: str | None = Field(default=None, max_length=100)


class Account(_Table, table=True):
    """A PostgreSQL login role of the office and the unit it works for (PostgreSQL only).

    The row-level security policies read it through ``qy_account_unit()`` (a ``STABLE
    SECURITY DEFINER`` function): a staff login sees and changes its unit's projects only.
    ``role`` is the group role it was added with (staff, office, leader, auditor,
    scheduler); the group roles it holds are PostgreSQL's own record (``pg_auth_members``).
    On SQLite the table stays empty.
    """

    __tablename__ = "account"

    role_name: str = Field(primary_key=True, max_length=63)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    role: str = Field(max_length=20)
    disabled: bool = Field(default=False, sa_column_kwargs=_FALSE)
    created_at: datetime = Field(sa_type=UTCDateTime)
    created_by: str = Field(max_length=100)


class CalendarOverride(_Table, table=True):
    """The office's own closures or corrections to the official working-day calendar."""

    __tablename__ = "calendar_override"

    day: date = Field(primary_key=True)
    workday: bool
    note: str | None = Field(default=None, max_length=200)


class CalendarState(_Table, table=True):
    """What the due dates were last counted with: ``version`` (bumped on every override
    change or schedule refresh) and ``fingerprint:<year>`` (calendar.schedule_fingerprint)."""

    __tablename__ = "calendar_state"

    key: str = Field(primary_key=True, max_length=40)
    value: str = Field(max_length=100)


class Reminder(_Table, table=True):
    """The reminder outbox: decided in one transaction, sent in another, never twice."""

    __tablename__ = "reminder"

    __table_args__ = (
        Index("ix_reminder_status_next", "status", "next_attempt_at"),
        # the few rows whose delivery result is still awaited (receipts.py asks every minute)
        Index("ix_reminder_receipt", "receipt"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=200)
    kind: str = Field(max_length=20)  # monthly | overdue | stall
    person_id: int = Field(foreign_key="person.id", index=True)
    project_id: int | None = Field(default=None, foreign_key="project.id")
    procedure_id: int | None = Field(default=None, foreign_key="procedure.id")
    rung: int = 0
    period: str = Field(max_length=20, index=True)
    channel: str = Field(max_length=20)
    lang: str = Field(default="zh", max_length=5)
    title: str = Field(max_length=300)
    body: str = Field(sa_type=Text)
    status: str = Field(default="pending", max_length=20)  # pending | sending | sent | failed
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, sa_type=Text)  # in English: logs, old rows
    # the same failure as a catalogue message (reminders/failures.py), shown in the
    # reader's language: its key, and its fields as JSON (None on rows from before 0010)
    error_key: str | None = Field(default=None, max_length=100)
    error_fields: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    claimed_by: str | None = Field(default=None, max_length=100)
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Routing (docs/reminders.md): the channels in order, fixed at the first claim; the
    # channel that delivered it; the platform's id of the send (a DingTalk task id, an SMS
    # serial number, a WeCom msgid) and what the platform last reported (read, unread …).
    route: str | None = Field(default=None, max_length=200)
    delivered_via: str | None = Field(default=None, max_length=20)
    external_id: str | None = Field(default=None, max_length=100, index=True)
    receipt: str | None = Field(default=None, max_length=20)
    receipt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # the scheduler's fencing token when the daemon claimed it (None: claimed by `remind send`)
    claim_token: int | None = Field(default=None, sa_type=BigInteger)
    # parts of a multi-part robot message the robot accepted: a resend starts after them
    parts_sent: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class ChannelToken(_Table, table=True):
    """An access token of a chat app, shared by every sender process until it expires.

    ``name`` says which app (``wecom_app:<corp id>:<agent id>``); the app's secret is never
    stored, only the short-lived token it was exchanged for.
    """

    __tablename__ = "channel_token"

    name: str = Field(primary_key=True, max_length=200)
    token: str = Field(sa_type=Text)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    fetched_at: datetime = Field(sa_type=UTCDateTime)


class Commitment(_Table, table=True):
    """A promise made for a project (承诺事项 / 交办事项): what, who, by when.

    ``status`` is what someone recorded: ``open``, ``done`` or ``withdrawn``. Whether an
    open commitment is *missed* is derived from ``due_on`` and the day asked about, never
    stored (see :mod:`qy_landing.services.commitments`).
    """

    __tablename__ = "commitment"
    __table_args__ = (
        Index("ix_commitment_status_due", "status", "due_on"),
        Index("ix_commitment_meeting", "meeting", "person_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    text: str = Field(sa_type=Text)
    made_on: date
    due_on: date
    due_provisional: bool = False
    meeting: str | None = Field(default=None, max_length=7)  # YYYY-MM of the dispatch meeting
    status: str = Field(default="open", max_length=20)  # open | done | withdrawn
    closed_on: date | None = None
    note: str | None = Field(default=None, sa_type=Text)  # evidence of done / reason withdrawn


class MeetingVisit(_Table, table=True):
    """A project gone through at a month's dispatch meeting with one person or unit.

    The latest visit of a meeting is where an interrupted meeting resumes; the visits are
    the projects the minutes say were discussed.
    """

    __tablename__ = "meeting_visit"
    __table_args__ = (UniqueConstraint("meeting", "subject", "project_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting: str = Field(max_length=7, index=True)  # YYYY-MM
    subject: str = Field(max_length=30)  # person:<id> | unit:<id>
    project_id: int = Field(foreign_key="project.id")
    visited_at: datetime = Field(sa_type=UTCDateTime)
    actor: str = Field(max_length=100)


class RateSlot(_Table, table=True):
    """One message sent (or being sent) to a rate-limited receiver: the shared rate limit.

    ``key`` is a digest of the receiver (never the robot URL, which holds its secret);
    ``at`` is an upper bound of when the receiver got the message, in epoch seconds.
    """

    __tablename__ = "rate_slot"

    __table_args__ = (Index("ix_rate_slot_key_at", "key", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64)
    at: float


class SchedulerLease(_Table, table=True):
    """Who leads the scheduler, until when, and its fencing token (reminders/lock.py).

    Times are epoch seconds of the database's clock; the token grows with every new term.
    """

    __tablename__ = "scheduler_lease"

    name: str = Field(primary_key=True, max_length=40)
    holder: str | None = Field(default=None, max_length=100)
    token: int = Field(default=0, sa_type=BigInteger)
    acquired_at: float = 0.0
    renewed_at: float = 0.0
    expires_at: float = 0.0


class SchedulerJobRun(_Table, table=True):
    """The last run of each scheduler job: by whom, under which token, how it ended."""

    __tablename__ = "scheduler_job_run"

    job: str = Field(primary_key=True, max_length=40)
    holder: str | None = Field(default=None, max_length=100)
    token: int | None = Field(default=None, sa_type=BigInteger)
    started_at: float = 0.0
    finished_at: float | None = None
    outcome: str = Field(default="running", max_length=20)  # running | ok | error


def id_of(
    row: Unit | Project | Person | Procedure | Problem | Assignment | Commitment,
) -> int:
    """The primary key of a row that has been flushed (never None after that)."""
    assert row.id is not None, f"{type(row).__name__} not flushed yet"
    return row.id


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a model (for set-based statements)."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table
