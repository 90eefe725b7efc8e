"""Sending the outbox: claims, retries with backoff, giving up, takeover after a crash."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from qy_landing.clock import FixedClock
from qy_landing.config import Config, Secret, WebhookSettings
from qy_landing.reminders.deliver import (
    claim,
    list_reminders,
    requeue_failed,
    send_pending,
)
from qy_landing.reminders.generate import generate
from qy_landing.services.context import Context
from tests.reminders.conftest import build_crowd, use_channel

sqlite_only = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
SECRET = "SECRETTOKEN1234567"


def webhook(receiver, **settings) -> Config:
    return Config(
        webhook=WebhookSettings(url=Secret(f"{receiver.url}/hook?token={SECRET}")), **settings
    )


def statuses(ctx: Context) -> Counter[str]:
    rows, _ = list_reminders(ctx, limit=None)
    return Counter(r.status for r in rows)


def test_each_pending_reminder_is_sent_once_and_marked_sent(octx, receiver):
    """Seven reminders, seven deliveries; a second run has nothing to send."""
    use_channel(octx, "webhook")
    generate(octx)
    config = webhook(receiver)
    report = send_pending(octx, config=config)
    assert (report.sent, report.retried, report.failed) == (7, 0, 0)
    assert send_pending(octx, config=config).sent == 0
    rows, _ = list_reminders(octx, limit=None)
    assert sorted(receiver.keys()) == sorted(r.key for r in rows)
    assert all(r.status == "sent" and r.sent_at is not None and r.attempts == 1 for r in rows)


def test_http_500_is_retried_after_a_backoff_then_sent(octx, receiver):
    """The first answer is 500: that reminder waits 30–60 s (backoff 60 s with jitter)."""
    use_channel(octx, "webhook")
    generate(octx, kind="monthly")
    receiver.responses = [(500, {"error": "busy"}), (200, {})]
    config = webhook(receiver)
    report = send_pending(octx, config=config)
    assert (report.sent, report.retried, report.failed) == (1, 1, 0)
    (waiting,) = list_reminders(octx, status="pending")[0]
    assert waiting.attempts == 1 and waiting.last_error == (
        "HTTP 500 (server error at the platform): Internal Server Error"
    )
    now = octx.clock.now()
    assert now + timedelta(seconds=30) <= waiting.next_attempt_at <= now + timedelta(seconds=60)
    assert send_pending(octx, config=config).sent == 0  # not due yet
    octx.clock.advance(seconds=61)
    assert send_pending(octx, config=config).sent == 1
    assert statuses(octx) == Counter(sent=2)
    assert Counter(receiver.keys())[waiting.key] == 2


def test_after_max_attempts_a_reminder_is_failed_and_listed(octx, receiver):
    """Always 500: failed after 3 attempts, listed with its error, and no secret in it."""
    use_channel(octx, "webhook")
    generate(octx, kind="monthly")
    receiver.responses = [(500, {})]
    config = webhook(receiver, max_attempts=3)
    failed = 0
    for _ in range(3):
        failed += send_pending(octx, config=config).failed
        octx.clock.advance(hours=7)
    assert failed == 2
    rows, total = list_reminders(octx, status="failed")
    assert total == 2
    assert all(r.attempts == 3 and r.last_error.startswith("HTTP 500") for r in rows)
    assert all(SECRET not in (r.last_error or "") for r in rows)
    assert len(receiver.requests) == 6


@sqlite_only
def test_failed_reminders_can_be_queued_again(octx, receiver):
    """After the office fixes the cause, `remind retry` sends them."""
    use_channel(octx, "email")  # e-mail is not configured: fails at once, permanently
    generate(octx, kind="monthly")
    report = send_pending(octx, config=webhook(receiver))
    assert (report.failed, report.retried) == (2, 0)
    assert "email" in report.problems[0][1]
    use_channel(octx, "webhook")
    assert requeue_failed(octx) == 2
    assert statuses(octx) == Counter(pending=2)


def test_a_claim_left_by_a_dead_sender_is_taken_over_after_it_expires(octx, receiver):
    """Claimed and never finished: other senders leave it alone until the claim expires."""
    use_channel(octx, "webhook")
    generate(octx, kind="monthly")
    config = webhook(receiver, claim_seconds=300)
    taken, _ = claim(octx, worker="dead-sender", limit=10, config=config)
    assert len(taken) == 2
    assert send_pending(octx, config=config).sent == 0
    octx.clock.advance(seconds=301)
    assert send_pending(octx, config=config).sent == 2
    rows, _ = list_reminders(octx, limit=None)
    assert {r.attempts for r in rows} == {2}


@sqlite_only
def test_a_reminder_whose_senders_keep_dying_is_given_up(octx, receiver):
    """A reminder that kills its sender every time is marked failed, not retried forever."""
    use_channel(octx, "webhook")
    generate(octx, kind="monthly")
    config = webhook(receiver, max_attempts=2, claim_seconds=60)
    for worker in ("dead-1", "dead-2"):
        claim(octx, worker=worker, limit=10, config=config)
        octx.clock.advance(seconds=61)
    report = send_pending(octx, config=config)
    assert (report.sent, report.failed) == (0, 2)
    rows = list_reminders(octx, limit=None)[0]
    assert all("sender stopped" in r.last_error for r in rows)
    assert {r.error_text("zh") for r in rows} == {"发送程序在发送中途停止，已 2 次"}
    assert set(report.problem_msgs) == {0, 1}  # remind send shows them in zh too


def test_two_senders_at_once_deliver_every_reminder_exactly_once(ctx, db_url, receiver):
    """Senders in parallel claim disjoint rows (SKIP LOCKED on PostgreSQL)."""
    build_crowd(ctx, 24, channel="webhook")
    generate(ctx, kind="monthly")
    receiver.delay = 0.01
    config = webhook(receiver, batch_size=3)
    barrier = threading.Barrier(2)
    reports = []

    def run(worker: str) -> None:
        other = Context.open(db_url, actor="发送", clock=FixedClock.on(ctx.today()))
        try:
            barrier.wait()
            reports.append(send_pending(other, config=config, worker=worker))
        finally:
            other.db.dispose()

    threads = [threading.Thread(target=run, args=(f"w{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.sent for r in reports) == 24
    assert Counter(receiver.keys()).most_common(1)[0][1] == 1
    assert len(receiver.keys()) == 24


def test_killed_sender_loses_nothing_and_repeats_at_most_the_message_in_flight(
    ctx, db_url, receiver, tmp_path: Path
):
    """A real `remind send` killed with SIGKILL midway; the next sender finishes the job."""
    names = build_crowd(ctx, 8, channel="webhook")
    generate(ctx, kind="monthly")
    receiver.delay = 0.3
    config_file = tmp_path / "qy-landing.toml"
    config_file.write_text(
        f'[channels.webhook]\nurl = "{receiver.url}/hook?token={SECRET}"\n', encoding="utf-8"
    )
    command = [str(Path(sys.executable).with_name("qy-landing")), "--db", db_url, "remind", "send"]
    env = {**os.environ, "QY_LANDING_CONFIG": str(config_file)}
    sender = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        receiver.wait_for(3)
    finally:
        os.kill(sender.pid, signal.SIGKILL)
        sender.wait()
    statuses_after_kill = statuses(ctx)
    assert statuses_after_kill["sending"] >= 1  # claimed, not finished
    receiver.delay = 0
    ctx.clock = FixedClock(datetime.now(UTC) + timedelta(hours=1))  # the dead claim expired
    send_pending(
        ctx,
        config=Config(webhook=WebhookSettings(url=Secret(f"{receiver.url}/hook?token={SECRET}"))),
    )
    received = Counter(receiver.keys())
    rows, _ = list_reminders(ctx, limit=None)
    assert set(received) == {r.key for r in rows} and len(rows) == len(names)
    assert sum(received.values()) - len(received) <= 1  # only the one in flight, if any
    assert statuses(ctx) == Counter(sent=len(names))


def test_a_multi_part_robot_message_resends_only_its_missing_parts(octx, receiver):
    """Part 2 of a WeCom message fails: the retry sends parts 2… again, never part 1."""
    from qy_landing.config import Robot, RobotSettings

    use_channel(octx, "wecom")
    generate(octx, kind="monthly")
    settings = RobotSettings(default=Robot(Secret(f"{receiver.url}/send?key=K")), max_bytes=300)
    config = Config(wecom=settings, batch_size=1)
    ok = (200, {"errcode": 0, "errmsg": "ok"})
    receiver.responses = [ok, (200, {"errcode": -1, "errmsg": "system busy"}), ok]
    first = send_pending(octx, config=config, limit=1)
    assert (first.sent, first.retried) == (0, 1)
    contents = [r.body["markdown"]["content"] for r in receiver.requests]
    labels = [re.search(r"（(\d+)/(\d+)）", c).groups() for c in contents]
    total = labels[0][1]
    assert labels == [("1", total), ("2", total)] and int(total) >= 3
    (key,) = [r.key for r in list_reminders(octx, limit=None)[0] if r.attempts == 1]
    octx.clock.advance(hours=1)
    assert send_pending(octx, config=config).sent == 2
    resent = [c for c in (r.body["markdown"]["content"] for r in receiver.requests[2:]) if key in c]
    assert [re.search(r"（(\d+)/(\d+)）", c).groups() for c in resent] == [
        (str(i), total) for i in range(2, int(total) + 1)
    ]


def test_a_failure_is_recorded_as_a_message_shown_in_either_language(octx, receiver):
    """HTTP 404, then the fall-through, then e-mail unconfigured: each failure reads in
    Chinese and English from the row; a later delivery clears it."""
    from tests.reminders.conftest import set_route

    set_route(octx, "张伟", "webhook", "email")
    set_route(octx, "李娜", "webhook", "")
    generate(octx, kind="monthly")
    receiver.responses = [(404, {})]
    config = webhook(receiver, max_attempts=1)
    send_pending(octx, config=config, limit=2)  # the fall-through waits for the next run
    by_person = {r.person: r for r in list_reminders(octx, limit=None)[0]}
    moved, stopped = by_person["张伟"], by_person["李娜"]
    assert (moved.status, moved.channel, stopped.status) == ("pending", "email", "failed")
    reason = "请求失败：HTTP 404（地址不存在，请检查配置的地址）；平台原文：Not Found"
    assert moved.error_text("zh") == f"{reason}；改由邮件服务器发送"
    assert (
        moved.error_text("en")
        == moved.last_error
        == ("HTTP 404 (not found: check the configured URL): Not Found → email")
    )
    assert stopped.error_text("zh") == reason
    assert stopped.as_dict()["error_key"] == "remind.delivery.http"
    send_pending(octx, config=config)
    (moved,) = list_reminders(octx, person="张伟")[0]
    assert moved.status == "failed"
    assert moved.error_text("zh") == (
        "email：未配置 channels.email.host、channels.email.from（在 qy-landing.toml 中设置）"
    )
    assert moved.error_text("en") == moved.last_error
    receiver.responses = [(200, {})]
    requeue_failed(octx, [stopped.key])
    send_pending(octx, config=config)
    (stopped,) = list_reminders(octx, person="李娜")[0]
    assert (stopped.status, stopped.last_error, stopped.error) == ("sent", None, None)
