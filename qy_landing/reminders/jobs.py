"""The functions the scheduler daemon runs, stored as ``qy_landing.reminders.jobs:<name>``.

They take no arguments (nothing, and so no secret, is pickled into the job store): the
daemon calls :func:`configure` with the database URL and the settings first. Every job
is idempotent — generation keys its reminders, sending claims its rows — so a job run
twice (a catch-up after downtime, a takeover by the standby) changes nothing twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from qy_landing.clock import Clock, SystemClock
from qy_landing.config import Config

if TYPE_CHECKING:
    from qy_landing.reminders.channels import Channels
    from qy_landing.reminders.lock import Lease
    from qy_landing.services.context import Context

log = logging.getLogger("qy_landing.reminders.jobs")

MONTHLY = "qy_landing.reminders.jobs:monthly_digest"
DAILY = "qy_landing.reminders.jobs:daily_scan"
SEND = "qy_landing.reminders.jobs:send_due"


@dataclass
class Runtime:
    url: str
    config: Config
    clock: Clock
    stream: TextIO | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    runs: list[tuple[str, str]] = field(default_factory=list)  # (job, as of), for the record
    fence: Lease | None = None  # the daemon's lease: jobs act only while it leads
    _context: Context | None = None
    _channels: Channels | None = None

    def context(self) -> Context:
        if self._context is None:
            from qy_landing.services.context import Context

            self._context = Context.open(self.url, actor="scheduler", clock=self.clock)
        return self._context

    def may_act(self) -> bool:
        """Whether jobs may act now: no lease to honour, or the lease still leads."""
        return self.fence is None or self.fence.valid()

    def channels(self) -> Channels:
        # kept for the daemon's life: the robots' rate limits must remember earlier runs
        if self._channels is None:
            from qy_landing.reminders.channels import Channels

            self._channels = Channels(self.config, stream=self.stream, db=self.context().db)
        return self._channels


_runtime: Runtime | None = None
_active = 0
_idle = threading.Condition()


def configure(
    url: str,
    config: Config,
    *,
    clock: Clock | None = None,
    stream: TextIO | None = None,
    fence: Lease | None = None,
) -> Runtime:
    """Set what the jobs work on (called by the daemon before its scheduler starts)."""
    global _runtime
    _runtime = Runtime(url, config, clock or SystemClock(config.tz), stream, fence=fence)
    return _runtime


def runtime() -> Runtime:
    if _runtime is None:
        raise RuntimeError("qy_landing.reminders.jobs.configure() was not called")
    return _runtime


# the scheduler's job ids (reminders.scheduler), under which job runs are recorded
JOB_IDS = {"monthly": "monthly-digest", "daily": "daily-scan", "send": "send-reminders"}


@contextmanager
def _running(name: str) -> Iterator[Runtime | None]:
    """Run a job only under a leading lease: fenced at its start, its outcome recorded.

    Yields None when the job must not run (the daemon's lease no longer leads).
    """
    from qy_landing.errors import FencedError
    from qy_landing.reminders.lock import begin_job, end_job

    global _active
    with _idle:
        _active += 1
    try:
        current = runtime()
        db = current.context().db
        if not current.may_act() or not begin_job(db, JOB_IDS[name], current.fence):
            log.warning("%s: skipped, this daemon does not lead the scheduler now", name)
            yield None
            return
        current.runs.append((name, current.clock.now().isoformat()))
        try:
            yield current
        except FencedError:
            log.warning("%s: stopped, the scheduler lease moved on", name)
            end_job(db, JOB_IDS[name], "fenced")
            return
        except Exception:
            end_job(db, JOB_IDS[name], "error")
            raise
        end_job(db, JOB_IDS[name], "ok" if current.may_act() else "fenced")
    finally:
        with _idle:
            _active -= 1
            _idle.notify_all()


def wait_idle(timeout: float | None = None) -> bool:
    """Wait until no job runs (the daemon releases its lock only then)."""
    with _idle:
        return _idle.wait_for(lambda: _active == 0, timeout)


def monthly_digest() -> None:
    """The monthly dispatch digests due now (the first working day of the month, 09:00)."""
    from qy_landing.reminders.generate import generate

    with _running("monthly") as rt:
        if rt is None:
            return
        ctx = rt.context()
        ctx.forget_calendar()  # office overrides may have changed since the last run
        report = generate(ctx, kind="monthly", config=rt.config)
        log.info(
            "monthly digest %s: %d generated, %d existed",
            report.period,
            report.generated,
            report.existing,
        )


def daily_scan() -> None:
    """On working days: overdue and stalled escalations, and any monthly digest still missing."""
    from qy_landing.reminders.generate import generate

    with _running("daily") as rt:
        if rt is None:
            return
        ctx = rt.context()
        ctx.forget_calendar()
        from qy_landing.services.calendar import refresh_due_dates

        refreshed = refresh_due_dates(ctx)  # a newer chinesecalendar published a year
        if refreshed.moved:
            log.info("calendar %s: %d due dates moved", refreshed.years, len(refreshed.moved))
        today = ctx.clock.now().astimezone(rt.config.tz).date()
        if not ctx.calendar().is_workday(today):
            log.info("daily scan: %s is not a working day", today.isoformat())
            return
        report = generate(ctx, kind="all", config=rt.config)
        log.info(
            "daily scan: %d generated, %d existed, %d rungs without recipient",
            report.generated,
            report.existing,
            report.no_recipient_count,
        )


def send_due() -> None:
    """Deliver what is due, for at most about one send interval (the next run goes on)."""
    from qy_landing.reminders.deliver import send_pending

    with _running("send") as rt:
        if rt is None:
            return
        deadline = time.monotonic() + max(5.0, rt.config.send_every_seconds * 0.9)
        report = send_pending(
            rt.context(),
            config=rt.config,
            channels=rt.channels(),
            stop=lambda: rt.stop.is_set() or not rt.may_act() or time.monotonic() > deadline,
            fence=rt.fence,
        )
        if report.sent or report.retried or report.failed:
            log.info("sent %d, retried %d, failed %d", report.sent, report.retried, report.failed)
