"""The console channel: the reminder printed to a stream (stdout by default)."""

from __future__ import annotations

from typing import TextIO

from qy_landing.config import Config
from qy_landing.reminders.channels.base import Outgoing


class ConsoleChannel:
    name = "console"

    def __init__(self, config: Config, stream: TextIO) -> None:
        self.config = config
        self.stream = stream

    def send(self, message: Outgoing) -> None:
        person = message.recipient
        rule = "─" * 8
        self.stream.write(
            f"{rule} {person.name}（{person.unit}） · {message.key} {rule}\n"
            f"{message.title}\n\n{message.body}\n\n{message.footer(self.config)}\n\n"
        )
        self.stream.flush()
