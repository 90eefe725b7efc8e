"""DingTalk (钉钉) group robot: markdown with ``at``, optionally signed.

Body: ``{"msgtype": "markdown", "markdown": {"title": …, "text": …},
"at": {"atMobiles": [...], "isAtAll": false}}`` (plus ``atUserIds`` for a person's
DingTalk id). With a secret, ``timestamp`` (ms) and
``sign = urlencode(base64(HMAC-SHA256(secret, f"{timestamp}\\n{secret}")))`` are added to
the URL. The robot answers ``{"errcode": 0}``; more than 20 messages a minute block it for
10 minutes, so sending waits (rate limit per robot URL).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import urllib.parse
from collections.abc import Callable

from qy_landing.config import Config
from qy_landing.errors import Msg, PermanentDeliveryError
from qy_landing.reminders.channels.base import Outgoing
from qy_landing.reminders.channels.http import check_errcode, post_json
from qy_landing.reminders.channels.robots import markdown_parts
from qy_landing.reminders.ratelimit import Limiters, slot_of


def sign(secret: str, timestamp: int) -> str:
    """The URL-encoded signature of ``timestamp`` (milliseconds)."""
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def signed_url(url: str, secret: str | None, timestamp: int) -> str:
    if not secret:
        return url
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp}&sign={sign(secret, timestamp)}"


def payloads(message: Outgoing, config: Config) -> list[dict[str, object]]:
    person = message.recipient
    tail = f"@{person.phone}" if person.phone else ""
    at: dict[str, object] = {"atMobiles": [person.phone] if person.phone else [], "isAtAll": False}
    if person.dingtalk:
        at["atUserIds"] = [person.dingtalk]
    return [
        {"msgtype": "markdown", "markdown": {"title": title, "text": text}, "at": at}
        for title, text in markdown_parts(message, config, config.dingtalk.max_bytes, tail)
    ]


class DingTalkChannel:
    name = "dingtalk"

    def __init__(
        self, config: Config, limiters: Limiters, *, now_ms: Callable[[], int] | None = None
    ) -> None:
        self.config = config
        self.settings = config.dingtalk
        self.limiters = limiters
        self.now_ms = now_ms or (lambda: int(time.time() * 1000))

    def send(self, message: Outgoing) -> None:
        robot = self.settings.robot_for(message.recipient.unit)
        if robot is None:
            raise PermanentDeliveryError(
                Msg("remind.delivery.no_robot", channel="dingtalk", unit=message.recipient.unit)
            )
        url = robot.url.reveal()
        secret = robot.secret.reveal() if robot.secret else None
        limiter = self.limiters.for_url(url, self.settings.rate_per_minute)
        parts = payloads(message, self.config)
        for index in range(min(message.parts_sent, len(parts)), len(parts)):
            with slot_of(limiter):
                target = signed_url(url, secret, self.now_ms())
                answer = post_json(target, parts[index], timeout=self.settings.timeout)
            check_errcode(answer, "dingtalk")
            message.part_accepted(index + 1)
