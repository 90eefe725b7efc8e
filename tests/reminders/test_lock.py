"""The scheduler lease: one holder, expiry on the database's clock, fencing tokens."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from qy_landing.config import Config
from qy_landing.errors import FencedError
from qy_landing.reminders.deliver import claim, send_pending
from qy_landing.reminders.generate import generate
from qy_landing.reminders.lock import (
    T_JOB_RUN,
    T_LEASE,
    Lease,
    begin_job,
    end_job,
    read_now,
)


class FakeMonotonic:
    """The leader's own clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _expire(lease: Lease, other: Lease, timeout: float = 10.0) -> None:
    """Wait (real time, a short lease) until ``other`` takes over from ``lease``."""
    deadline = time.monotonic() + timeout
    while not other.try_acquire():
        assert time.monotonic() < deadline, "the lease never expired"
        time.sleep(0.05)


def _lease_row(ctx):
    with ctx.db.read() as session:
        return session.execute(select(T_LEASE)).one()


def test_a_held_lease_is_not_taken_and_a_clean_release_hands_it_over(ctx):
    """B cannot take A's lease; once A hands it back B takes it with the next token."""
    a = Lease(ctx.db, "a", lease_seconds=30)
    b = Lease(ctx.db, "b", lease_seconds=30)
    assert a.try_acquire() and a.valid()
    assert not b.try_acquire()
    assert a.renew() is True
    first = a.token
    a.release()
    assert not a.valid()
    assert b.try_acquire()
    assert (b.token, _lease_row(ctx).holder) == (first + 1, "b")


def test_an_expired_lease_passes_with_a_higher_token_and_the_old_holder_learns_it(ctx):
    """A stops renewing; B takes over with token + 1; A's renewal then reports it lost."""
    a = Lease(ctx.db, "a", lease_seconds=0.5)
    b = Lease(ctx.db, "b", lease_seconds=30)
    assert a.try_acquire()
    first = a.token
    _expire(a, b)
    assert b.token == first + 1
    assert a.renew() is False
    assert not a.valid()


def test_a_leader_stops_acting_well_before_its_lease_can_pass(ctx):
    """Two thirds of a lease after its last renewal began, the leader may not act; the lease
    itself still runs on the database's clock, so no one else can act yet either."""
    clock = FakeMonotonic()
    a = Lease(ctx.db, "a", lease_seconds=30, monotonic=clock)
    assert a.try_acquire()
    clock.now += 19.9
    assert a.valid()
    clock.now += 0.2
    assert not a.valid()
    assert _lease_row(ctx).expires_at > read_now(ctx.db) + 20  # far from expiry
    assert not Lease(ctx.db, "b").try_acquire()
    assert a.renew() is True and a.valid()  # a renewal makes it act again


def test_claims_under_an_old_token_are_refused(octx):
    """After a takeover, the old leader's claim is refused; the new one's rows carry its token."""
    generate(octx, kind="monthly")
    old = Lease(octx.db, "old", lease_seconds=0.5)
    new = Lease(octx.db, "new", lease_seconds=30)
    assert old.try_acquire()
    _expire(old, new)
    old._act_until = time.monotonic() + 60  # a frozen leader that still believes it leads
    with pytest.raises(FencedError):
        claim(octx, worker="old", limit=10, config=Config(), fence=old)
    claimed, _ = claim(octx, worker="new", limit=10, config=Config(), fence=new)
    assert claimed
    from qy_landing.reminders.generate import T_REMINDER

    with octx.db.read() as session:
        tokens = set(
            session.execute(
                select(T_REMINDER.c.claim_token).where(T_REMINDER.c.status == "sending")
            ).scalars()
        )
    assert tokens == {new.token}


def test_a_sender_that_may_no_longer_act_gives_its_batch_back(octx):
    """The send loop asks before every message: told to stop, the rest goes back to pending."""
    generate(octx, kind="monthly")
    asked = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 2  # the first check is before claiming, then one message goes

    report = send_pending(octx, config=Config(batch_size=10), stop=stop)
    assert report.sent == 1
    from qy_landing.reminders.deliver import list_reminders

    rows, _ = list_reminders(octx, limit=None)
    assert sorted(r.status for r in rows) == ["pending", "sent"]
    assert [r.attempts for r in rows if r.status == "pending"] == [0]


def test_job_runs_are_fenced_and_recorded(ctx):
    """A job starts only under the leading token; its start, end and outcome are kept."""
    a = Lease(ctx.db, "a", lease_seconds=0.5)
    b = Lease(ctx.db, "b", lease_seconds=30)
    assert a.try_acquire()
    assert begin_job(ctx.db, "send-reminders", a)
    end_job(ctx.db, "send-reminders", "ok")
    _expire(a, b)
    a._act_until = time.monotonic() + 60
    assert not begin_job(ctx.db, "send-reminders", a)
    with ctx.db.read() as session:
        row = session.execute(select(T_JOB_RUN)).one()
    assert (row.job, row.holder, row.token, row.outcome) == ("send-reminders", "a", a.token, "ok")
    assert row.finished_at >= row.started_at
