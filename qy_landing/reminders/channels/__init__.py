"""Delivery channels: console, e-mail, WeCom and DingTalk group robots, a generic webhook,
and the private ones: WeCom / 政务微信 app messages, DingTalk work notices, SMS.

A channel gets one :class:`Outgoing` message and delivers it (optionally answering a
:class:`Delivered` with the platform's id of the send), or raises :class:`DeliveryError`
(worth a retry), :class:`RateLimitedError` (the platform asks us to wait: retried later,
not counted as an attempt) or :class:`PermanentDeliveryError` (retrying this channel cannot
help: the person has no id on it, the channel is not configured; the reminder falls
through to the next channel of its route). Every message carries its reminder key, so
receivers can drop a repeat (delivery is at-least-once).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from qy_landing.config import Config
from qy_landing.errors import DeliveryError, PermanentDeliveryError, RateLimitedError
from qy_landing.i18n import Msg
from qy_landing.reminders.channels.base import Channel, Delivered, Outgoing, Recipient, split_utf8
from qy_landing.reminders.channels.shared import MemoryShared, Shared
from qy_landing.reminders.ratelimit import Limiters

if TYPE_CHECKING:
    from qy_landing.store.database import Database

# the delivery errors are defined in qy_landing.errors; re-exported for the channel modules
__all__ = [
    "Channel",
    "Channels",
    "Delivered",
    "DeliveryError",
    "Outgoing",
    "PermanentDeliveryError",
    "RateLimitedError",
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
        shared: Shared | None = None,
    ) -> None:
        self.config = config
        self.stream = stream
        # with a database, the robots' limits are shared with every other sender process
        self.limiters = Limiters(db, clock=clock, sleep=sleep)
        # Access tokens and SMS counts; send_pending puts the database's in when None.
        self.shared = shared
        self._made: dict[str, Channel] = {}

    def state(self) -> Shared:
        if self.shared is None:
            self.shared = MemoryShared()
        return self.shared

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
        if name == "wecom_app":
            from qy_landing.reminders.channels.wecom_app import WeComAppChannel

            return WeComAppChannel(self.config, self.limiters, self.state())
        if name == "dingtalk_work":
            from qy_landing.reminders.channels.dingtalk_work import DingTalkWorkChannel

            return DingTalkWorkChannel(self.config, self.limiters, self.state())
        if name == "sms":
            from qy_landing.reminders.channels.sms import SmsChannel

            return SmsChannel(self.config, self.limiters, self.state())
        raise PermanentDeliveryError(Msg("remind.delivery.unknown_channel", channel=name))
