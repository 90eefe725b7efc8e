"""What every channel shares: the message (:class:`Outgoing`), its recipient, the protocol.

Kept apart from the package's ``__init__`` (which builds channels by name and so imports
every channel module) so that a channel module importing these never closes an import
circle with the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from qy_landing.config import Config
from qy_landing.reminders.messages import templates


@dataclass(frozen=True)
class Delivered:
    """What a platform answered for an accepted message.

    ``external_id``: its id of the send (DingTalk task id, SMS serial number, WeCom msgid);
    ``receipt``: ``"pending"`` when a delivery result is still to be asked for.
    """

    external_id: str | None = None
    receipt: str | None = None


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
    route: tuple[str, ...] = ()  # the channels to try in order (routing); () = channel only

    def footer(self, config: Config | None = None) -> str:
        folder = config.templates if config else None
        return templates(self.lang, folder).render("common.key", key=self.key)


class Channel(Protocol):
    name: str

    def send(self, message: Outgoing) -> Delivered | None: ...


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
