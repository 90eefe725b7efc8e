"""WeCom (企业微信) group robot: ``{"msgtype": "markdown", "markdown": {"content": …}}``.

Content is at most 4096 bytes (UTF-8); longer reminders go as numbered parts. A person's
WeCom user id is mentioned as ``<@userid>``. The robot answers ``{"errcode": 0}``;
anything else is a failure. At most 20 messages a minute per robot (configurable).
"""

from __future__ import annotations

from qy_landing.config import Config
from qy_landing.errors import Msg, PermanentDeliveryError
from qy_landing.reminders.channels.base import Outgoing
from qy_landing.reminders.channels.http import check_errcode, post_json
from qy_landing.reminders.channels.robots import markdown_parts
from qy_landing.reminders.ratelimit import Limiters, slot_of


def payloads(message: Outgoing, config: Config) -> list[dict[str, object]]:
    person = message.recipient
    tail = f"<@{person.wecom}>" if person.wecom else ""
    return [
        {"msgtype": "markdown", "markdown": {"content": content}}
        for _, content in markdown_parts(message, config, config.wecom.max_bytes, tail)
    ]


class WeComChannel:
    name = "wecom"

    def __init__(self, config: Config, limiters: Limiters) -> None:
        self.config = config
        self.settings = config.wecom
        self.limiters = limiters

    def send(self, message: Outgoing) -> None:
        robot = self.settings.robot_for(message.recipient.unit)
        if robot is None:
            raise PermanentDeliveryError(
                Msg("remind.delivery.no_robot", channel="wecom", unit=message.recipient.unit)
            )
        url = robot.url.reveal()
        limiter = self.limiters.for_url(url, self.settings.rate_per_minute)
        parts = payloads(message, self.config)
        for index in range(min(message.parts_sent, len(parts)), len(parts)):
            with slot_of(limiter):
                answer = post_json(url, parts[index], timeout=self.settings.timeout)
            check_errcode(answer, "wecom")
            message.part_accepted(index + 1)
