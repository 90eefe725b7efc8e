"""Sending the outbox: claim, deliver outside any transaction, record the outcome.

1. **Claim** due rows in one short transaction: ``pending`` rows whose ``next_attempt_at``
   has come, and ``sending`` rows whose claim expired (their sender died). They become
   ``sending`` with ``claimed_by`` / ``claimed_until`` and one more attempt counted.
   PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED``, so several senders share the work and
   never take the same row. SQLite: the write transaction (``BEGIN IMMEDIATE``) is
   exclusive, which gives the same guarantee.
2. **Deliver** each message through its channel, with no transaction open.
3. **Record**: ``sent`` (with ``sent_at`` and the channel that delivered it), or a failed
   attempt: back to ``pending`` with ``next_attempt_at`` after an exponential backoff with
   jitter; when retrying this channel cannot help (or ``max_attempts`` are used up) the
   reminder falls through to the next channel of its route (:mod:`.routing`), and after
   the last one it is ``failed``. A rate-limited answer waits without using an attempt.
   The failure is kept in English (``last_error``) and as a catalogue message that
   ``remind list`` shows in the reader's language (:mod:`.failures`); neither holds a secret.
4. **Receipts**: platforms that report delivery later (DingTalk work notices, SMS) are
   asked about the messages they accepted (:mod:`.receipts`); a message reported
   undelivered falls through like a failed one, read/unread is shown by ``remind list``.

Delivery is at-least-once: a sender killed after delivering but before recording sends
that one message again after its claim expires. Every message carries its key, so the
receiver can drop the repeat.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from qy_landing.config import Config
from qy_landing.errors import (
    BadKindError,
    BadStatusError,
    Msg,
    NotFoundError,
    PermanentDeliveryError,
    RateLimitedError,
)
from qy_landing.reminders import routing
from qy_landing.reminders.channels import Channels, Outgoing, Recipient
from qy_landing.reminders.failures import (
    CLEARED,
    Failure,
    failure,
    from_exception,
    redacted,
    shown,
    stored,
)
from qy_landing.reminders.generate import (
    KINDS,
    T_ASSIGNMENT,
    T_PERSON,
    T_PROJECT,
    T_REMINDER,
    T_UNIT,
)
from qy_landing.reminders.receipts import check_receipts
from qy_landing.reminders.shared_db import DatabaseShared
from qy_landing.services.context import Context

if TYPE_CHECKING:
    from qy_landing.reminders.lock import Lease

log = logging.getLogger("qy_landing.reminders")

STATUSES = ("pending", "sending", "sent", "failed")


def default_worker() -> str:
    """``host:pid:random``: who holds a claim (shown by ``remind list``)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def backoff(attempts: int, config: Config, rng: random.Random) -> float:
    """Seconds before the next attempt: exponential, capped, with "equal jitter"."""
    delay = min(config.backoff_max_seconds, config.backoff_seconds * 2 ** max(0, attempts - 1))
    return float(delay / 2 + rng.uniform(0, delay / 2))


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0  # failed this time, will be tried again
    failed: int = 0  # given up: shown by `remind list --status failed`
    fell_through: int = 0  # moved on to the next channel of their route
    receipts: int = 0  # delivery results asked for (DingTalk work notices, SMS)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (key, error)
    # the catalogue message of a problem, by its index in problems, when the channel gave one
    problem_msgs: dict[int, Msg] = field(default_factory=dict)

    def add(self, key: str, error: Failure) -> None:
        """Record the failure of reminder ``key`` (its message, when it has one, kept)."""
        if error.msg is not None:
            self.problem_msgs[len(self.problems)] = error.msg
        self.problems.append((key, error.text))

    def as_dict(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "retried": self.retried,
            "failed": self.failed,
            "fell_through": self.fell_through,
            "receipts": self.receipts,
            "problems": [{"key": k, "error": e} for k, e in self.problems],
        }


# --- claiming ---------------------------------------------------------------------------------


