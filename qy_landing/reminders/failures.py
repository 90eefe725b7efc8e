"""A reminder's failure as it is recorded, and as a person reads it later.

A channel's failure is a catalogue message (:class:`~qy_landing.i18n.Msg`, built by the
channels and :mod:`.channels.answers`). The outbox row keeps it twice (migration
``0010_reminder_error_message``):

- ``last_error``: its English text, redacted and cut to ``ERROR_MAX`` characters, for the
  log, ``--json`` and any reader that predates the message columns;
- ``error_key`` and ``error_fields``: the message's key and its fields as JSON (nested
  messages and translated words kept translatable), so ``remind list`` shows it in the
  reader's language: :func:`shown`, which falls back to ``last_error`` for rows recorded
  before the columns existed (or naming a key this version no longer has).

Secrets never reach either form: every text field is redacted like the English text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qy_landing.errors import DeliveryError
from qy_landing.i18n import Msg
from qy_landing.reminders.channels.answers import who

ERROR_MAX = 500  # characters of the English text (and of any one text field) kept

# the columns a new outcome clears (a sent reminder that needed no fall-through)
CLEARED: dict[str, Any] = {"last_error": None, "error_key": None, "error_fields": None}


@dataclass(frozen=True)
class Failure:
    """One failure: the message in either language, and its English text as recorded."""

    msg: Msg | None
    text: str  # English, redacted, at most ERROR_MAX characters

    def values(self) -> dict[str, Any]:
        """The reminder's columns that record this failure."""
        if self.msg is None:
            return {"last_error": self.text, "error_key": None, "error_fields": None}
        return {
            "last_error": self.text,
            "error_key": self.msg.key,
            "error_fields": json.dumps(self.msg.as_data(), ensure_ascii=False),
        }

    def then(self, following: str) -> Failure:
        """This failure, after which the reminder falls through to channel ``following``."""
        inner: Msg | str = self.msg if self.msg is not None else self.text
        msg = Msg("remind.failure.fell_through", error=inner, channel=who(following))
        return Failure(msg, msg.render("en")[:ERROR_MAX])

    def render(self, lang: str) -> str:
        return self.msg.render(lang) if self.msg is not None else self.text


def failure(msg: Msg, redact: Callable[[str], str] = str) -> Failure:
    """``msg`` as recorded: every text field passed through ``redact`` and cut."""
    kept = redacted(msg, redact)
    return Failure(kept, redact(kept.render("en"))[:ERROR_MAX])


def from_exception(exc: Exception, channel: str, redact: Callable[[str], str] = str) -> Failure:
    """What a channel's exception records: its message, or for an unexpected exception (a
    bug, an answer nobody foresaw) the channel, the exception's type and its text."""
    if isinstance(exc, DeliveryError) and exc.msg is not None:
        return failure(exc.msg, redact)
    if isinstance(exc, DeliveryError):
        return Failure(None, redact(str(exc))[:ERROR_MAX])
    return failure(
        Msg("remind.failure.unexpected", channel=channel, error=f"{type(exc).__name__}: {exc}"),
        redact,
    )


def redacted(msg: Msg, redact: Callable[[str], str]) -> Msg:
    """``msg`` with every text field (nested messages too) redacted and cut to ERROR_MAX."""
    fields = {
        name: redact(value)[:ERROR_MAX]
        if isinstance(value, str)
        else redacted(value, redact)
        if isinstance(value, Msg)
        else value
        for name, value in msg.fields.items()
    }
    return Msg(msg.key, **fields)


def stored(key: str | None, fields: str | None) -> Msg | None:
    """The message a reminder row recorded; None for an old row or an unknown key."""
    if not key:
        return None
    try:
        data = json.loads(fields or "{}")
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    msg = Msg.from_data(key, data)
    return msg if msg.known() else None


def shown(msg: Msg | None, last_error: str | None, lang: str) -> str | None:
    """A stored failure as ``lang`` reads it: the message, else the English text kept."""
    if msg is not None:
        return msg.render(lang)
    return last_error
