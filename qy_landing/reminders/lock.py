"""One acting scheduler at a time: a lease with an expiry and a fencing token.

APScheduler must never share a job store between two running schedulers (every fire
time would run in both). The daemons share one row, ``scheduler_lease``:

- **Taking the lease.** A daemon takes it when it is free or expired, in one
  ``UPDATE … WHERE expires_at < now``; the fencing ``token`` grows by one with every new
  term. Times are the *database's* clock (``clock_timestamp()`` on PostgreSQL, SQLite's
  ``julianday('now')``), so daemons on several hosts agree on expiry.
- **Holding it.** The leader renews every ``renew_seconds`` (at most a quarter of the
  lease). It may act only until ``2/3 × lease_seconds`` after the *start* of its last
  successful renewal, measured on its own monotonic clock: it stops acting (pauses its
  jobs) a third of a lease before anyone else can take over, whether it lost its
  connection, the database is slow or the process was frozen (``SIGSTOP``: the
  monotonic clock runs on while a process is stopped). A renewal that finds another
  holder ends its term: the daemon stands by again.
- **Fencing.** Work done for the leader carries its token: an outbox claim and the start
  of a job run check, inside their own transaction, that the token is still the current,
  unexpired one (:meth:`Lease.check`) and are refused otherwise (:class:`FencedError`).
  A leader woken after a freeze can therefore claim nothing its successor might claim.
- **Taking over.** A standby retries every ``standby_retry_seconds``; after a leader dies,
  freezes or loses the database it takes over at most ``lease_seconds +
  standby_retry_seconds`` after the leader's last renewal (35 s with the defaults). A
  leader that stops cleanly hands the lease back at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Float, literal_column, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from qy_landing.errors import FencedError, LandingError
from qy_landing.store.database import Database
from qy_landing.store.models import SchedulerJobRun, SchedulerLease, table_of

log = logging.getLogger("qy_landing.reminders.lock")

LEASE_NAME = "scheduler"
ACT_FRACTION = 2 / 3  # of a lease: how long after a renewal began the leader may act
T_LEASE = table_of(SchedulerLease)
T_JOB_RUN = table_of(SchedulerJobRun)


def db_now(db: Database) -> ColumnElement[float]:
    """The database's clock, in epoch seconds, as an SQL expression."""
    if db.is_postgres:
        return literal_column("extract(epoch from clock_timestamp())::float8", Float)
    return literal_column("((julianday('now') - 2440587.5) * 86400.0)", Float)


def read_now(db: Database) -> float:
    """The database's clock now, in epoch seconds."""
    with db.read() as session:
        return float(session.execute(select(db_now(db))).scalar_one())


