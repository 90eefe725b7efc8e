"""The scheduler daemon (APScheduler 3.11): monthly digest, daily scan, sending.

Jobs live in the same database as everything else (``SQLAlchemyJobStore``, table
``apscheduler_jobs``), referenced as ``"qy_landing.reminders.jobs:<function>"``:

- ``monthly-digest``: the first working day of each month at 09:00 (China's calendar
  with the office's overrides; October 2026 → 2026-10-08 09:00);
- ``daily-scan``: every day at 09:30, doing nothing on non-working days; it also makes
  up any monthly digest still missing;
- ``send-reminders``: every minute.

A job missed while the daemon was down runs once when it starts again (a large
``misfire_grace_time`` with ``coalesce``). Jobs are added only when missing —
``start(paused=True)``, ``get_job``, ``add_job``, ``resume()`` — never with
``replace_existing``, which would throw the catch-up run away. Only the holder of the
scheduler lease (``reminders.lock``: expiry and fencing token) runs a scheduler, and only
while its lease is safely current; another daemon waits as a standby.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from types import FrameType
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger

from qy_landing.calendar import WorkCalendar
from qy_landing.config import Config
from qy_landing.errors import Msg
from qy_landing.reminders import jobs
from qy_landing.store.database import Database

log = logging.getLogger("qy_landing.reminders.scheduler")

JOB_TABLE = "apscheduler_jobs"
MONTHLY_ID, DAILY_ID, SEND_ID = "monthly-digest", "daily-scan", "send-reminders"
JOB_IDS = (MONTHLY_ID, DAILY_ID, SEND_ID)


class FirstWorkdayTrigger(BaseTrigger):  # type: ignore[misc]
    """Fires on the first working day of every month at ``hour:minute`` (China's calendar).

    The office's calendar overrides are part of the trigger (a snapshot, refreshed each
    time the daemon starts); the daily scan makes up a digest if they change meanwhile.
    """

    def __init__(
        self, hour: int, minute: int, timezone: str, overrides: Mapping[date, bool] | None = None
    ) -> None:
        self.hour = hour
        self.minute = minute
        self.timezone = timezone
        self.overrides = dict(overrides or {})
        self._calendar: WorkCalendar | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {
            "version": 1,
            "hour": self.hour,
            "minute": self.minute,
            "timezone": self.timezone,
            "overrides": self.overrides,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.hour = state["hour"]
        self.minute = state["minute"]
        self.timezone = state["timezone"]
        self.overrides = dict(state.get("overrides", {}))
        self._calendar = None

    def moment(self, year: int, month: int) -> datetime:
        if self._calendar is None:
            self._calendar = WorkCalendar(self.overrides)
        day = self._calendar.first_workday_of_month(year, month)
        return datetime(
            day.year, day.month, day.day, self.hour, self.minute, tzinfo=ZoneInfo(self.timezone)
        )

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        start = (
            now if previous_fire_time is None else previous_fire_time + timedelta(microseconds=1)
        )
        local = start.astimezone(ZoneInfo(self.timezone))
        candidate = self.moment(local.year, local.month)
        if candidate < local:
            year, month = (
                (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
            )
            candidate = self.moment(year, month)
        return candidate

    def signature(self) -> tuple[Any, ...]:
        return (
            "first-workday",
            self.hour,
            self.minute,
            self.timezone,
            tuple(sorted(self.overrides.items())),
        )

    def __str__(self) -> str:
        return f"first working day of the month at {self.hour:02d}:{self.minute:02d}"

    def __repr__(self) -> str:
        return (
            f"<FirstWorkdayTrigger ({self.hour:02d}:{self.minute:02d}, "
            f"timezone='{self.timezone}', {len(self.overrides)} overrides)>"
        )


@dataclass(frozen=True)
class JobSpec:
    id: str
    func: str
    trigger: Any
    name: str


def job_specs(config: Config, overrides: Mapping[date, bool] | None = None) -> list[JobSpec]:
    """The daemon's three jobs, as the configuration wants them."""
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    tz = config.tz
    return [
        JobSpec(
            MONTHLY_ID,
            jobs.MONTHLY,
            FirstWorkdayTrigger(
                config.monthly_at.hour, config.monthly_at.minute, config.timezone, overrides
            ),
            "monthly dispatch digest",
        ),
        JobSpec(
            DAILY_ID,
            jobs.DAILY,
            CronTrigger(hour=config.daily_at.hour, minute=config.daily_at.minute, timezone=tz),
            "daily overdue scan",
        ),
        JobSpec(
            SEND_ID,
            jobs.SEND,
            IntervalTrigger(seconds=config.send_every_seconds, timezone=tz),
            "send reminders",
        ),
    ]


