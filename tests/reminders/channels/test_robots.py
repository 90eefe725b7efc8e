"""What every group robot shares: errcode failures, 20 messages a minute per robot."""

from __future__ import annotations

import pytest

from qy_landing.config import Config, Robot, RobotSettings, Secret
from qy_landing.errors import DeliveryError, PermanentDeliveryError
from qy_landing.reminders.channels import Channels, Recipient
from tests.reminders.channels.support import FakeTime, message, robots


def test_robot_errcode_is_a_failure(receiver):
    """HTTP 200 with errcode ≠ 0 (e.g. a bad key) is a failed delivery."""
    receiver.responses = [(200, {"errcode": 93000, "errmsg": "invalid webhook url"})]
    config = Config(wecom=robots(receiver, "/send?key=BAD"))
    with pytest.raises(DeliveryError, match="errcode 93000"):
        Channels(config).get("wecom").send(message())


def test_robot_channels_wait_to_stay_within_20_messages_a_minute(receiver):
    """25 messages to one robot: 20 at once, the other 5 a minute later; never 21 in 60 s."""
    fake = FakeTime()
    sent_at: list[float] = []
    config = Config(wecom=robots(receiver, "/send?key=K"))
    channels = Channels(config, clock=fake.clock, sleep=fake.sleep)
    wecom = channels.get("wecom")
    for i in range(25):
        wecom.send(message(key=f"k{i}"))
        sent_at.append(fake.now)
    assert len(receiver.requests) == 25
    assert sent_at == [0.0] * 20 + [60.0] * 5
    assert all(sum(1 for t in sent_at if start <= t < start + 60) <= 20 for start in sent_at)


def test_each_robot_has_its_own_limit(receiver):
    """A unit's own robot is limited apart from the default one."""
    fake = FakeTime()
    settings = RobotSettings(
        default=Robot(Secret(f"{receiver.url}/default")),
        units={"环县": Robot(Secret(f"{receiver.url}/huanxian"))},
        rate_per_minute=2,
    )
    channels = Channels(Config(wecom=settings), clock=fake.clock, sleep=fake.sleep)
    other = Recipient(id=3, name="王五", unit="庆城县")
    for _ in range(2):
        channels.get("wecom").send(message())
        channels.get("wecom").send(message(recipient=other))
    assert fake.slept == []
    assert sorted(r.path for r in receiver.requests) == [
        "/default",
        "/default",
        "/huanxian",
        "/huanxian",
    ]


def test_unconfigured_channels_fail_permanently():
    """No robot URL, no SMTP host: retrying cannot help, so it is permanent."""
    channels = Channels(Config())
    for name in ("wecom", "dingtalk", "webhook", "email"):
        with pytest.raises(PermanentDeliveryError):
            channels.get(name).send(message())
