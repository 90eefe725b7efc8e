"""Rate limits that wait: at most ``limit`` messages in any ``period`` seconds.

A token bucket of 20 with a refill of one every 3 s lets 40 messages through in one
minute (a full bucket, then the refill); DingTalk blocks a robot for 10 minutes when it
gets more than 20 in a minute. So a limiter keeps the times of the last ``limit``
messages and waits until the oldest is ``period`` old: never more than ``limit`` in any
window.

Two kinds, one small API (``acquire()``, or ``with limiter.slot(): send``):

- :class:`SharedRateLimiter` keeps those times in the database (table ``rate_slot``),
  so every sender process — the daemon, ``remind send`` beside it, a restarted sender,
  another host on the same PostgreSQL — shares one limit per receiver. A slot is taken
  under a lock (SQLite: the ``BEGIN IMMEDIATE`` write transaction; PostgreSQL: a
  transaction-level advisory lock per receiver) and records an upper bound of the moment
  the receiver gets the message: "now + ``hold``" while the send is under way, the
  moment the send returned once it has. So a crash mid-send costs at most a slot held a
  little longer, never a message too many. Times are the senders' wall clocks: senders
  on several hosts need synchronised clocks (NTP).
- :class:`RateLimiter` keeps them in memory: one process only (tests, previews).

The clock and the sleep are injectable, so tests never sleep real minutes.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from qy_landing.store.database import Database

log = logging.getLogger("qy_landing.reminders.ratelimit")


class Limiter(Protocol):
    limit: int
    period: float

    def acquire(self) -> float:
        """Wait until one more message may go; the seconds waited."""

    def slot(self) -> AbstractContextManager[None]:
        """Wait for a slot, then hold it while the block sends the message."""


class RateLimiter:
    """The limit inside one process (kept in memory)."""

    def __init__(
        self,
        limit: int,
        period: float = 60.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limit = limit
        self.period = period
        self.clock = clock
        self.sleep = sleep
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Wait until one more message may go; the seconds waited."""
        waited = 0.0
        with self._lock:
            while True:
                now = self.clock()
                while self._times and self._times[0] <= now - self.period:
                    self._times.popleft()
                if len(self._times) < self.limit:
                    self._times.append(now)
                    return waited
                pause = self._times[0] + self.period - now
                self.sleep(pause)
                waited += pause

    @contextmanager
    def slot(self) -> Iterator[None]:
        self.acquire()
        yield


def receiver_key(url: str) -> str:
    """The name a receiver's slots are kept under: a digest, never the URL (it holds a key)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def _advisory_key(key: str) -> int:
    return int.from_bytes(hashlib.sha256(b"rate:" + key.encode()).digest()[:8], "big", signed=True)


class SharedRateLimiter:
    """The limit of one receiver, shared by every process using the database.

    ``key`` names the receiver (see :func:`receiver_key`); ``hold`` is how long an
    unfinished send counts as "still arriving" (a sender that dies mid-send frees its
    slot ``hold`` + ``period`` seconds after taking it).
    """

    def __init__(
        self,
        db: Database,
        key: str,
        limit: int,
        period: float = 60.0,
        *,
        hold: float | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.db = db
        self.key = key
        self.limit = limit
        self.period = period
        self.hold = period if hold is None else hold
        self.clock = clock
        self.sleep = sleep

    def _take(self, hold: float) -> tuple[int | None, float]:
        """One attempt under the lock: (slot id, 0) or (None, seconds to wait)."""
        from sqlalchemy import delete, func, insert, select

        from qy_landing.store.models import RateSlot, table_of

        t = table_of(RateSlot)
        with self.db.write_connection() as connection:
            if self.db.is_postgres:
                connection.execute(select(func.pg_advisory_xact_lock(_advisory_key(self.key))))
            now = self.clock()
            horizon = now - self.period
            connection.execute(delete(t).where(t.c.key == self.key, t.c.at <= horizon))
            times = list(
                connection.execute(
                    select(t.c.at).where(t.c.key == self.key).order_by(t.c.at)
                ).scalars()
            )
            if len(times) < self.limit:
                result = connection.execute(insert(t).values(key=self.key, at=now + hold))
                primary = result.inserted_primary_key
                assert primary is not None
                return int(primary[0]), 0.0
            # the slot that must leave the window before one more message may go
            return None, max(0.01, times[len(times) - self.limit] + self.period - now)

    def take(self, hold: float | None = None) -> tuple[int, float]:
        """Wait for a free slot and take it, counted from ``hold`` seconds ahead (default the
        limiter's: a send under way); (slot id, seconds waited)."""
        waited = 0.0
        while True:
            slot, pause = self._take(self.hold if hold is None else hold)
            if slot is not None:
                return slot, waited
            self.sleep(pause)
            waited += pause

    def done(self, slot: int) -> None:
        """The send of ``slot`` returned: the receiver had it by now."""
        from sqlalchemy import update

        from qy_landing.errors import LandingError
        from qy_landing.store.models import RateSlot, table_of

        t = table_of(RateSlot)
        try:
            with self.db.write_connection() as connection:
                connection.execute(update(t).where(t.c.id == slot).values(at=self.clock()))
        except LandingError as exc:  # the slot keeps its later time: safe, only slower
            log.warning("could not record the end of a send: %s", exc)

    def acquire(self) -> float:
        """Take a slot counted from now (the caller sends at once); the seconds waited.

        ``with limiter.slot(): send()`` is stricter: it counts the slot until the send
        returned, so a slow send can never let one message too many arrive in a window.
        """
        return self.take(hold=0.0)[1]

    @contextmanager
    def slot(self) -> Iterator[None]:
        slot, _ = self.take()
        try:
            yield
        finally:
            self.done(slot)


def slot_of(limiter: Limiter | None) -> AbstractContextManager[None]:
    """``with slot_of(limiter): send`` — no limit when ``limiter`` is None."""
    return nullcontext() if limiter is None else limiter.slot()


class Limiters:
    """One limiter per receiver URL, shared by every channel of one sender.

    With a database the limits are shared with every other process using it (what the
    daemon and ``remind send`` do); without one they hold inside this process only.
    """

    def __init__(
        self,
        db: Database | None = None,
        *,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.db = db
        self.clock = clock
        self.sleep = sleep
        self._limiters: dict[str, RateLimiter | SharedRateLimiter] = {}
        self._lock = threading.Lock()

    def for_url(self, url: str, per_minute: int) -> RateLimiter | SharedRateLimiter | None:
        if per_minute <= 0:
            return None
        with self._lock:
            limiter = self._limiters.get(url)
            if limiter is None:
                if self.db is not None:
                    limiter = SharedRateLimiter(
                        self.db,
                        receiver_key(url),
                        per_minute,
                        60.0,
                        clock=self.clock or time.time,
                        sleep=self.sleep,
                    )
                else:
                    limiter = RateLimiter(
                        per_minute, 60.0, clock=self.clock or time.monotonic, sleep=self.sleep
                    )
                self._limiters[url] = limiter
            return limiter
