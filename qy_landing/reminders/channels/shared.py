"""What sender processes share besides the outbox: app access tokens and SMS counts.

A chat app's access token (WeCom, DingTalk) lives about two hours and the platforms limit
how often one may be fetched, so every sender process should use the one already fetched.
:class:`Shared` is that store; :class:`MemoryShared` keeps it in one process (tests, a
channel used without a database), ``qy_landing.reminders.shared_db.DatabaseShared`` in the
database, where every sender (on every machine) finds it. Only tokens are stored, never
the app secrets they were exchanged for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Protocol

from qy_landing.clock import SystemClock

# A token is taken as expired this long before the platform's expiry (clock skew, slow calls).
TOKEN_MARGIN = timedelta(minutes=5)


class Shared(Protocol):
    def now(self) -> datetime: ...

    def token(self, app: str) -> str | None:
        """The cached token of ``app`` if it is still valid for a while."""
        ...

    def keep_token(self, app: str, token: str, expires_in: float) -> None: ...

    def drop_token(self, app: str, token: str) -> None:
        """Forget ``token`` (the platform called it invalid), unless another one replaced it."""
        ...

    def sms_sent(self, phone: str, day: date) -> int:
        """How many reminders went to ``phone`` by SMS on ``day`` (the office's time zone)."""
        ...

    def count_sms(self, phone: str, day: date) -> None:
        """One SMS went to ``phone`` (a no-op where the outbox itself is counted)."""
        ...


class MemoryShared:
    """Tokens and SMS counts in this process only."""

    def __init__(self, now: Callable[[], datetime] | None = None) -> None:
        self._now = now or SystemClock().now
        self._tokens: dict[str, tuple[str, datetime]] = {}
        self._sms: dict[tuple[str, date], int] = {}
        self._lock = threading.Lock()

    def now(self) -> datetime:
        return self._now()

    def token(self, app: str) -> str | None:
        with self._lock:
            found = self._tokens.get(app)
        if found is None or found[1] - TOKEN_MARGIN <= self.now():
            return None
        return found[0]

    def keep_token(self, app: str, token: str, expires_in: float) -> None:
        with self._lock:
            self._tokens[app] = (token, self.now() + timedelta(seconds=expires_in))

    def drop_token(self, app: str, token: str) -> None:
        with self._lock:
            if self._tokens.get(app, ("",))[0] == token:
                del self._tokens[app]

    def sms_sent(self, phone: str, day: date) -> int:
        with self._lock:
            return self._sms.get((phone, day), 0)

    def count_sms(self, phone: str, day: date) -> None:
        """Counts one SMS (the database counts the outbox rows instead)."""
        with self._lock:
            self._sms[(phone, day)] = self._sms.get((phone, day), 0) + 1
