"""DingTalk (钉钉) work notifications (工作通知) to one person, sent asynchronously.

The documented requests (open.dingtalk.com, "发送工作通知" and "获取工作通知消息的发送结果"):

- ``GET {base}/gettoken?appkey=KEY&appsecret=SECRET`` →
  ``{"errcode": 0, "access_token": "…", "expires_in": 7200}``: cached for its lifetime and
  shared by every sender (:mod:`.shared`).
- ``POST {base}/topapi/message/corpconversation/asyncsend_v2?access_token=TOKEN`` with
  ``{"agent_id": 123, "userid_list": "<DingTalk userid>", "msg": {"msgtype": "markdown",
  "markdown": {"title": "…", "text": "…"}}}`` → ``{"errcode": 0, "task_id": 256271667526}``.
  The platform queues the message: success here does not mean the person got it.
- ``POST {base}/topapi/message/corpconversation/getsendresult?access_token=TOKEN`` with
  ``{"agent_id": 123, "task_id": 256271667526}`` → ``{"errcode": 0, "send_result":
  {"invalid_user_id_list": [], "forbidden_user_id_list": [], "failed_user_id_list": [],
  "read_user_id_list": [], "unread_user_id_list": [], "forbidden_list": [...]}}``.

The task id is kept in the outbox row (``external_id``) and its result asked for
``receipt_after_seconds`` after sending (:func:`receipt`): ``read`` / ``unread`` are
shown by ``remind list``; ``failed``, ``forbidden`` (the platform's limits: the same
content to one person once a day, 500 messages a day per person and app) and ``invalid``
make the reminder fall through to its next channel.

Error codes (DingTalk server error codes; ``topapi`` answers may carry them as errcode 88
with a ``sub_code``, which is then the code): token invalid — 40014 不合法的access_token,
42001 access_token超时, 40001, 41001: dropped and the call repeated once with a new token;
rate-limited — 90001…90008 and 90018/90019 (调用过于频繁, 请求被暂时禁用), 45009:
tried again later; permanent — 33012 无效的userid, 60121 找不到该用户, 40035 不合法的参数,
40056 不合法的agentid, 40089 不合法的corpid或corpsecret (and any "token invalid" answer
to gettoken itself): falls through; anything else is an ordinary failed attempt.
"""

from __future__ import annotations

from typing import Any

from qy_landing.config import Config
from qy_landing.errors import Msg, PermanentDeliveryError
from qy_landing.reminders.channels.apptoken import AppApi, ErrorCodes
from qy_landing.reminders.channels.base import Delivered, Outgoing
from qy_landing.reminders.channels.robots import markdown_parts
from qy_landing.reminders.channels.shared import Shared
from qy_landing.reminders.ratelimit import Limiters

NAME = "dingtalk_work"
TOKEN_INVALID = frozenset({40014, 42001, 40001, 41001})
RATE_LIMITED = frozenset({45009, *range(90001, 90009), 90018, 90019})
PERMANENT = frozenset({33012, 60121, 40035, 40056, 40089})
# A send result's lists, most telling first: the receipt a person's id found in it gets.
RESULT_LISTS = (
    ("invalid_user_id_list", "invalid"),
    ("forbidden_user_id_list", "forbidden"),
    ("failed_user_id_list", "failed"),
    ("read_user_id_list", "read"),
    ("unread_user_id_list", "unread"),
)
UNDELIVERED = frozenset({"invalid", "forbidden", "failed"})


def error_code(answer: dict[str, Any]) -> Any:
    """The answer's error code; the ``topapi`` endpoints may wrap it as errcode 88 with a
    ``sub_code`` (``{"errcode": 88, "sub_code": "40014", …}``): then the sub-code."""
    sub = str(answer.get("sub_code", ""))
    if answer.get("errcode") == 88 and sub.lstrip("-").isdigit():
        return int(sub)
    return answer.get("errcode")


CODES = ErrorCodes(NAME, TOKEN_INVALID, RATE_LIMITED, PERMANENT, error_code)
_fail = CODES.failure


def payloads(message: Outgoing, config: Config, userid: str) -> list[dict[str, Any]]:
    settings = config.dingtalk_work
    return [
        {
            "agent_id": settings.agent_id,
            "userid_list": userid,
            "msg": {"msgtype": "markdown", "markdown": {"title": title, "text": text}},
        }
        for title, text in markdown_parts(message, config, settings.max_bytes)
    ]


class DingTalkWorkChannel:
    name = NAME

    def __init__(self, config: Config, limiters: Limiters, shared: Shared) -> None:
        self.config = config
        self.settings = config.dingtalk_work
        self.limiters = limiters
        settings = self.settings
        self.api = AppApi(
            CODES,
            settings,
            shared,
            "/gettoken",
            lambda: {
                "appkey": settings.app_key,
                "appsecret": settings.app_secret.reveal() if settings.app_secret else "",
            },
        )

    def _check(self) -> None:
        if not self.settings.configured:
            raise PermanentDeliveryError(
                Msg(
                    "remind.delivery.not_configured",
                    channel=NAME,
                    keys=["channels.dingtalk_work app_key", "app_secret", "agent_id"],
                )
            )

    def send(self, message: Outgoing) -> Delivered:
        self._check()
        userid = message.recipient.dingtalk
        if not userid:
            raise PermanentDeliveryError(
                Msg("remind.delivery.no_dingtalk_id", channel=NAME, person=message.recipient.name)
            )
        limiter = self.limiters.for_url(self.settings.app, self.settings.rate_per_minute)
        tasks: list[str] = []
        for payload in payloads(message, self.config, userid):
            if limiter is not None:
                limiter.acquire()
            answer = self.api.post("/topapi/message/corpconversation/asyncsend_v2", payload)
            if answer.get("errcode") != 0 or answer.get("task_id") is None:
                raise _fail(answer, "asyncsend_v2")
            tasks.append(str(answer["task_id"]))
        # The first part's task stands for the message (its result is what a reader sees first).
        return Delivered(external_id=tasks[0], receipt="pending")

    def receipt(self, task_id: str, userid: str) -> str:
        """What the platform reports for ``userid`` in task ``task_id``.

        ``read``, ``unread``, ``failed``, ``forbidden``, ``invalid``, or ``pending`` while
        the task is still being processed (the person is in none of the lists yet).
        """
        self._check()
        limiter = self.limiters.for_url(self.settings.app, self.settings.rate_per_minute)
        if limiter is not None:
            limiter.acquire()
        payload = {"agent_id": self.settings.agent_id, "task_id": int(task_id)}
        answer = self.api.post("/topapi/message/corpconversation/getsendresult", payload)
        if answer.get("errcode") != 0:
            raise _fail(answer, "getsendresult")
        result = answer.get("send_result") or {}
        wanted = userid.lower()
        for field, receipt in RESULT_LISTS:
            if any(str(u).lower() == wanted for u in result.get(field) or []):
                return receipt
        for entry in result.get("forbidden_list") or []:
            if isinstance(entry, dict) and str(entry.get("userid", "")).lower() == wanted:
                return "forbidden"
        return "pending"
