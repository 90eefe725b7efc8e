"""WeCom / 政务微信 app messages against a local server that answers as WeCom documents."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.clock import FixedClock
from qy_landing.config import Config, Secret, WeComAppSettings
from qy_landing.reminders.channels import (
    Channels,
    DeliveryError,
    Outgoing,
    PermanentDeliveryError,
    RateLimitedError,
    Recipient,
)
from qy_landing.reminders.channels.shared import MemoryShared
from tests.reminders.fakes import FakeWeCom, serve

SECRET = "wecom-app-secret-0123456789"
ZHANG = Recipient(id=1, name="张伟", unit="环县", phone="13800000001", wecom="ZhangWei")


def message(body: str = "项目备案已逾期 3 个工作日", recipient: Recipient = ZHANG) -> Outgoing:
    return Outgoing(
        id=1,
        key="overdue:1:2026-09-04:1:1",
        kind="overdue",
        period="2026-10",
        channel="wecom_app",
        lang="zh",
        title="【逾期督办】环县风电：项目备案已逾期 3 个工作日",
        body=body,
        recipient=recipient,
    )


@pytest.fixture
def wecom():
    fake = FakeWeCom(app_id="ww0123456789", secret=SECRET)
    with serve(fake) as url:
        fake.url = url
        yield fake


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock.on(date(2026, 10, 12))


def channels(fake, clock, shared=None, **settings) -> Channels:
    values = {
        "corp_id": "ww0123456789",
        "agent_id": 1000002,
        "secret": Secret(SECRET),
        "base_url": fake.url,
        **settings,
    }
    config = Config(wecom_app=WeComAppSettings(**values))
    return Channels(config, shared=shared or MemoryShared(clock.now))


def test_sends_markdown_to_the_person_with_a_token_fetched_once(wecom, clock):
    """gettoken once for two messages; message/send gets touser, agentid, markdown, dedup."""
    sender = channels(wecom, clock).get("wecom_app")
    delivered = sender.send(message())
    sender.send(message())
    assert wecom.token_calls == 1
    assert delivered.external_id == "msg-1"
    first = wecom.sent[0]
    assert first.path == "/cgi-bin/message/send"
    assert first.query == {"access_token": "TOKEN-1"}
    assert first.body == {
        "touser": "ZhangWei",
        "agentid": 1000002,
        "enable_duplicate_check": 1,
        "duplicate_check_interval": 1800,
        "msgtype": "markdown",
        "markdown": {
            "content": "## 【逾期督办】环县风电：项目备案已逾期 3 个工作日\n\n"
            "项目备案已逾期 3 个工作日\n\n> 提醒编号：overdue:1:2026-09-04:1:1"
        },
    }


def test_a_token_is_fetched_again_when_its_lifetime_is_over(wecom, clock):
    """expires_in 7200 s: after two hours a new token is fetched before sending."""
    sender = channels(wecom, clock).get("wecom_app")
    sender.send(message())
    clock.advance(seconds=7200 - 600)
    sender.send(message())
    assert wecom.token_calls == 1
    clock.advance(seconds=400)  # within the 5-minute margin of the expiry
    sender.send(message())
    assert wecom.token_calls == 2
    assert [r.query["access_token"] for r in wecom.sent] == ["TOKEN-1", "TOKEN-1", "TOKEN-2"]


@pytest.mark.parametrize("code", [42001, 40014])
def test_a_token_the_platform_calls_invalid_is_replaced_and_the_send_repeated(wecom, clock, code):
    """The server ends the token early (42001/40014): one new token, the message sent once."""
    sender = channels(wecom, clock).get("wecom_app")
    sender.send(message())
    if code == 42001:
        wecom.expire_tokens()
    else:
        wecom.valid.clear()
        wecom.tokens.clear()  # an unknown token: 40014
    sender.send(message())
    assert wecom.token_calls == 2
    assert [r.query["access_token"] for r in wecom.sent] == ["TOKEN-1", "TOKEN-2"]


def test_two_senders_sharing_the_database_fetch_one_token(wecom, ctx):
    """Two processes' channels over one database share the token (gettoken once)."""
    from qy_landing.reminders.shared_db import DatabaseShared

    first = channels(wecom, ctx.clock, DatabaseShared(ctx)).get("wecom_app")
    second = channels(wecom, ctx.clock, DatabaseShared(ctx)).get("wecom_app")
    first.send(message())
    second.send(message())
    assert wecom.token_calls == 1
    from sqlalchemy import text

    with ctx.db.engine.connect() as connection:
        stored = connection.execute(text("SELECT name, token FROM channel_token")).all()
    assert [tuple(row) for row in stored] == [
        (f"wecom_app:{wecom.url}:ww0123456789:1000002", "TOKEN-1")
    ]
    assert all(SECRET not in str(value) for row in stored for value in row)


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        ({"errcode": 45009, "errmsg": "api freq out of limit"}, RateLimitedError),
        ({"errcode": 45033, "errmsg": "api concurrent out of limit"}, RateLimitedError),
        ({"errcode": 60111, "errmsg": "userid not found"}, PermanentDeliveryError),
        ({"errcode": 48002, "errmsg": "api forbidden"}, PermanentDeliveryError),
        ({"errcode": -1, "errmsg": "system busy"}, DeliveryError),
    ],
)
def test_error_codes_map_to_retry_rate_limit_or_permanent(wecom, clock, answer, error):
    """45009/45033 wait, 60111/48002 fall through, −1 is an ordinary retry."""
    wecom.fail(answer)
    with pytest.raises(error) as caught:
        channels(wecom, clock).get("wecom_app").send(message())
    assert type(caught.value) is error
    assert f"errcode {answer['errcode']}" in str(caught.value)


