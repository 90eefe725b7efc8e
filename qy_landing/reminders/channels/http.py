"""JSON over HTTP with the standard library, and the ``errcode`` answers of WeCom/DingTalk.

Failures are worded in answers.py: the reader's language first, the server's own text after.

Errors never carry the URL: a robot URL holds the robot's key, an API URL an access token
(or, for ``gettoken``, the app secret).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from qy_landing.reminders.channels.answers import (
    http_failure,
    no_answer,
    no_connection,
    robot_failure,
    unreadable,
)

USER_AGENT = "qy-landing-reminders"


def post_json(
    url: str, payload: Any, *, timeout: float, headers: dict[str, str] | None = None
) -> bytes:
    """POST ``payload`` as UTF-8 JSON; the response body. Non-2xx answers raise DeliveryError."""
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return post_bytes(url, data, timeout=timeout, headers=headers)


def post_bytes(
    url: str, data: bytes, *, timeout: float, headers: dict[str, str] | None = None
) -> bytes:
    """POST ``data`` (UTF-8 JSON unless ``headers`` say otherwise); the response body."""
    request = urllib.request.Request(url, data=data, method="POST")
    request.add_header("Content-Type", "application/json; charset=utf-8")
    request.add_header("User-Agent", USER_AGENT)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    return _open(request, timeout)


def get(url: str, *, timeout: float) -> bytes:
    """GET ``url``; the response body. Non-2xx answers raise DeliveryError."""
    request = urllib.request.Request(url, method="GET")
    request.add_header("User-Agent", USER_AGENT)
    return _open(request, timeout)


def json_object(body: bytes, channel: str) -> dict[str, Any]:
    """The JSON object an API answered; DeliveryError when it is not one."""
    try:
        answer = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise unreadable(channel, "not_json") from None
    if not isinstance(answer, dict):
        raise unreadable(channel, "not_object")
    return answer


def _open(request: urllib.request.Request, timeout: float) -> bytes:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read()
            return body
    except urllib.error.HTTPError as exc:
        raise http_failure(exc.code, exc.reason) from None
    except urllib.error.URLError as exc:
        raise no_connection(exc.reason) from None
    except TimeoutError:
        raise no_answer(timeout) from None
    except OSError as exc:
        raise no_connection(exc) from None


def check_errcode(body: bytes, robot: str) -> None:
    """WeCom and DingTalk answer ``{"errcode": 0, "errmsg": "ok"}``; anything else failed
    (the known codes in the reader's language: reminders/channels/py)."""
    try:
        answer = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise unreadable(robot, "not_json") from None
    if not isinstance(answer, dict) or "errcode" not in answer:
        raise unreadable(robot, "no_errcode")
    if answer["errcode"] != 0:
        raise robot_failure(robot, answer)
