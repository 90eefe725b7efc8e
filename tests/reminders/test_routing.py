"""Routing: routes per person and role, fall-through once per failure, where it was delivered."""

from __future__ import annotations

from datetime import timedelta

import pytest

from qy_landing.config import Config, RoutingSettings, Secret, WebhookSettings
from qy_landing.reminders.deliver import list_reminders, requeue_failed, send_pending
from qy_landing.reminders.generate import generate
from qy_landing.reminders.routing import next_channel, route_for
from tests.reminders.conftest import set_route

OFFICE_ROUTES = RoutingSettings(
    roles={
        "first_responsible": ("wecom_app", "sms", "email"),
        "direct_responsible": ("wecom_app", "email"),
        "supervisor": ("sms",),
    },
    default=("email",),
)


def rows_by_person(ctx):
    rows, _ = list_reminders(ctx, limit=None)
    return {row.person: row for row in rows}


def test_a_persons_own_route_comes_before_the_office_default():
    """Own channel + fallbacks win; else the strongest role's route; else the default."""
    assert route_for("dingtalk_work", "sms,email", ["first_responsible"], False, OFFICE_ROUTES) == (
        "dingtalk_work",
        "sms",
        "email",
    )
    assert route_for("email", "", ["first_responsible"], False, OFFICE_ROUTES) == ("email",)
    assert route_for(
        "console", None, ["direct_responsible", "first_responsible"], False, OFFICE_ROUTES
    ) == (
        "wecom_app",
        "sms",
        "email",
    )
    assert route_for("console", None, ["first_responsible"], True, OFFICE_ROUTES) == ("sms",)
    assert route_for("console", None, ["commissioner"], False, OFFICE_ROUTES) == ("email",)
    assert route_for("webhook", None, [], False, RoutingSettings()) == ("webhook",)
    assert next_channel(("wecom_app", "sms"), "wecom_app") == "sms"
    assert next_channel(("wecom_app", "sms"), "sms") is None


def test_an_undeliverable_message_falls_through_once_and_records_the_channel(octx, platforms):
    """张伟 is outside the WeCom app's range (81013): SMS delivers it; 李娜 gets it by WeCom."""
    set_route(octx, "张伟")
    set_route(octx, "李娜")
    platforms.wecom.unreachable.add("zhangwei")
    generate(octx, kind="monthly")
    config = platforms.config(routing=OFFICE_ROUTES)
    report = send_pending(octx, config=config)
    assert (report.sent, report.fell_through, report.failed, report.retried) == (2, 1, 0, 0)
    rows = rows_by_person(octx)
    zhang, li = rows["张伟"], rows["李娜"]
    assert zhang.route == ("wecom_app", "sms", "email")
    assert (zhang.status, zhang.delivered_via, zhang.receipt) == ("sent", "sms", "pending")
    assert zhang.external_id == "2433:00000001"
    assert zhang.last_error.startswith("wecom_app: message/send errcode 81013")
    assert zhang.last_error.endswith("→ sms")
    assert (li.delivered_via, li.route, li.last_error) == (
        "wecom_app",
        ("wecom_app", "email"),
        None,
    )
    assert [r.body["touser"] for r in platforms.wecom.sent] == ["zhangwei", "lina"]
    assert platforms.sms.sent[0].body["PhoneNumberSet"] == ["+8613800000001"]
    assert send_pending(octx, config=config).sent == 0  # nothing twice


def test_a_rate_limited_answer_waits_on_the_same_channel_without_using_an_attempt(octx, platforms):
    """45009 from WeCom: still wecom_app, attempts 0, tried again after at least a minute."""
    set_route(octx, "张伟")
    set_route(octx, "李娜")
    generate(octx, kind="monthly")
    platforms.wecom.fail({"errcode": 45009, "errmsg": "api freq out of limit"})
    config = platforms.config(routing=OFFICE_ROUTES)
    report = send_pending(octx, config=config)
    assert (report.sent, report.retried, report.fell_through) == (1, 1, 0)
    (waiting,) = list_reminders(octx, status="pending")[0]
    assert (waiting.channel, waiting.attempts) == ("wecom_app", 0)
    assert waiting.next_attempt_at >= octx.clock.now() + timedelta(seconds=60)
    octx.clock.advance(seconds=91)
    assert send_pending(octx, config=config).sent == 1
    assert rows_by_person(octx)[waiting.person].delivered_via == "wecom_app"


def test_retries_used_up_on_one_channel_fall_through_to_the_next(octx, platforms, receiver):
    """WeCom busy (−1) twice with max_attempts 2: the webhook fallback then delivers it."""
    set_route(octx, "张伟", "wecom_app", "webhook")
    generate(
        octx,
        kind="monthly",
    )
    platforms.wecom.fail(*[{"errcode": -1, "errmsg": "system busy"}] * 2)
    config = platforms.config(
        max_attempts=2, webhook=WebhookSettings(url=Secret(f"{receiver.url}/hook"))
    )
    for _ in range(3):
        send_pending(octx, config=config)
        octx.clock.advance(seconds=200)
    zhang = rows_by_person(octx)["张伟"]
    assert (zhang.status, zhang.delivered_via, zhang.attempts) == ("sent", "webhook", 1)
    assert zhang.last_error == "wecom_app: message/send errcode -1: system busy → webhook"
    assert receiver.keys() == [zhang.key]


def test_after_the_last_channel_the_reminder_fails_and_retry_starts_the_route_again(
    octx, platforms
):
    """No WeCom id and no mobile: wecom_app → sms → failed; `remind retry` starts at wecom_app."""
    set_route(octx, "张伟", "wecom_app", "sms", wecom=None, phone=None)
    generate(octx, kind="monthly")
    config = platforms.config()
    report = send_pending(octx, config=config)
    assert (report.fell_through, report.failed) == (1, 1)
    zhang = rows_by_person(octx)["张伟"]
    assert (zhang.status, zhang.channel, zhang.delivered_via) == ("failed", "sms", None)
    assert zhang.last_error == "sms: 张伟 has no mobile number"
    assert requeue_failed(octx, [zhang.key]) == 1
    again = rows_by_person(octx)["张伟"]
    assert (again.status, again.channel, again.attempts) == ("pending", "wecom_app", 0)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_route_is_fixed_when_the_reminder_is_first_claimed(octx, platforms):
    """A person's route changed after the first attempt does not move the reminder."""
    set_route(octx, "张伟", "wecom_app", "sms")
    generate(octx, kind="monthly")
    platforms.wecom.fail({"errcode": -1, "errmsg": "busy"})
    config = platforms.config()
    send_pending(octx, config=config)
    set_route(octx, "张伟", "email", "")
    octx.clock.advance(seconds=120)
    send_pending(octx, config=config)
    zhang = rows_by_person(octx)["张伟"]
    assert (zhang.route, zhang.delivered_via) == (("wecom_app", "sms"), "wecom_app")


def test_a_reminder_without_configured_routes_keeps_its_channel(octx):
    """No [routing] and no fallbacks: every reminder goes to its person's channel only."""
    generate(octx, kind="monthly")
    report = send_pending(octx, config=Config())
    rows, _ = list_reminders(octx, limit=None)
    assert report.sent == 2
    assert {(r.route, r.delivered_via) for r in rows} == {(("console",), "console")}
