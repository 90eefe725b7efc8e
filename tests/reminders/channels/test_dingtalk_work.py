"""DingTalk work notices against a local server that answers as DingTalk documents."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.clock import FixedClock
from qy_landing.config import Config, DingTalkWorkSettings, Secret
from qy_landing.reminders.channels import (
    Channels,
    Outgoing,
    PermanentDeliveryError,
    RateLimitedError,
    Recipient,
)
from qy_landing.reminders.channels.shared import MemoryShared
from tests.reminders.fakes import FakeDingTalk, serve

SECRET = "dingtalk-app-secret-0123456789"
LI = Recipient(id=2, name="李娜", unit="环县", dingtalk="manager4220")


def message(recipient: Recipient = LI) -> Outgoing:
    return Outgoing(
        id=2,
        key="monthly:2:2026-10",
        kind="monthly",
        period="2026-10",
        channel="dingtalk_work",
        lang="en",
        title="Dispatch digest 2026-10: 李娜 (1 project)",
        body="1. 环县 100MW 风电项目",
        recipient=recipient,
    )


@pytest.fixture
def dingtalk():
    fake = FakeDingTalk(app_id="dingappkey01", secret=SECRET, agent_id=2950001)
    with serve(fake) as url:
        fake.url = url
        yield fake


def channel(fake, **settings):
    values = {
        "app_key": "dingappkey01",
        "app_secret": Secret(SECRET),
        "agent_id": 2950001,
        "base_url": fake.url,
        **settings,
    }
    clock = FixedClock.on(date(2026, 10, 12))
    channels = Channels(
        Config(dingtalk_work=DingTalkWorkSettings(**values)), shared=MemoryShared(clock.now)
    )
    return channels.get("dingtalk_work")


def test_async_send_to_the_persons_userid_keeps_the_task_id(dingtalk):
    """asyncsend_v2 with agent_id, userid_list and markdown; the task id comes back."""
    delivered = channel(dingtalk).send(message())
    assert delivered.external_id == "256271667526" and delivered.receipt == "pending"
    (request,) = dingtalk.sent
    assert request.path == "/topapi/message/corpconversation/asyncsend_v2"
    assert request.query == {"access_token": "TOKEN-1"}
    assert request.body == {
        "agent_id": 2950001,
        "userid_list": "manager4220",
        "msg": {
            "msgtype": "markdown",
            "markdown": {
                "title": "Dispatch digest 2026-10: 李娜 (1 project)",
                "text": "## Dispatch digest 2026-10: 李娜 (1 project)\n\n1. 环县 100MW 风电项目"
                "\n\n> Reminder key: monthly:2:2026-10",
            },
        },
    }


@pytest.mark.parametrize("outcome", ["read", "unread", "failed", "forbidden", "invalid"])
def test_the_send_result_names_what_happened_to_the_person(dingtalk, outcome):
    """getsendresult: the list holding the person's userid is the receipt."""
    sender = channel(dingtalk)
    task = sender.send(message()).external_id
    assert sender.receipt(task, "manager4220") == "pending"  # not processed yet
    dingtalk.report(int(task), "manager4220", outcome)
    assert sender.receipt(task, "Manager4220") == outcome


def test_an_invalid_token_is_replaced_once(dingtalk):
    """errcode 88 with sub_code 40014 from the send: a new token, the send repeated."""
    sender = channel(dingtalk)
    sender.send(message())
    dingtalk.expire_tokens()
    sender.send(message())
    assert dingtalk.token_calls == 2 and len(dingtalk.sent) == 2


def test_flow_control_answers_are_rate_limits(dingtalk):
    """90018 (requests temporarily disabled for too many calls): wait and try again."""
    dingtalk.fail({"errcode": 90018, "errmsg": "请求被暂时禁用"})
    with pytest.raises(RateLimitedError, match="90018"):
        channel(dingtalk).send(message())


def test_wrong_app_credentials_or_no_userid_are_permanent(dingtalk):
    """40089 at gettoken (bad key/secret) and a person without userid fall through."""
    with pytest.raises(PermanentDeliveryError, match="gettoken errcode 40089"):
        channel(dingtalk, app_secret=Secret("not-the-secret")).send(message())
    with pytest.raises(PermanentDeliveryError, match="no DingTalk userid"):
        channel(dingtalk).send(message(Recipient(3, "孙七", "环县")))
