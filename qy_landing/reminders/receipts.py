"""Delivery results that platforms report after accepting a message.

- **DingTalk work notices** are sent asynchronously: the outbox row keeps the task id
  (``external_id``) and, ``receipt_after_seconds`` after sending, the task's result is asked
  for (``getsendresult``): ``read``, ``unread`` (asked again hourly for three days, until
  read), or ``failed`` / ``forbidden`` / ``invalid``.
- **SMS** receipts are pulled from the gateway (``PullSmsSendStatus``), matched by the
  serial number kept in ``external_id``: ``delivered`` or ``failed``.

What was reported is kept in ``receipt`` (shown by ``remind list``). A message reported
undelivered falls through to the next channel of its route (once: the update only
applies to a row still recorded as sent by that channel with that id), or is ``failed``
after the last one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update

from qy_landing.config import Config
from qy_landing.errors import DeliveryError, Msg
from qy_landing.i18n import Term
from qy_landing.reminders import routing
from qy_landing.reminders.channels import Channels, answers
from qy_landing.reminders.channels.dingtalk_work import UNDELIVERED, DingTalkWorkChannel
from qy_landing.reminders.channels.sms import SmsChannel
from qy_landing.reminders.failures import ERROR_MAX, failure
from qy_landing.services.context import Context
from qy_landing.store.models import Person, Reminder, table_of

log = logging.getLogger("qy_landing.reminders")

T_REMINDER = table_of(Reminder)
T_PERSON = table_of(Person)
FOLLOW_FOR = timedelta(days=3)  # results are asked for this long after sending
UNREAD_EVERY = timedelta(hours=1)  # an unread message is asked about again this often
BATCH = 200
PULL_ROUNDS = 10  # SMS receipts: at most this many pulls of 100 per run


@dataclass
class ReceiptReport:
    checked: int = 0  # results received and recorded
    fell_through: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)
    # the catalogue message of a problem, by its index in problems, when the channel gave one
    problem_msgs: dict[int, Msg] = field(default_factory=dict)

    def problem(self, exc: DeliveryError, config: Config) -> None:
        """Record a failed receipt request (its message in the reader's language kept)."""
        if exc.msg is not None:
            self.problem_msgs[len(self.problems)] = exc.msg
        self.problems.append(config.redact(str(exc))[:ERROR_MAX])


def _settle(
    ctx: Context,
    *,
    reminder_id: int,
    channel: str,
    external_id: str,
    route: str | None,
    receipt: str,
    detail: str,
    report: ReceiptReport,
) -> None:
    """Record ``receipt``; an undelivered message falls through (or fails) exactly once."""
    r = T_REMINDER
    now = ctx.clock.now()
    values: dict[str, Any] = {"receipt": receipt, "receipt_at": now}
    undelivered = receipt in UNDELIVERED
    if undelivered:
        error = failure(
            Msg(
                "remind.failure.receipt",
                who=answers.who(channel),
                receipt=Term("remind.receipt", receipt),
                detail=answers.detail(detail),
            )
        )
        following = routing.next_channel(routing.parse(route), channel)
        if following is not None:
            values.update(
                status="pending",
                channel=following,
                attempts=0,
                next_attempt_at=now,
                sent_at=None,
                delivered_via=None,
                **error.then(following).values(),
            )
        else:
            values.update(status="failed", **error.values())
    with ctx.db.write() as session:
        result = session.execute(
            update(r)
            .where(
                r.c.id == reminder_id,
                r.c.status == "sent",
                r.c.delivered_via == channel,
                r.c.external_id == external_id,
            )
            .values(**values)
        )
        changed = bool(getattr(result, "rowcount", 1))
    if not changed:
        return
    report.checked += 1
    if undelivered:
        if values["status"] == "pending":
            report.fell_through += 1
        else:
            report.failed += 1


def _dingtalk(ctx: Context, config: Config, channels: Channels, report: ReceiptReport) -> None:
    r, p = T_REMINDER, T_PERSON
    now = ctx.clock.now()
    after = timedelta(seconds=config.dingtalk_work.receipt_after_seconds)
    due = or_(
        and_(
            r.c.receipt == "pending", or_(r.c.receipt_at.is_(None), r.c.receipt_at <= now - after)
        ),
        and_(r.c.receipt == "unread", r.c.receipt_at <= now - UNREAD_EVERY),
    )
    query = (
        select(r.c.id, r.c.external_id, r.c.route, p.c.dingtalk)
        .join(p, p.c.id == r.c.person_id)
        .where(
            r.c.receipt.in_(["pending", "unread"]),
            r.c.status == "sent",
            r.c.delivered_via == "dingtalk_work",
            r.c.sent_at <= now - after,
            r.c.sent_at >= now - FOLLOW_FOR,
            due,
        )
        .order_by(r.c.id)
        .limit(BATCH)
    )
    with ctx.db.read() as session:
        rows = session.execute(query).all()
    if not rows:
        return
    channel = channels.get("dingtalk_work")
    assert isinstance(channel, DingTalkWorkChannel)
    for row in rows:
        try:
            receipt = channel.receipt(row.external_id, row.dingtalk or "")
        except DeliveryError as exc:
            report.problem(exc, config)
            log.warning("could not get DingTalk send results: %s", exc)
            return
        if receipt == "pending":
            with ctx.db.write() as session:
                session.execute(update(r).where(r.c.id == row.id).values(receipt_at=now))
            continue
        _settle(
            ctx,
            reminder_id=row.id,
            channel="dingtalk_work",
            external_id=row.external_id,
            route=row.route,
            receipt=receipt,
            detail="",
            report=report,
        )


def _sms(ctx: Context, config: Config, channels: Channels, report: ReceiptReport) -> None:
    r = T_REMINDER
    now: datetime = ctx.clock.now()
    awaiting = (
        select(r.c.id)
        .where(
            r.c.receipt == "pending",
            r.c.status == "sent",
            r.c.delivered_via == "sms",
            r.c.sent_at >= now - FOLLOW_FOR,
        )
        .limit(1)
    )
    with ctx.db.read() as session:
        if session.execute(awaiting).first() is None:
            return
    channel = channels.get("sms")
    assert isinstance(channel, SmsChannel)
    for _ in range(PULL_ROUNDS):
        try:
            found = channel.pull_receipts(100)
        except DeliveryError as exc:
            report.problem(exc, config)
            log.warning("could not pull SMS receipts: %s", exc)
            return
        if not found:
            return
        serials = [serial for serial, _, _ in found]
        with ctx.db.read() as session:
            rows = {
                row.external_id: row
                for row in session.execute(
                    select(r.c.id, r.c.external_id, r.c.route).where(
                        r.c.external_id.in_(serials), r.c.delivered_via == "sms"
                    )
                )
            }
        for serial, receipt, detail in found:
            row = rows.get(serial)
            if row is None:  # another application's message, or one we no longer follow
                continue
            _settle(
                ctx,
                reminder_id=row.id,
                channel="sms",
                external_id=serial,
                route=row.route,
                receipt=receipt,
                detail=detail,
                report=report,
            )
        if len(found) < 100:
            return


def check_receipts(ctx: Context, *, config: Config, channels: Channels) -> ReceiptReport:
    """Ask the platforms for the results they owe and record them (see the module doc)."""
    report = ReceiptReport()
    if config.dingtalk_work.configured:
        _dingtalk(ctx, config, channels, report)
    if config.sms.configured:
        _sms(ctx, config, channels, report)
    return report