def _signature(trigger: Any) -> tuple[Any, ...]:
    if isinstance(trigger, FirstWorkdayTrigger):
        return trigger.signature()
    interval = getattr(trigger, "interval", None)
    if isinstance(interval, timedelta):
        return ("interval", interval.total_seconds())
    return (type(trigger).__name__, str(trigger), str(getattr(trigger, "timezone", "")))


def _job_store_engine(db: Database) -> Any:
    from sqlalchemy import create_engine

    if db.is_sqlite:
        # generation can hold SQLite's write lock for a while: wait for it, do not fail
        return create_engine(db.url, connect_args={"timeout": 300})
    return create_engine(db.url, pool_pre_ping=True)


def build_scheduler(db: Database, config: Config, *, blocking: bool = True) -> Any:
    """A scheduler on the database's job store (not started)."""
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.jobstores.memory import MemoryJobStore
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler

    cls: Any = BlockingScheduler if blocking else BackgroundScheduler
    return cls(
        jobstores={
            "default": SQLAlchemyJobStore(engine=_job_store_engine(db), tablename=JOB_TABLE),
            "local": MemoryJobStore(),  # the lock watch: never persisted
        },
        executors={"default": ThreadPoolExecutor(max_workers=4)},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": config.misfire_grace_seconds,
        },
        timezone=config.tz,
    )


def ensure_jobs(scheduler: Any, specs: list[JobSpec], now: datetime) -> list[str]:
    """Add the jobs the store lacks; update changed triggers. The ids added.

    A stored job keeps its next run time (a missed run is still caught up), unless its
    trigger changed and no run is pending: then it moves to the new trigger's next time.
    """
    added = []
    for spec in specs:
        job = scheduler.get_job(spec.id, jobstore="default")
        if job is None:
            scheduler.add_job(
                spec.func,
                trigger=spec.trigger,
                id=spec.id,
                name=spec.name,
                jobstore="default",
                replace_existing=False,
            )
            added.append(spec.id)
            continue
        if _signature(job.trigger) != _signature(spec.trigger):
            changes: dict[str, Any] = {"trigger": spec.trigger}
            if job.next_run_time is not None and job.next_run_time > now:
                changes["next_run_time"] = spec.trigger.get_next_fire_time(None, now)
            scheduler.modify_job(spec.id, jobstore="default", **changes)
    return added


def start_scheduler(
    scheduler: Any,
    specs: list[JobSpec],
    *,
    may_act: Callable[[], bool] | None = None,
    on_started: Callable[[], None] | None = None,
) -> None:
    """Start: paused, jobs ensured, then resumed if ``may_act`` (blocks for a BlockingScheduler).

    ``on_started`` is called once the jobs are ensured (the lease keeper pauses and
    resumes the scheduler from then on).
    """
    from apscheduler.events import EVENT_SCHEDULER_STARTED

    def on_start(_event: Any) -> None:
        ensure_jobs(scheduler, specs, datetime.now(scheduler.timezone))
        if may_act is None or may_act():
            scheduler.resume()
        if on_started is not None:
            on_started()

    scheduler.add_listener(on_start, EVENT_SCHEDULER_STARTED)
    scheduler.start(paused=True)


def _shutdown(scheduler: Any) -> None:
    from apscheduler.schedulers import SchedulerNotRunningError

    with contextlib.suppress(SchedulerNotRunningError):
        scheduler.shutdown(wait=False)


# --- reading the jobs (``scheduler jobs``) ------------------------------------------------------


@dataclass(frozen=True)
class JobInfo:
    id: str
    name: str
    func: str
    trigger: str
    next_run_time: datetime | None
    stored: bool  # False: the daemon has not run yet; the time is what it would be

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "func": self.func,
            "trigger": self.trigger,
            "next_run_time": self.next_run_time.isoformat() if self.next_run_time else None,
            "stored": self.stored,
        }


