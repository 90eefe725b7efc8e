"""Channels against a real HTTP receiver on 127.0.0.1: exact robot bodies, signing, limits."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import urllib.parse

import pytest

from qy_landing.config import Config, Robot, RobotSettings, Secret, WebhookSettings
from qy_landing.errors import DeliveryError, PermanentDeliveryError
from qy_landing.reminders.channels import Channels, Outgoing, Recipient
from qy_landing.reminders.ratelimit import RateLimiter

LI = Recipient(
    id=2,
    name="李娜",
    unit="环县",
    email="lina@example.gov.cn",
    phone="13800000002",
    wecom="lina",
    dingtalk="dt-lina",
)


def message(
    body: str = "项目备案已逾期 3 个工作日",
    lang: str = "zh",
    key: str = "overdue:1:2026-09-04:0:2",
    recipient: Recipient = LI,
) -> Outgoing:
    return Outgoing(
        id=1,
        key=key,
        kind="overdue",
        period="2026-10",
        channel="wecom",
        lang=lang,
        title="【逾期督办】环县风电：项目备案已逾期 3 个工作日",
        body=body,
        recipient=recipient,
    )


class FakeTime:
    """A clock whose sleep moves it forward: rate limits without waiting real minutes."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def robots(receiver, path: str, secret: str | None = None, **extra) -> RobotSettings:
    robot = Robot(Secret(f"{receiver.url}{path}"), Secret(secret) if secret else None)
    return RobotSettings(default=robot, **extra)


def test_wecom_sends_the_exact_markdown_body_with_mention_and_key(receiver):
    """One POST: msgtype markdown, the title, body, key footer and <@userid> mention."""
    config = Config(wecom=robots(receiver, "/cgi-bin/webhook/send?key=WECOMKEY123"))
    Channels(config).get("wecom").send(message())
    (request,) = receiver.requests
    assert request.path == "/cgi-bin/webhook/send"
    assert request.query == {"key": ["WECOMKEY123"]}
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.body == {
        "msgtype": "markdown",
        "markdown": {
            "content": "## 【逾期督办】环县风电：项目备案已逾期 3 个工作日\n\n"
            "项目备案已逾期 3 个工作日\n\n"
            "> 提醒编号：overdue:1:2026-09-04:0:2\n\n<@lina>",
        },
    }


def test_wecom_splits_long_messages_into_numbered_parts_within_4096_bytes(receiver):
    """A 10 000-byte digest goes in parts ≤ 4096 bytes, cut at line ends, each with the key."""
    config = Config(wecom=robots(receiver, "/send?key=K"))
    lines = [f"{i:03d} 环县风电项目 用地预审与选址意见书 剩余 5 个工作日" for i in range(140)]
    body = "\n".join(lines)
    Channels(config).get("wecom").send(message(body))
    contents = [r.body["markdown"]["content"] for r in receiver.requests]
    assert len(contents) >= 3
    total = len(contents)
    for index, content in enumerate(contents, 1):
        assert len(content.encode("utf-8")) <= 4096
        assert f"（{index}/{total}）" in content.splitlines()[0]
        assert f"提醒编号：overdue:1:2026-09-04:0:2（{index}/{total}）" in content
    chunks = [c.split("\n\n", 1)[1].rsplit("\n\n> ", 1)[0] for c in contents]
    assert "\n".join(chunks) == body
    assert contents[0].endswith("<@lina>") and not contents[1].endswith("<@lina>")


def test_dingtalk_signs_the_url_and_sends_markdown_with_at_mobiles(receiver):
    """timestamp + sign = urlencode(base64(HMAC-SHA256(secret, ts\\nsecret))); @mobile in text."""
    secret = "SECdingtalk-secret-0123456789"
    config = Config(dingtalk=robots(receiver, "/robot/send?access_token=DTTOKEN", secret))
    Channels(config).get("dingtalk").send(message(lang="en"))
    (request,) = receiver.requests
    timestamp = request.query["timestamp"][0]
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert request.query["access_token"] == ["DTTOKEN"]
    assert request.query["sign"] == [expected]  # parse_qs undoes the URL encoding
    assert request.path == "/robot/send"
    assert request.body == {
        "msgtype": "markdown",
        "markdown": {
            "title": "【逾期督办】环县风电：项目备案已逾期 3 个工作日",
            "text": "## 【逾期督办】环县风电：项目备案已逾期 3 个工作日\n\n"
            "项目备案已逾期 3 个工作日\n\n"
            "> Reminder key: overdue:1:2026-09-04:0:2\n\n@13800000002",
        },
        "at": {"atMobiles": ["13800000002"], "isAtAll": False, "atUserIds": ["dt-lina"]},
    }


def test_dingtalk_signature_is_url_encoded():
    """The signature goes into the URL percent-encoded (+ / = are not left bare)."""
    from qy_landing.reminders.channels.dingtalk import sign, signed_url

    value = sign("SECx", 1700000000000)
    raw = base64.b64encode(hmac.new(b"SECx", b"1700000000000\nSECx", hashlib.sha256).digest())
    assert value == urllib.parse.quote_plus(raw)
    assert signed_url(
        "https://oapi.dingtalk.com/robot/send?access_token=T", "SECx", 1700000000000
    ).endswith(f"&timestamp=1700000000000&sign={value}")


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


def test_rate_limiter_counts_a_sliding_minute():
    """After a burst, one more message waits until the oldest is a minute old."""
    fake = FakeTime()
    limiter = RateLimiter(3, 60, clock=fake.clock, sleep=fake.sleep)
    for moment in (0, 10, 20):
        fake.now = moment
        assert limiter.acquire() == 0
    fake.now = 30
    assert limiter.acquire() == 30  # waits until 60, when the first leaves the window


def test_webhook_posts_key_kind_person_title_body_period_with_bearer_token(receiver):
    """The generic webhook: a JSON document any receiver can deduplicate by key."""
    config = Config(
        webhook=WebhookSettings(url=Secret(f"{receiver.url}/hook"), token=Secret("tok-123456"))
    )
    Channels(config).get("webhook").send(message())
    (request,) = receiver.requests
    assert request.headers["Authorization"] == "Bearer tok-123456"
    assert request.body == {
        "key": "overdue:1:2026-09-04:0:2",
        "kind": "overdue",
        "period": "2026-10",
        "lang": "zh",
        "person": {"id": 2, "name": "李娜", "unit": "环县"},
        "title": "【逾期督办】环县风电：项目备案已逾期 3 个工作日",
        "body": "项目备案已逾期 3 个工作日",
    }


def test_http_500_is_a_failed_delivery(receiver):
    receiver.responses = [(500, {"error": "boom"})]
    config = Config(webhook=WebhookSettings(url=Secret(f"{receiver.url}/hook")))
    with pytest.raises(DeliveryError, match="HTTP 500"):
        Channels(config).get("webhook").send(message())


def test_unconfigured_channels_fail_permanently():
    """No robot URL, no SMTP host: retrying cannot help, so it is permanent."""
    channels = Channels(Config())
    for name in ("wecom", "dingtalk", "webhook", "email"):
        with pytest.raises(PermanentDeliveryError):
            channels.get(name).send(message())


def test_console_prints_title_body_and_key():
    stream = io.StringIO()
    Channels(Config(), stream=stream).get("console").send(message())
    text = stream.getvalue()
    assert "李娜（环县） · overdue:1:2026-09-04:0:2" in text
    assert "【逾期督办】环县风电：项目备案已逾期 3 个工作日\n\n项目备案已逾期 3 个工作日" in text
    assert "提醒编号：overdue:1:2026-09-04:0:2" in text
