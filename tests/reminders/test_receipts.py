"""Delivery results: DingTalk send results and SMS receipts recorded, failures fall through."""

from __future__ import annotations

import pytest

from qy_landing.config import RoutingSettings
from qy_landing.reminders.deliver import list_reminders, send_pending
from qy_landing.reminders.generate import generate
from qy_landing.reminders.receipts import check_receipts
from tests.reminders.conftest import set_route


def zhang(ctx):
    rows, _ = list_reminders(ctx, person="张伟", limit=None)
    (row,) = rows
    return row


def test_dingtalk_results_are_asked_for_after_a_while_and_unread_again_hourly(octx, platforms):
    """No question before 5 minutes; then unread; an hour later read (and no more questions)."""
    set_route(octx, "张伟", "dingtalk_work", "sms", dingtalk="zhangwei-dt")
    generate(octx, kind="monthly")
    config = platforms.config()
    assert send_pending(octx, config=config).sent == 2
    task = int(zhang(octx).external_id)
    assert (zhang(octx).delivered_via, zhang(octx).receipt) == ("dingtalk_work", "pending")
    platforms.dingtalk.report(task, "zhangwei-dt", "unread")
    send_pending(octx, config=config)
    assert platforms.dingtalk.result_calls == 0
    octx.clock.advance(seconds=301)
    assert send_pending(octx, config=config).receipts == 1
    assert zhang(octx).receipt == "unread"
    platforms.dingtalk.report(task, "zhangwei-dt", "read")
    octx.clock.advance(minutes=30)
    send_pending(octx, config=config)
    assert platforms.dingtalk.result_calls == 1  # unread is asked about hourly
    octx.clock.advance(minutes=31)
    send_pending(octx, config=config)
    assert zhang(octx).receipt == "read"
    octx.clock.advance(hours=2)
    send_pending(octx, config=config)
    assert platforms.dingtalk.result_calls == 2


@pytest.mark.parametrize("outcome", ["failed", "forbidden"])
def test_a_notice_dingtalk_reports_undelivered_falls_through_exactly_once(octx, platforms, outcome):
    """failed/forbidden: the reminder moves on to SMS once, even if results are checked twice."""
    set_route(octx, "张伟", "dingtalk_work", "sms", dingtalk="zhangwei-dt")
    generate(octx, kind="monthly")
    config = platforms.config()
    send_pending(octx, config=config)
    platforms.dingtalk.report(int(zhang(octx).external_id), "zhangwei-dt", outcome)
    octx.clock.advance(seconds=301)
    first = check_receipts(octx, config=config, channels=_channels(config))
    second = check_receipts(octx, config=config, channels=_channels(config))
    assert (first.checked, first.fell_through, second.checked) == (1, 1, 0)
    row = zhang(octx)
    assert (row.status, row.channel, row.receipt) == ("pending", "sms", outcome)
    said = {"failed": ("未送达", "not delivered"), "forbidden": ("超出平台限制", "blocked by")}
    zh, en = said[outcome]
    assert row.last_error.startswith(f"dingtalk_work: the platform reports the message as {en}")
    assert row.last_error.endswith(" → sms")
    assert row.error_text("zh") == f"钉钉工作通知回报消息{zh}；改由短信平台发送"
    report = send_pending(octx, config=config)
    assert report.sent == 1
    assert (zhang(octx).delivered_via, len(platforms.sms.sent)) == ("sms", 1)


def test_sms_receipts_are_pulled_and_matched_by_serial_number(octx, platforms):
    """SUCCESS → delivered; FAIL on the last channel → failed, listed with the carrier's words."""
    set_route(octx, "张伟")
    set_route(octx, "李娜", phone="13800000002")
    generate(octx, kind="monthly")
    config = platforms.config(routing=RoutingSettings(default=("sms",)))
    assert send_pending(octx, config=config).sent == 2
    rows, _ = list_reminders(octx, limit=None)
    serials = {row.person: row.external_id for row in rows}
    platforms.sms.deliver(serials["张伟"])
    platforms.sms.deliver(serials["李娜"], ok=False)
    platforms.sms.deliver("9999:unknown")  # another application's message: ignored
    report = send_pending(octx, config=config)
    assert (report.receipts, report.failed) == (2, 1)
    rows, _ = list_reminders(octx, limit=None)
    by_person = {row.person: row for row in rows}
    assert (by_person["张伟"].status, by_person["张伟"].receipt) == ("sent", "delivered")
    assert (by_person["李娜"].status, by_person["李娜"].receipt) == ("failed", "failed")
    assert by_person["李娜"].last_error == (
        "sms: the platform reports the message as not delivered: 用户关机"
    )
    assert by_person["李娜"].error_text("zh") == "短信平台回报消息未送达；平台原文：用户关机"


def test_nothing_is_asked_when_nothing_awaits_a_result(octx, platforms):
    """Console deliveries: no DingTalk or SMS request at all."""
    generate(octx, kind="monthly")
    send_pending(octx, config=platforms.config())
    assert (platforms.dingtalk.result_calls, platforms.sms.signature_checks) == (0, 0)


def _channels(config):
    from qy_landing.reminders.channels import Channels
    from qy_landing.reminders.channels.shared import MemoryShared

    return Channels(config, shared=MemoryShared())
