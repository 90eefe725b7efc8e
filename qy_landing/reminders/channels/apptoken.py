"""One chat app's access token: fetched once, shared through :class:`Shared`, refreshed.

The token is fetched with the app's id and secret when none is cached (or the cached one
is about to expire) and kept for the lifetime the platform gives (``expires_in``, 7200 s
for WeCom and DingTalk). When an API answers that the token is invalid or expired (the
platform may end a token early), the token is dropped and the call made once more with a
fresh one; a second "invalid" answer is returned to the caller as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qy_landing.reminders.channels.shared import Shared


class AppToken:
    def __init__(self, app: str, shared: Shared, fetch: Callable[[], tuple[str, float]]) -> None:
        self.app = app
        self.shared = shared
        self.fetch = fetch

    def get(self) -> str:
        token = self.shared.token(self.app)
        if token is None:
            token, expires_in = self.fetch()
            self.shared.keep_token(self.app, token, expires_in)
        return token

    def call(
        self,
        request: Callable[[str], dict[str, Any]],
        invalid: frozenset[int],
        code: Callable[[dict[str, Any]], Any] = lambda answer: answer.get("errcode"),
    ) -> dict[str, Any]:
        """``request(token)``; once more with a new token if its ``code`` is in ``invalid``."""
        token = self.get()
        answer = request(token)
        if code(answer) in invalid:
            self.shared.drop_token(self.app, token)
            answer = request(self.get())
        return answer
