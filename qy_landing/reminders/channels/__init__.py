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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TextIO

from qy_landing.config import Config
from qy_landing.reminders.messages import templates
from qy_landing.reminders.ratelimit import Limiters

if TYPE_CHECKING:
    from qy_landing.store.database import Database


class DeliveryError(Exception):
    """Delivery failed this time; the reminder is tried again later."""


class PermanentDeliveryError(DeliveryError):
    """Delivery cannot succeed until someone changes the data or the configuration."""


@dataclass(frozen=True)
class Recipient:
    id: int
    name: str
    unit: str
    email: str | None = None
    phone: str | None = None
    wecom: str | None = None
    dingtalk: str | None = None


@dataclass(frozen=True)
class Outgoing:
    """One reminder as a channel sees it."""

    id: int
    key: str
    kind: str
    period: str
    channel: str
    lang: str
    title: str
    body: str
    recipient: Recipient
    attempts: int = 0  # counting this one
    parts_sent: int = 0  # parts of a multi-part message the receiver already accepted
    # called with the number of parts accepted so far, after each part (robots)
    on_part: Callable[[int], None] | None = field(default=None, compare=False, repr=False)

    def part_accepted(self, count: int) -> None:
        if self.on_part is not None:
            self.on_part(count)

    def footer(self, config: Config | None = None) -> str:
        folder = config.templates if config else None
        return templates(self.lang, folder).render("common.key", key=self.key)


class Channel(Protocol):
    name: str

    def send(self, message: Outgoing) -> None: ...


def split_utf8(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` UTF-8 bytes, cut at line ends where possible.

    A line longer than ``limit`` is cut between characters, never inside one.
    """
    if limit < 4:
        raise ValueError("limit must leave room for one character")
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        encoded = line.encode("utf-8")
        needed = len(encoded) + (1 if current else 0)
        if size + needed <= limit:
            current.append(line)
            size += needed
            continue
        if current:
            pieces.append("\n".join(current))
            current, size = [], 0
        while len(encoded) > limit:
            cut = limit
            while cut > 0 and (encoded[cut] & 0xC0) == 0x80:  # a continuation byte
                cut -= 1
            pieces.append(encoded[:cut].decode("utf-8"))
            encoded = encoded[cut:]
        current, size = [encoded.decode("utf-8")], len(encoded)
    if current or not pieces:
        pieces.append("\n".join(current))
    return pieces


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