def list_jobs(
    db: Database, config: Config, now: datetime, tz: tzinfo | None = None
) -> list[JobInfo]:
    """The stored jobs and their next fire times, read without starting a scheduler.

    Jobs not stored yet are shown with the time they would get.
    """
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler
    from sqlalchemy import inspect

    from qy_landing.services.calendar import load_calendar
    from qy_landing.services.context import Context

    zone = tz or config.tz
    engine = _job_store_engine(db)
    stored: dict[str, Any] = {}
    try:
        if inspect(engine).has_table(JOB_TABLE):
            store = SQLAlchemyJobStore(engine=engine, tablename=JOB_TABLE)
            store.start(BackgroundScheduler(timezone=config.tz), "default")
            stored = {job.id: job for job in store.get_all_jobs()}
    finally:
        engine.dispose()
    overrides = load_calendar(Context(db)).overrides
    result = []
    for spec in job_specs(config, overrides):
        job = stored.pop(spec.id, None)
        if job is not None:
            nxt = job.next_run_time
            result.append(
                JobInfo(
                    spec.id,
                    job.name,
                    job.func_ref,
                    str(job.trigger),
                    nxt.astimezone(zone) if nxt else None,
                    True,
                )
            )
        else:
            nxt = spec.trigger.get_next_fire_time(None, now)
            result.append(
                JobInfo(
                    spec.id,
                    spec.name,
                    spec.func,
                    str(spec.trigger),
                    nxt.astimezone(zone) if nxt else None,
                    False,
                )
            )
    for job in stored.values():  # anything else someone stored
        nxt = job.next_run_time
        result.append(
            JobInfo(
                job.id,
                job.name,
                job.func_ref,
                str(job.trigger),
                nxt.astimezone(zone) if nxt else None,
                True,
            )
        )
    return result


# --- the daemon ---------------------------------------------------------------------------------


def _keep_lease(
    lease: Any,
    scheduler: Any,
    *,
    started: threading.Event,
    done: threading.Event,
    lost: threading.Event,
    stop: threading.Event,
    notify: Callable[[Msg], None],
) -> None:
    """The leader's lease keeper (a thread): renew, pause jobs when late, stop when lost."""
    from apscheduler.schedulers.base import STATE_PAUSED, STATE_RUNNING

    tick = min(lease.renew_seconds, 0.5)  # notice ``stop`` soon, renew on time
    due = time.monotonic() + lease.renew_seconds
    while not done.wait(tick):
        if stop.is_set():
            _shutdown(scheduler)
            return
        if time.monotonic() < due:
            continue
        due = time.monotonic() + lease.renew_seconds
        outcome = lease.renew()
        if outcome is False:  # another daemon holds it now
            lost.set()
            _shutdown(scheduler)
            return
        if not started.is_set():
            continue
        if lease.valid():
            if scheduler.state == STATE_PAUSED:
                scheduler.resume()
                notify(Msg("remind.daemon.resumed", token=lease.token))
        elif scheduler.state == STATE_RUNNING:
            scheduler.pause()
            notify(Msg("remind.daemon.paused"))


