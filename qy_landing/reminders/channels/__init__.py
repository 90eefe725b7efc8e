"""Delivery channels: console, e-mail, WeCom and DingTalk group robots, a generic webhook.

A channel gets one :class:`Outgoing` message and delivers it, or raises
:class:`DeliveryError` (worth a retry) or :class:`PermanentDeliveryError` (retrying cannot
help: the person has no e-mail address, the channel is not configured). Every message
carries its reminder key, so receivers can drop a repeat (delivery is at-least-once).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from qy_landing.config import Config
from qy_landing.reminders.channels.base import (
    Channel,
    DeliveryError,
    Outgoing,
    PermanentDeliveryError,
    Recipient,
    split_utf8,
)
from qy_landing.reminders.ratelimit import Limiters

if TYPE_CHECKING:
    from qy_landing.store.database import Database

__all__ = [
    "Channel",
    "Channels",
    "DeliveryError",
    "Outgoing",
    "PermanentDeliveryError",
    "Recipient",
    "split_utf8",
]


class Channels:
    """The channels of one sender, created on first use from the configuration.

    Pass the database (``db``) so robot and webhook rate limits hold across processes.
    """

    def __init__(
        self,
        config: Config,
        *,
        stream: TextIO | None = None,
        db: Database | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self.stream = stream
        # with a database, the robots' limits are shared with every other sender process
        self.limiters = Limiters(db, clock=clock, sleep=sleep)
        self._made: dict[str, Channel] = {}

    def get(self, name: str) -> Channel:
        found = self._made.get(name)
        if found is None:
            found = self._made[name] = self._make(name)
        return found

    def _make(self, name: str) -> Channel:
        if name == "console":
            from qy_landing.reminders.channels.console import ConsoleChannel

            return ConsoleChannel(self.config, self.stream or sys.stdout)
        if name == "email":
            from qy_landing.reminders.channels.email import EmailChannel

            return EmailChannel(self.config)
        if name == "wecom":
            from qy_landing.reminders.channels.wecom import WeComChannel

            return WeComChannel(self.config, self.limiters)
        if name == "dingtalk":
            from qy_landing.reminders.channels.dingtalk import DingTalkChannel

            return DingTalkChannel(self.config, self.limiters)
        if name == "webhook":
            from qy_landing.reminders.channels.webhook import WebhookChannel

            return WebhookChannel(self.config, self.limiters)
        raise PermanentDeliveryError(f"unknown channel {name!r}")