def test_a_person_outside_the_apps_visible_range_is_a_permanent_failure(wecom, clock):
    """errcode 81013 (all recipients invalid) cannot be helped by retrying."""
    wecom.unreachable.add("ZhangWei")
    with pytest.raises(PermanentDeliveryError, match="81013"):
        channels(wecom, clock).get("wecom_app").send(message())


def test_a_wrong_secret_is_permanent_and_never_echoed(wecom, clock):
    """gettoken answers 40001 for a bad secret: permanent, and the secret is not in the error."""
    sender = channels(wecom, clock, secret=Secret("wrong-secret-987654321")).get("wecom_app")
    with pytest.raises(PermanentDeliveryError) as caught:
        sender.send(message())
    assert "gettoken errcode 40001" in str(caught.value)
    assert "wrong-secret" not in str(caught.value)


def test_without_a_wecom_id_or_configuration_the_channel_cannot_deliver(wecom, clock):
    """No user id, or no corp id/agent id/secret: permanent (the next channel is tried)."""
    with pytest.raises(PermanentDeliveryError, match="no WeCom user id"):
        channels(wecom, clock).get("wecom_app").send(
            message(recipient=Recipient(2, "李娜", "环县"))
        )
    with pytest.raises(PermanentDeliveryError, match="not configured"):
        Channels(Config()).get("wecom_app").send(message())
    assert wecom.token_calls == 0


def test_a_zhengwu_deployment_is_reached_at_its_own_base_url(clock):
    """政务微信: the same API under the deployment's address (here a path prefix)."""
    fake = FakeWeCom(app_id="ww0123456789", secret=SECRET, prefix="/zwwx")
    with serve(fake) as url:
        fake.url = url
        sender = channels(fake, clock, base_url=f"{url}/zwwx").get("wecom_app")
        sender.send(message())
    assert [r.path for r in fake.sent] == ["/zwwx/cgi-bin/message/send"]


def test_text_card_carries_a_short_description_and_the_link(wecom, clock):
    """msgtype textcard: title ≤ 128 bytes, description ≤ 512 bytes with the key, url, button."""
    sender = channels(
        wecom, clock, msgtype="textcard", card_url="https://oa.example.gov.cn/luodi"
    ).get("wecom_app")
    sender.send(message(body="环县风电项目 用地预审与选址意见书 逾期 3 个工作日\n" * 40))
    card = wecom.sent[0].body["textcard"]
    assert wecom.sent[0].body["msgtype"] == "textcard"
    assert card["url"] == "https://oa.example.gov.cn/luodi" and card["btntxt"] == "详情"
    assert len(card["description"].encode("utf-8")) <= 512
    assert card["description"].endswith("…\n提醒编号：overdue:1:2026-09-04:1:1")


def test_long_markdown_goes_in_parts_of_at_most_2048_bytes(wecom, clock):
    """message/send takes ≤ 2048 bytes of markdown: a long digest goes as numbered parts."""
    body = "\n".join(
        f"{i:03d} 环县风电项目 用地预审与选址意见书 剩余 5 个工作日" for i in range(80)
    )
    channels(wecom, clock).get("wecom_app").send(message(body))
    contents = [r.body["markdown"]["content"] for r in wecom.sent]
    assert len(contents) >= 3
    assert all(len(c.encode("utf-8")) <= 2048 for c in contents)
    assert f"（1/{len(contents)}）" in contents[0]