def run_daemon(
    url: str,
    config: Config,
    *,
    notify: Callable[[Msg], None],
    stop: threading.Event | None = None,
    blocking: bool = True,
    stream: TextIO | None = None,
    holder: str | None = None,
) -> None:
    """Run the scheduler while holding the scheduler lease; wait as a standby otherwise.

    Returns when ``stop`` is set, or on SIGTERM/SIGINT (handlers are installed when run
    in the main thread). Running jobs are waited for before the lease is handed back.
    ``holder`` names this daemon in the lease (default ``host:pid:random``).
    """
    from qy_landing.errors import ConfigError
    from qy_landing.reminders.deliver import default_worker
    from qy_landing.reminders.lock import Lease
    from qy_landing.services.calendar import load_calendar
    from qy_landing.services.context import Context
    from qy_landing.store.database import redact

    db = Database(url)
    db.check_schema()
    if db.is_sqlite and db.sqlite_path is None:
        raise ConfigError(redact(db.url), Msg("remind.daemon.needs_file"))
    lease = Lease(
        db,
        holder or default_worker(),
        lease_seconds=config.lease_seconds,
        renew_seconds=config.lock_check_seconds,
    )
    stop = stop or threading.Event()
    current: dict[str, Any] = {}

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        stop.set()
        scheduler = current.get("scheduler")
        if scheduler is not None:
            _shutdown(scheduler)

    previous: dict[signal.Signals, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            previous[signum] = signal.signal(signum, on_signal)
    waiting = False
    try:
        while not stop.is_set():
            if not lease.try_acquire():
                if not waiting:
                    notify(
                        Msg(
                            "remind.daemon.standby",
                            lock=lease.description,
                            seconds=config.standby_retry_seconds,
                        )
                    )
                    waiting = True
                stop.wait(config.standby_retry_seconds)
                continue
            waiting = False
            notify(Msg("remind.daemon.leader", lock=lease.description, token=lease.token))
            runtime = jobs.configure(url, config, stream=stream, fence=lease)
            runtime.stop = stop
            lost, started, done = threading.Event(), threading.Event(), threading.Event()
            keeper: threading.Thread | None = None
            try:
                specs = job_specs(config, load_calendar(Context(db)).overrides)
                scheduler = build_scheduler(db, config, blocking=blocking)
                current["scheduler"] = scheduler
                keeper = threading.Thread(
                    target=_keep_lease,
                    args=(lease, scheduler),
                    kwargs={
                        "started": started,
                        "done": done,
                        "lost": lost,
                        "stop": stop,
                        "notify": notify,
                    },
                    name="scheduler-lease",
                    daemon=True,
                )
                keeper.start()
                if not stop.is_set():
                    start_scheduler(scheduler, specs, may_act=lease.valid, on_started=started.set)
                if not blocking:
                    while scheduler.running and not stop.is_set() and not lost.is_set():
                        stop.wait(0.1)
                    _shutdown(scheduler)
            finally:
                done.set()
                current.pop("scheduler", None)
                jobs.wait_idle()
                if keeper is not None:
                    keeper.join()
                lease.release()
            if lost.is_set() and not stop.is_set():
                notify(Msg("remind.daemon.lost"))
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        db.dispose()
    notify(Msg("remind.daemon.stopped"))


# --- who leads and what ran (``scheduler status``) ------------------------------------------------


@dataclass(frozen=True)
class JobRun:
    job: str
    holder: str | None
    token: int | None
    started_at: datetime
    finished_at: datetime | None
    outcome: str  # running | ok | error | fenced

    def as_dict(self) -> dict[str, Any]:
        return {
            "job": self.job,
            "holder": self.holder,
            "token": self.token,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "outcome": self.outcome,
        }


@dataclass(frozen=True)
class SchedulerStatus:
    """The lease (who leads, since when, fencing token), the last job runs, the outbox backlog."""

    holder: str | None  # None: no daemon holds the lease
    token: int
    since: datetime | None
    renewed_at: datetime | None
    expires_at: datetime | None
    runs: list[JobRun]
    backlog: dict[str, int]  # pending, due, sending, failed
    oldest_due: datetime | None

    def as_dict(self) -> dict[str, Any]:
        def iso(value: datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "holder": self.holder,
            "token": self.token,
            "since": iso(self.since),
            "renewed_at": iso(self.renewed_at),
            "expires_at": iso(self.expires_at),
            "runs": [run.as_dict() for run in self.runs],
            "backlog": dict(self.backlog),
            "oldest_due": iso(self.oldest_due),
        }


def scheduler_status(db: Database, now: datetime, tz: tzinfo) -> SchedulerStatus:
    """Read the lease, the job runs and the outbox counts (``now``: what is due)."""
    from sqlalchemy import func, select

    from qy_landing.reminders.generate import T_REMINDER
    from qy_landing.reminders.lock import LEASE_NAME, T_JOB_RUN, T_LEASE, db_now

    def moment(value: float | None) -> datetime | None:
        return datetime.fromtimestamp(value, tz) if value else None

    r = T_REMINDER
    with db.read() as session:
        lease = session.execute(
            select(T_LEASE, db_now(db).label("db_now")).where(T_LEASE.c.name == LEASE_NAME)
        ).first()
        runs = [
            JobRun(
                row.job,
                row.holder,
                row.token,
                moment(row.started_at) or datetime.fromtimestamp(0, tz),
                moment(row.finished_at),
                row.outcome,
            )
            for row in session.execute(select(T_JOB_RUN).order_by(T_JOB_RUN.c.job))
        ]
        counts: dict[str, int] = dict(
            session.execute(
                select(r.c.status, func.count()).where(r.c.status != "sent").group_by(r.c.status)
            ).all()
        )
        due = session.execute(
            select(func.count(), func.min(r.c.next_attempt_at)).where(
                r.c.status == "pending", r.c.next_attempt_at <= now
            )
        ).one()
    holder = None
    if lease is not None and lease.holder is not None and lease.expires_at > lease.db_now:
        holder = lease.holder
    return SchedulerStatus(
        holder=holder,
        token=int(lease.token) if lease is not None else 0,
        since=moment(lease.acquired_at) if holder and lease is not None else None,
        renewed_at=moment(lease.renewed_at) if holder and lease is not None else None,
        expires_at=moment(lease.expires_at) if holder and lease is not None else None,
        runs=runs,
        backlog={
            "pending": int(counts.get("pending", 0)),
            "due": int(due[0]),
            "sending": int(counts.get("sending", 0)),
            "failed": int(counts.get("failed", 0)),
        },
        oldest_due=due[1].astimezone(tz) if due[1] is not None else None,
    )
