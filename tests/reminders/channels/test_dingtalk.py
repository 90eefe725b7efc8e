"""DingTalk group robots: the signed URL and the markdown body with @mobiles."""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse

from qy_landing.config import Config
from qy_landing.reminders.channels import Channels
from tests.reminders.channels.support import message, robots


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