class Lease:
    """The scheduler lease as one daemon (``holder``) sees it."""

    def __init__(
        self,
        db: Database,
        holder: str,
        *,
        lease_seconds: float = 30.0,
        renew_seconds: float = 10.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db = db
        self.holder = holder
        self.lease_seconds = lease_seconds
        self.renew_seconds = min(renew_seconds, lease_seconds / 4)
        self.monotonic = monotonic
        self.token: int | None = None
        self._act_until = 0.0

    @property
    def description(self) -> str:
        return f"{LEASE_NAME} lease, {self.lease_seconds:g} s"

    def valid(self) -> bool:
        """Whether this daemon may act now (its own clock; no database round trip)."""
        return self.token is not None and self.monotonic() < self._act_until

    def try_acquire(self) -> bool:
        """Take the lease if it is free or expired; never waits for another holder."""
        started = self.monotonic()
        now = db_now(self.db)
        statement = (
            update(T_LEASE)
            .where(
                T_LEASE.c.name == LEASE_NAME,
                or_(T_LEASE.c.holder.is_(None), T_LEASE.c.expires_at < now),
            )
            .values(
                holder=self.holder,
                token=T_LEASE.c.token + 1,
                acquired_at=now,
                renewed_at=now,
                expires_at=now + self.lease_seconds,
            )
            .returning(T_LEASE.c.token)
        )
        try:
            with self.db.write_connection() as connection:
                row = connection.execute(statement).first()
        except (LandingError, SQLAlchemyError) as exc:
            log.warning("could not try the scheduler lease: %s", _short(exc))
            return False
        if row is None:
            return False
        self.token = int(row[0])
        self._act_until = started + self.lease_seconds * ACT_FRACTION
        return True

    def renew(self) -> bool | None:
        """Extend the lease: True renewed, False lost to another holder, None unknown (error)."""
        if self.token is None:
            return False
        started = self.monotonic()
        now = db_now(self.db)
        statement = (
            update(T_LEASE)
            .where(
                T_LEASE.c.name == LEASE_NAME,
                T_LEASE.c.holder == self.holder,
                T_LEASE.c.token == self.token,
            )
            .values(renewed_at=now, expires_at=now + self.lease_seconds)
        )
        try:
            with self.db.write_connection() as connection:
                renewed = connection.execute(statement).rowcount == 1
        except (LandingError, SQLAlchemyError) as exc:
            log.warning("could not renew the scheduler lease: %s", _short(exc))
            return None
        if not renewed:
            self._act_until = 0.0
            return False
        self._act_until = started + self.lease_seconds * ACT_FRACTION
        return True

    def check(self, executor: Session | Connection) -> None:
        """Inside a write transaction: refuse (FencedError) unless our token still leads."""
        if not self.valid():
            raise FencedError(self.token)
        query = select(T_LEASE.c.token).where(
            T_LEASE.c.name == LEASE_NAME,
            T_LEASE.c.holder == self.holder,
            T_LEASE.c.token == self.token,
            T_LEASE.c.expires_at > db_now(self.db),
        )
        if self.db.is_postgres:
            query = query.with_for_update(read=True)  # a takeover waits for this transaction
        if executor.execute(query).first() is None:
            raise FencedError(self.token)

    def release(self) -> None:
        """Hand the lease back (a clean stop): a standby may take it at once."""
        token, self.token, self._act_until = self.token, None, 0.0
        if token is None:
            return
        statement = (
            update(T_LEASE)
            .where(
                T_LEASE.c.name == LEASE_NAME,
                T_LEASE.c.holder == self.holder,
                T_LEASE.c.token == token,
            )
            .values(holder=None, expires_at=0.0)
        )
        try:
            with self.db.write_connection() as connection:
                connection.execute(statement)
        except (LandingError, SQLAlchemyError) as exc:  # it expires by itself
            log.warning("could not hand back the scheduler lease: %s", _short(exc))


def _short(exc: Exception) -> str:
    text = exc.render("en") if isinstance(exc, LandingError) else type(exc).__name__
    return text.splitlines()[0] if text else type(exc).__name__


# --- job runs: fenced at their start, recorded for `scheduler status` ----------------------------


def begin_job(db: Database, job: str, fence: Lease | None, holder: str | None = None) -> bool:
    """Record that ``job`` starts; False (nothing recorded) when ``fence`` no longer leads."""
    now = db_now(db)
    values: dict[str, Any] = {
        "holder": fence.holder if fence else holder,
        "token": fence.token if fence else None,
        "started_at": now,
        "finished_at": None,
        "outcome": "running",
    }
    try:
        with db.write_connection() as connection:
            if fence is not None:
                fence.check(connection)
            changed = connection.execute(
                update(T_JOB_RUN).where(T_JOB_RUN.c.job == job).values(**values)
            ).rowcount
            if not changed:
                from sqlalchemy import insert

                connection.execute(insert(T_JOB_RUN).values(job=job, **values))
    except FencedError:
        log.warning("job %s not started: the scheduler lease moved on", job)
        return False
    return True


def end_job(db: Database, job: str, outcome: str) -> None:
    """Record how ``job``'s run ended (ok | error | fenced)."""
    try:
        with db.write_connection() as connection:
            connection.execute(
                update(T_JOB_RUN)
                .where(T_JOB_RUN.c.job == job)
                .values(finished_at=db_now(db), outcome=outcome)
            )
    except (LandingError, SQLAlchemyError) as exc:
        log.warning("could not record the end of job %s: %s", job, _short(exc))
