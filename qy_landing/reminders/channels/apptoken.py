"""One chat app's access token: fetched once, shared through :class:`Shared`, refreshed.

The token is fetched with the app's id and secret when none is cached (or the cached one
is about to expire) and kept for the lifetime the platform gives (``expires_in``, 7200 s
for WeCom and DingTalk). When an API answers that the token is invalid or expired (the
platform may end a token early), the token is dropped and the call made once more with a
fresh one; a second "invalid" answer is returned to the caller as it is.

:class:`AppApi` is what the WeCom and DingTalk app channels share around it: fetching the
token with the app's credentials, posting with it, and reading error codes
(:class:`ErrorCodes`).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from qy_landing.errors import DeliveryError, PermanentDeliveryError, RateLimitedError
from qy_landing.reminders.channels.answers import app_failure
from qy_landing.reminders.channels.http import get, json_object, post_json
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


def errcode(answer: dict[str, Any]) -> Any:
    return answer.get("errcode")


@dataclass(frozen=True)
class ErrorCodes:
    """How a chat app's server answers are read: which codes mean the token is invalid,
    the app is rate-limited, or the message can never go (the reminder falls through)."""

    channel: str
    token_invalid: frozenset[int]
    rate_limited: frozenset[int]
    permanent: frozenset[int]
    code: Callable[[dict[str, Any]], Any] = errcode

    def failure(self, answer: dict[str, Any], what: str) -> DeliveryError:
        """The delivery error an answer with an error code is (``what``: the request)."""
        code = self.code(answer)
        raw = answer.get("errmsg", "")
        if code in self.rate_limited:
            return RateLimitedError(app_failure(self.channel, what, code, raw, "rate"))
        if code in self.token_invalid:
            message = app_failure(self.channel, what, code, raw, "token")
            if what == "gettoken":
                return PermanentDeliveryError(message)
            return DeliveryError(message)
        if code in self.permanent:
            return PermanentDeliveryError(app_failure(self.channel, what, code, raw, "permanent"))
        return DeliveryError(app_failure(self.channel, what, code, raw, None))


class AppSettings(Protocol):
    """What an app channel's settings say about its server (``[channels.wecom_app]`` …)."""

    @property
    def app(self) -> str: ...

    @property
    def base_url(self) -> str: ...

    @property
    def timeout(self) -> float: ...


class AppApi:
    """A chat app's server API: ``GET {base}{token_path}?<credentials>`` gives the access
    token (kept by :class:`AppToken`), and every request is ``POST {base}{path}?access_token=…``
    with a JSON body, made once more with a new token when the answer says it is invalid."""

    def __init__(
        self,
        codes: ErrorCodes,
        settings: AppSettings,
        shared: Shared,
        token_path: str,
        credentials: Callable[[], dict[str, Any]],
    ) -> None:
        self.codes = codes
        self.base_url = settings.base_url
        self.timeout = settings.timeout
        self.token_path = token_path
        self.credentials = credentials
        self.token = AppToken(settings.app, shared, self._fetch_token)

    def _fetch_token(self) -> tuple[str, float]:
        query = urllib.parse.urlencode(self.credentials())
        url = f"{self.base_url}{self.token_path}?{query}"
        answer = json_object(get(url, timeout=self.timeout), self.codes.channel)
        token = answer.get("access_token")
        if answer.get("errcode", 0) != 0 or not isinstance(token, str) or not token:
            raise self.codes.failure(answer, "gettoken")
        return token, float(answer.get("expires_in") or 7200)

    def post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """``payload`` posted to ``path`` with the app's token; the answer as a JSON object."""

        def request(token: str) -> dict[str, Any]:
            query = urllib.parse.urlencode({"access_token": token})
            url = f"{self.base_url}{path}?{query}"
            return json_object(post_json(url, payload, timeout=self.timeout), self.codes.channel)

        return self.token.call(request, self.codes.token_invalid, self.codes.code)