def claim(
    ctx: Context, *, worker: str, limit: int, config: Config, fence: Lease | None = None
) -> tuple[list[Outgoing], list[tuple[str, Failure]]]:
    """Claim up to ``limit`` due reminders for ``worker``; also the (key, failure) of rows
    given up.

    A row whose sender died ``max_attempts`` times is marked failed instead of claimed.
    With a ``fence`` (the scheduler daemon's lease) the claim is refused with
    :class:`~qy_landing.reminders.lock.FencedError` unless its token still leads, and the
    rows claimed carry the token.
    """
    r = T_REMINDER
    now = ctx.clock.now()
    until = now + timedelta(seconds=config.claim_seconds)
    due = or_(
        and_(r.c.status == "pending", r.c.next_attempt_at <= now),
        and_(r.c.status == "sending", r.c.claimed_until < now),
    )
    query = select(r.c.id, r.c.key, r.c.status, r.c.attempts).where(due)
    query = query.order_by(r.c.next_attempt_at, r.c.id).limit(limit)
    if ctx.db.is_postgres:
        query = query.with_for_update(skip_locked=True)
    given_up: list[tuple[str, Failure]] = []
    with ctx.db.write() as session:
        if fence is not None:
            fence.check(session)
        rows = session.execute(query).all()
        abandoned = [
            row for row in rows if row.status == "sending" and row.attempts >= config.max_attempts
        ]
        if abandoned:
            stopped = failure(Msg("remind.failure.abandoned", times=config.max_attempts))
            session.execute(
                update(r)
                .where(r.c.id.in_([row.id for row in abandoned]))
                .values(status="failed", claimed_by=None, claimed_until=None, **stopped.values())
            )
            given_up = [(row.key, stopped) for row in abandoned]
        dropped = {row.id for row in abandoned}
        ids = [row.id for row in rows if row.id not in dropped]
        if not ids:
            return [], given_up
        session.execute(
            update(r)
            .where(r.c.id.in_(ids))
            .values(
                status="sending",
                claimed_by=worker,
                claimed_until=until,
                claim_token=fence.token if fence is not None else None,
                attempts=r.c.attempts + 1,
            )
        )
        _fix_routes(session, ids, config)
        return _claimed(session, ids), given_up


def _claimed(session: Session, ids: list[int]) -> list[Outgoing]:
    """The messages of the reminders just claimed, with their recipients, in sending order."""
    r, p, u = T_REMINDER, T_PERSON, T_UNIT
    claimed = session.execute(
        select(
            r.c.id,
            r.c.key,
            r.c.kind,
            r.c.period,
            r.c.channel,
            r.c.lang,
            r.c.title,
            r.c.body,
            p.c.id.label("person_id"),
            p.c.name.label("person_name"),
            u.c.name.label("unit"),
            p.c.email,
            p.c.phone,
            p.c.wecom,
            p.c.dingtalk,
            r.c.attempts,
            r.c.parts_sent,
            r.c.route,
        )
        .join(p, p.c.id == r.c.person_id)
        .join(u, u.c.id == p.c.unit_id)
        .where(r.c.id.in_(ids))
        .order_by(r.c.next_attempt_at, r.c.id)
    ).all()
    return [
        Outgoing(
            id=row.id,
            key=row.key,
            kind=row.kind,
            period=row.period,
            channel=row.channel,
            lang=row.lang,
            title=row.title,
            body=row.body,
            recipient=Recipient(
                id=row.person_id,
                name=row.person_name,
                unit=row.unit,
                email=row.email,
                phone=row.phone,
                wecom=row.wecom,
                dingtalk=row.dingtalk,
            ),
            attempts=row.attempts,
            parts_sent=row.parts_sent,
            route=routing.parse(row.route),
        )
        for row in claimed
    ]


def _fix_routes(session: Any, ids: list[int], config: Config) -> None:
    """Give claimed reminders without a route theirs (:mod:`.routing`), first channel first."""
    r, p, a = T_REMINDER, T_PERSON, T_ASSIGNMENT
    rows = session.execute(
        select(r.c.id, r.c.channel, p.c.id.label("person_id"), p.c.fallback, p.c.supervisor)
        .join(p, p.c.id == r.c.person_id)
        .where(r.c.id.in_(ids), r.c.route.is_(None))
    ).all()
    if not rows:
        return
    roles: dict[int, set[str]] = {}
    if config.routing.roles:
        held = select(a.c.person_id, a.c.role).where(
            a.c.person_id.in_({row.person_id for row in rows})
        )
        for person_id, role in session.execute(held.distinct()):
            roles.setdefault(person_id, set()).add(role)
    by_route: dict[tuple[str, ...], list[int]] = {}
    for row in rows:
        route = routing.route_for(
            row.channel, row.fallback, roles.get(row.person_id, ()), row.supervisor, config.routing
        )
        by_route.setdefault(route, []).append(row.id)
    for route, reminder_ids in by_route.items():
        session.execute(
            update(r)
            .where(r.c.id.in_(reminder_ids))
            .values(route=routing.join(route), channel=route[0])
        )


