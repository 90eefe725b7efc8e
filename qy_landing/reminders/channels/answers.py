"""A platform's own error answers, as failures a person reads in their language.

Group robots and chat-app APIs answer HTTP 200 with ``{"errcode": N, "errmsg": "…"}``; a
server may also answer an HTTP error status, or not at all. Each failure becomes a
:class:`~qy_landing.errors.DeliveryError` carrying a catalogue message
(``remind.delivery.*``): what went wrong in the reader's language first (钉钉群机器人拒收：
错误码 310000（关键词不匹配或签名错误）), the platform's own text only as a detail after it
(；平台原文：…). The message's English form is what the reminder records (``last_error``)
and the log shows; ``remind send`` prints it once, in the user's language.

The robot codes known here (the platforms' robot documentation):

- DingTalk: 310000 the robot's security settings refused the message (a keyword missing,
  the signature wrong, or the IP not allowed); 300001 the access token is invalid (the
  robot was removed or the URL is wrong); 130101 more than 20 messages a minute (the robot
  is blocked for 10 minutes).
- WeCom: 93000 the webhook key is invalid; 45009 more than 20 messages a minute.

A known refusal that no retry can fix is permanent (the reminder falls through to its next
channel); a rate limit waits without using up an attempt (``RateLimitedError``).
"""

from __future__ import annotations

from typing import Any

from qy_landing.errors import DeliveryError, PermanentDeliveryError, RateLimitedError
from qy_landing.i18n import Msg, has_text

DETAIL_MAX = 120  # characters of the platform's own text kept


# code -> (catalogue key of the reason, how it fails: "permanent", "rate" or "retry")
ROBOT_CODES: dict[str, dict[int, tuple[str, str]]] = {
    "dingtalk": {
        310000: ("remind.delivery.reason.dingtalk_310000", "permanent"),
        300001: ("remind.delivery.reason.dingtalk_300001", "permanent"),
        130101: ("remind.delivery.reason.dingtalk_130101", "rate"),
    },
    "wecom": {
        93000: ("remind.delivery.reason.wecom_93000", "permanent"),
        45009: ("remind.delivery.reason.wecom_45009", "rate"),
    },
}
# seconds a rate-limited robot waits: DingTalk blocks for 10 minutes, WeCom counts a minute
ROBOT_WAIT = {"dingtalk": 600.0, "wecom": 60.0}

# HTTP statuses with a reason of their own; any other 4xx/5xx gets its class's reason
HTTP_REASONS = frozenset({400, 401, 403, 404, 405, 408, 413, 429, 500, 502, 503, 504})


def who(channel: str) -> Msg:
    """The sender named in a failure: 钉钉群机器人 in Chinese, the channel's key in English."""
    return Msg(f"remind.delivery.who.{channel}")


def detail(raw: object) -> Msg | str:
    """The platform's own text as the failure's last part (nothing when it said nothing)."""
    text = " ".join(str(raw or "").split())[:DETAIL_MAX]
    return Msg("remind.delivery.detail", raw=text) if text else ""


def robot_failure(channel: str, answer: dict[str, Any]) -> DeliveryError:
    """The failure a robot's answer with an ``errcode`` other than 0 is."""
    code = answer.get("errcode")
    said = detail(answer.get("errmsg"))
    known = ROBOT_CODES.get(channel, {}).get(code) if isinstance(code, int) else None
    if known is None:
        return DeliveryError(
            Msg("remind.delivery.refused_unknown", who=who(channel), code=code, detail=said)
        )
    reason, kind = known
    message = Msg(
        "remind.delivery.refused", who=who(channel), code=code, reason=Msg(reason), detail=said
    )
    if kind == "rate":
        return RateLimitedError(message, ROBOT_WAIT.get(channel, 60.0))
    return PermanentDeliveryError(message)


def app_failure(channel: str, call: str, code: object, raw: object, category: str | None) -> Msg:
    """The message of a chat-app API's refusal of ``call`` (``category``: ``token``,
    ``rate`` or ``permanent`` when its code is one the channel knows, else None)."""
    said = detail(raw)
    known = f"remind.delivery.call.{call.replace('/', '_')}"
    named: Msg | str = Msg(known) if has_text(known) else call
    if category is None:
        return Msg(
            "remind.delivery.app_refused_unknown",
            who=who(channel),
            call=named,
            code=code,
            detail=said,
        )
    return Msg(
        "remind.delivery.app_refused",
        who=who(channel),
        call=named,
        code=code,
        reason=Msg(f"remind.delivery.reason.app_{category}"),
        detail=said,
    )


def http_failure(status: int, raw: object) -> DeliveryError:
    """The failure an HTTP error status is; 429 (too many requests) waits as a rate limit."""
    if status in HTTP_REASONS:
        reason = f"remind.delivery.http.{status}"
    else:
        reason = "remind.delivery.http.5xx" if status >= 500 else "remind.delivery.http.4xx"
    message = Msg("remind.delivery.http", status=status, reason=Msg(reason), detail=detail(raw))
    if status == 429:
        return RateLimitedError(message)
    return DeliveryError(message)


def unreadable(channel: str, problem: str) -> DeliveryError:
    """An answer that is not what the platform documents (``problem``: ``not_json``,
    ``not_object``, ``no_errcode`` or ``no_response``)."""
    return DeliveryError(Msg(f"remind.delivery.answer.{problem}", who=who(channel)))


def no_connection(raw: object) -> DeliveryError:
    """The platform's server could not be reached."""
    text = " ".join(str(raw or "").split())[:DETAIL_MAX]
    said = Msg("remind.delivery.system_detail", raw=text) if text else ""
    return DeliveryError(Msg("remind.delivery.no_connection", detail=said))


def no_answer(seconds: float) -> DeliveryError:
    """The platform's server did not answer in time."""
    return DeliveryError(Msg("remind.delivery.no_answer", seconds=f"{seconds:g}"))
