"""What WeCom and DingTalk group robots share: markdown parts within a byte limit.

A message longer than the robot allows is split into numbered parts (``（1/3）``), cut
at line ends, never inside a character; every part carries the title and the reminder
key, so a reader (or a program) can put the parts together and drop repeats.
"""

from __future__ import annotations

from qy_landing.config import Config
from qy_landing.reminders.channels.base import Outgoing, split_utf8
from qy_landing.reminders.messages import templates


def _compose(title: str, body: str, footer: str, tail: str) -> str:
    text = f"## {title}\n\n{body}\n\n> {footer}"
    return f"{text}\n\n{tail}" if tail else text


def markdown_parts(
    message: Outgoing, config: Config, max_bytes: int, tail: str = ""
) -> list[tuple[str, str]]:
    """``(title, markdown)`` of each part; ``tail`` (mentions) goes into the first part only."""
    footer = message.footer(config)
    whole = _compose(message.title, message.body, footer, tail)
    if len(whole.encode("utf-8")) <= max_bytes:
        return [(message.title, whole)]
    tpl = templates(message.lang, config.templates)
    digits = 2
    while True:
        widest = tpl.render("common.part", index=10**digits - 1, total=10**digits - 1)
        overhead = len(_compose(message.title + widest, "", footer + widest, tail).encode("utf-8"))
        chunks = split_utf8(message.body, max(64, max_bytes - overhead))
        if len(chunks) < 10**digits:
            break
        digits += 1
    total = len(chunks)
    parts = []
    for index, chunk in enumerate(chunks, 1):
        label = tpl.render("common.part", index=index, total=total)
        title = message.title + label
        parts.append((title, _compose(title, chunk, footer + label, tail if index == 1 else "")))
    return parts