def _record(ctx: Context, reminder_id: int, worker: str, **values: Any) -> bool:
    """Update a row we still hold; False when our claim was taken over meanwhile."""
    r = T_REMINDER
    with ctx.db.write() as session:
        result = session.execute(
            update(r)
            .where(r.c.id == reminder_id, r.c.claimed_by == worker, r.c.status == "sending")
            .values(claimed_by=None, claimed_until=None, **values)
        )
        return bool(getattr(result, "rowcount", 1))


def _release(ctx: Context, ids: Sequence[int], worker: str) -> None:
    """Give back claimed rows not tried yet (the sender must stop): pending again, no attempt."""
    r = T_REMINDER
    with ctx.db.write() as session:
        session.execute(
            update(r)
            .where(r.c.id.in_(list(ids)), r.c.claimed_by == worker, r.c.status == "sending")
            .values(
                status="pending",
                claimed_by=None,
                claimed_until=None,
                claim_token=None,
                attempts=r.c.attempts - 1,
            )
        )


def _parts_accepted(ctx: Context, reminder_id: int, worker: str, count: int) -> None:
    """Record that the receiver accepted the first ``count`` parts (resends skip them)."""
    r = T_REMINDER
    with ctx.db.write() as session:
        session.execute(
            update(r)
            .where(r.c.id == reminder_id, r.c.claimed_by == worker, r.c.status == "sending")
            .values(parts_sent=count)
        )


def _extend(ctx: Context, ids: Sequence[int], worker: str, until: datetime) -> None:
    r = T_REMINDER
    with ctx.db.write() as session:
        session.execute(
            update(r)
            .where(r.c.id.in_(list(ids)), r.c.claimed_by == worker, r.c.status == "sending")
            .values(claimed_until=until)
        )


# --- sending ---------------------------------------------------------------------------------


def send_pending(
    ctx: Context,
    *,
    config: Config | None = None,
    limit: int | None = None,
    channels: Channels | None = None,
    worker: str | None = None,
    rng: random.Random | None = None,
    stop: Callable[[], bool] | None = None,
    fence: Lease | None = None,
    receipts: bool = True,
) -> SendReport:
    """Deliver due reminders (at most ``limit``) until none is due; what happened.

    Safe to run in several processes at once (each claims its own rows). ``stop`` is
    asked before every message (the daemon's time budget, shutdown, a lease it may no
    longer act on): the rest of the batch is given back untried. ``fence`` makes every
    claim check the scheduler's fencing token (see :func:`claim`). With ``receipts``,
    the delivery results platforms owe are asked for afterwards
    (:func:`qy_landing.reminders.receipts.check_receipts`).
    """
    config = config or Config()
    channels = channels or Channels(config, db=ctx.db)
    if channels.shared is None:  # tokens and SMS counts shared with every other sender
        channels.shared = DatabaseShared(ctx, config.tz)
    worker = worker or default_worker()
    rng = rng or random.Random()
    report = SendReport()
    remaining = limit
    while remaining is None or remaining > 0:
        if stop is not None and stop():
            break
        size = config.batch_size if remaining is None else min(config.batch_size, remaining)
        batch, given_up = claim(ctx, worker=worker, limit=size, config=config, fence=fence)
        for key, stopped in given_up:
            report.failed += 1
            report.add(key, stopped)
        if not batch:
            if given_up:
                continue
            break
        if remaining is not None:
            remaining -= len(batch)
        lease = timedelta(seconds=config.claim_seconds)
        held_until = ctx.clock.now() + lease
        for index, message in enumerate(batch):
            if stop is not None and stop():
                _release(ctx, [m.id for m in batch[index:]], worker)
                return report
            now = ctx.clock.now()
            if held_until - now < lease / 2:  # a slow batch: keep the rest of it ours
                held_until = now + lease
                _extend(ctx, [m.id for m in batch[index:]], worker, held_until)
            _deliver(ctx, channels, message, worker, config, rng, report)
    if receipts and not (stop is not None and stop()):
        found = check_receipts(ctx, config=config, channels=channels)
        report.receipts += found.checked
        report.fell_through += found.fell_through
        report.failed += found.failed
        for index, msg in found.problem_msgs.items():
            report.problem_msgs[len(report.problems) + index] = redacted(msg, config.redact)
        report.problems += [("receipts", problem) for problem in found.problems]
    return report


def _deliver(
    ctx: Context,
    channels: Channels,
    message: Outgoing,
    worker: str,
    config: Config,
    rng: random.Random,
    report: SendReport,
) -> None:
    message = replace(
        message, on_part=lambda count: _parts_accepted(ctx, message.id, worker, count)
    )
    try:
        delivered = channels.get(message.channel).send(message)
    except Exception as exc:
        # a bug or an unexpected answer is still only a failed attempt; a platform's own
        # text never shows a secret either
        error = from_exception(exc, message.channel, config.redact)
        if isinstance(exc, RateLimitedError):
            _rate_limited(ctx, message, worker, rng, report, error, exc.retry_after)
            return
        permanent = isinstance(exc, PermanentDeliveryError)
        _failed(ctx, message, worker, config, rng, report, error, permanent=permanent)
        return
    if not _record(
        ctx,
        message.id,
        worker,
        status="sent",
        sent_at=ctx.clock.now(),
        delivered_via=message.channel,
        external_id=delivered.external_id if delivered else None,
        receipt=delivered.receipt if delivered else None,
        receipt_at=None,
        # after a fall-through, the error says why the earlier channels did not deliver it
        **({} if _fell_through(message) else CLEARED),
    ):
        log.warning("reminder %s was sent, but another sender had taken it over", message.key)
    report.sent += 1
    log.info("sent %s via %s", message.key, message.channel)


def _fell_through(message: Outgoing) -> bool:
    return bool(message.route) and message.channel != message.route[0]


def _rate_limited(
    ctx: Context,
    message: Outgoing,
    worker: str,
    rng: random.Random,
    report: SendReport,
    error: Failure,
    retry_after: float,
) -> None:
    """The platform asked us to wait: try again later, without using up an attempt."""
    wait = retry_after * (1 + rng.uniform(0, 0.5))
    next_at = ctx.clock.now() + timedelta(seconds=wait)
    _record(
        ctx,
        message.id,
        worker,
        status="pending",
        next_attempt_at=next_at,
        attempts=max(0, message.attempts - 1),
        **error.values(),
    )
    report.retried += 1
    report.add(message.key, error)
    log.warning("%s is rate-limited on %s: %s", message.key, message.channel, error.text)


def _failed(
    ctx: Context,
    message: Outgoing,
    worker: str,
    config: Config,
    rng: random.Random,
    report: SendReport,
    error: Failure,
    *,
    permanent: bool,
) -> None:
    attempts = message.attempts
    report.add(message.key, error)
    if permanent or attempts >= config.max_attempts:
        following = routing.next_channel(message.route, message.channel)
        if following is not None:
            _record(
                ctx,
                message.id,
                worker,
                status="pending",
                channel=following,
                attempts=0,
                next_attempt_at=ctx.clock.now(),
                **error.then(following).values(),
            )
            report.fell_through += 1
            log.warning("%s falls through to %s: %s", message.key, following, error.text)
            return
        _record(ctx, message.id, worker, status="failed", **error.values())
        report.failed += 1
        log.error("gave up %s after %d attempts: %s", message.key, attempts, error.text)
        return
    next_at = ctx.clock.now() + timedelta(seconds=backoff(attempts, config, rng))
    _record(ctx, message.id, worker, status="pending", next_attempt_at=next_at, **error.values())
    report.retried += 1
    log.warning("attempt %d of %s failed: %s", attempts, message.key, error.text)


# --- reading and requeueing -----------------------------------------------------------------


@dataclass(frozen=True)
class ReminderRow:
    id: int
    key: str
    kind: str
    person: str
    unit: str
    project: str | None
    period: str
    channel: str
    lang: str
    status: str
    attempts: int
    title: str
    body: str
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str | None
    claimed_by: str | None
    route: tuple[str, ...] = ()
    delivered_via: str | None = None
    receipt: str | None = None
    external_id: str | None = None
    # the failure as a catalogue message (None: none, or recorded before it was kept so)
    error: Msg | None = None

    def error_text(self, lang: str) -> str | None:
        """The last failure as ``lang`` reads it (the English kept, for an old row)."""
        return shown(self.error, self.last_error, lang)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "kind": self.kind,
            "person": self.person,
            "unit": self.unit,
            "project": self.project,
            "period": self.period,
            "channel": self.channel,
            "lang": self.lang,
            "status": self.status,
            "attempts": self.attempts,
            "title": self.title,
            "body": self.body,
            "created_at": self.created_at.isoformat(),
            "next_attempt_at": self.next_attempt_at.isoformat(),
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
            "last_error": self.last_error,
            "error_key": self.error.key if self.error is not None else None,
            "error_fields": self.error.as_data() if self.error is not None else None,
            "claimed_by": self.claimed_by,
            "route": list(self.route),
            "delivered_via": self.delivered_via,
            "receipt": self.receipt,
            "external_id": self.external_id,
        }


def list_reminders(
    ctx: Context,
    *,
    status: str | None = None,
    person: str | None = None,
    period: str | None = None,
    kind: str | None = None,
    limit: int | None = 200,
) -> tuple[list[ReminderRow], int]:
    """Outbox rows, newest first, and how many match in all (``limit`` None: all)."""
    from qy_landing.services.people import find_person

    if status is not None and status not in STATUSES:
        raise BadStatusError(status, STATUSES)
    if kind is not None and kind not in KINDS:
        raise BadKindError(kind, KINDS)
    r, p, u, pj = T_REMINDER, T_PERSON, T_UNIT, T_PROJECT
    conditions = []
    with ctx.db.read() as session:
        if status:
            conditions.append(r.c.status == status)
        if person:
            conditions.append(r.c.person_id == find_person(session, person).id)
        if period:
            conditions.append(r.c.period == period)
        if kind:
            conditions.append(r.c.kind == kind)
        total = session.execute(select(func.count()).select_from(r).where(*conditions)).scalar_one()
        query = (
            select(
                r,
                p.c.name.label("person_name"),
                u.c.name.label("unit_name"),
                pj.c.code.label("project_code"),
            )
            .join(p, p.c.id == r.c.person_id)
            .join(u, u.c.id == p.c.unit_id)
            .outerjoin(pj, pj.c.id == r.c.project_id)
            .where(*conditions)
            .order_by(r.c.id.desc())
        )
        if limit is not None:
            query = query.limit(limit)
        rows = [
            ReminderRow(
                id=row.id,
                key=row.key,
                kind=row.kind,
                person=row.person_name,
                unit=row.unit_name,
                project=row.project_code,
                period=row.period,
                channel=row.channel,
                lang=row.lang,
                status=row.status,
                attempts=row.attempts,
                title=row.title,
                body=row.body,
                created_at=row.created_at,
                next_attempt_at=row.next_attempt_at,
                sent_at=row.sent_at,
                last_error=row.last_error,
                claimed_by=row.claimed_by,
                route=routing.parse(row.route),
                delivered_via=row.delivered_via,
                receipt=row.receipt,
                external_id=row.external_id,
                error=stored(row.error_key, row.error_fields),
            )
            for row in session.execute(query)
        ]
    return rows, int(total)


def requeue_failed(ctx: Context, keys: Sequence[str] = ()) -> int:
    """Put failed reminders (all, or those with ``keys``) back in the queue; how many.

    Each starts again at the first channel of its route.
    """
    r = T_REMINDER
    with ctx.db.write() as session:
        condition = r.c.status == "failed"
        if keys:
            found = set(session.execute(select(r.c.key).where(r.c.key.in_(list(keys)))).scalars())
            missing = [k for k in keys if k not in found]
            if missing:
                raise NotFoundError("reminder", missing[0], [])
            condition = and_(condition, r.c.key.in_(list(keys)))
        # Each goes back to the first channel of its route (the cause has been fixed).
        firsts: dict[str | None, list[int]] = {}
        for row in session.execute(select(r.c.id, r.c.route).where(condition)):
            route = routing.parse(row.route)
            firsts.setdefault(route[0] if route else None, []).append(row.id)
        count = 0
        for first, ids in firsts.items():
            values: dict[str, Any] = {
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": ctx.clock.now(),
            }
            if first is not None:
                values["channel"] = first
            result = session.execute(update(r).where(r.c.id.in_(ids)).values(**values))
            count += int(getattr(result, "rowcount", 0))
        return count
