"""WeCom (企业微信) / 政务微信 application messages to one person (应用消息).

Both use the same server API; a 政务微信 deployment has its own address
(``channels.wecom_app.base_url``). The documented requests:

- ``GET {base}/cgi-bin/gettoken?corpid=ID&corpsecret=SECRET`` →
  ``{"errcode": 0, "access_token": "…", "expires_in": 7200}``. The token is cached for
  its lifetime and shared by every sender (:mod:`.shared`); WeCom limits how often it may
  be fetched, so it must not be fetched per message.
- ``POST {base}/cgi-bin/message/send?access_token=TOKEN`` with
  ``{"touser": "<WeCom user id>", "msgtype": "markdown", "agentid": 1000002,
  "markdown": {"content": "…"}, "enable_duplicate_check": 1,
  "duplicate_check_interval": 1800}`` (or ``"msgtype": "textcard"`` with ``title``,
  ``description``, ``url``, ``btntxt``) → ``{"errcode": 0, "errmsg": "ok",
  "invaliduser": "", "unlicenseduser": "", "msgid": "…"}``. A recipient the app cannot
  reach is returned in ``invaliduser``/``unlicenseduser`` with errcode 0 (all of them
  invalid: errcode 81013). The duplicate check makes WeCom drop a repeat of the same
  request within 30 minutes (our delivery is at-least-once).

Error codes (WeCom "全局错误码", developer.work.weixin.qq.com/document/path/90313; send
limits, /document/path/90236: per app at most 30 messages a minute and 1000 an hour to
one member, "账号上限数*200" person-times a day):

- token invalid — 40014 不合法的access_token, 42001 access_token已过期, 40001 不合法的
  secret参数 (as an answer to message/send: the token), 41001 缺少access_token: the token
  is dropped and the call repeated once with a new one;
- rate-limited — 45009 接口调用超过限制, 45033 接口并发调用超过限制, 45011 API调用太频繁:
  tried again later, not counted as an attempt;
- permanent for this person or app (the reminder falls through to its next channel) —
  40003 无效的UserID, 60111 UserID不存在, 81013 接收人全部非法或无权限, 82001 接收人为空,
  40013 不合法的CorpID, 40056 不合法的agentid, 40091 secret不合法, 48002 API接口无权限调用,
  60020 不安全的访问IP, 301002 无权限操作指定的应用, 44004 内容为空, 45002 消息内容超过限制,
  40008 不合法的消息类型;
- anything else (−1 系统繁忙 …): an ordinary failed attempt, retried with backoff.
"""

from __future__ import annotations

from typing import Any

from qy_landing.config import Config
from qy_landing.errors import Msg, PermanentDeliveryError
from qy_landing.reminders.channels.apptoken import AppApi, ErrorCodes
from qy_landing.reminders.channels.base import Delivered, Outgoing, split_utf8
from qy_landing.reminders.channels.robots import markdown_parts
from qy_landing.reminders.channels.shared import Shared
from qy_landing.reminders.ratelimit import Limiters

NAME = "wecom_app"
TOKEN_INVALID = frozenset({40014, 42001, 40001, 41001})
RATE_LIMITED = frozenset({45009, 45033, 45011})
PERMANENT = frozenset(
    {40003, 60111, 81013, 82001, 40013, 40056, 40091, 48002, 60020, 301002, 44004, 45002, 40008}
)
CARD_TITLE_BYTES = 128
CARD_DESCRIPTION_BYTES = 512


CODES = ErrorCodes(NAME, TOKEN_INVALID, RATE_LIMITED, PERMANENT)
_fail = CODES.failure


def _cut(text: str, limit: int) -> str:
    """``text`` within ``limit`` UTF-8 bytes, with an ellipsis when cut."""
    if len(text.encode("utf-8")) <= limit:
        return text
    return split_utf8(text, limit - 3)[0] + "…"


def payloads(message: Outgoing, config: Config, userid: str) -> list[dict[str, Any]]:
    """The message/send bodies of ``message`` (markdown parts, or one text card)."""
    settings = config.wecom_app
    common: dict[str, Any] = {
        "touser": userid,
        "agentid": settings.agent_id,
        "enable_duplicate_check": 1,
        "duplicate_check_interval": 1800,
    }
    if settings.msgtype == "textcard":
        footer = message.footer(config)
        body = _cut(message.body, CARD_DESCRIPTION_BYTES - len(footer.encode("utf-8")) - 1)
        card = {
            "title": _cut(message.title, CARD_TITLE_BYTES),
            "description": f"{body}\n{footer}",
            "url": settings.card_url,
            "btntxt": "详情" if message.lang == "zh" else "More",
        }
        return [{**common, "msgtype": "textcard", "textcard": card}]
    return [
        {**common, "msgtype": "markdown", "markdown": {"content": content}}
        for _, content in markdown_parts(message, config, settings.max_bytes)
    ]


class WeComAppChannel:
    name = NAME

    def __init__(self, config: Config, limiters: Limiters, shared: Shared) -> None:
        self.config = config
        self.settings = config.wecom_app
        self.limiters = limiters
        settings = self.settings
        self.api = AppApi(
            CODES,
            settings,
            shared,
            "/cgi-bin/gettoken",
            lambda: {
                "corpid": settings.corp_id,
                "corpsecret": settings.secret.reveal() if settings.secret else "",
            },
        )

    def send(self, message: Outgoing) -> Delivered:
        settings = self.settings
        if not settings.configured:
            raise PermanentDeliveryError(
                Msg(
                    "remind.delivery.not_configured",
                    channel=NAME,
                    keys=["channels.wecom_app corp_id", "agent_id", "secret"],
                )
            )
        userid = message.recipient.wecom
        if not userid:
            raise PermanentDeliveryError(
                Msg("remind.delivery.no_wecom_id", channel=NAME, person=message.recipient.name)
            )
        limiter = self.limiters.for_url(settings.app, settings.rate_per_minute)
        msgids = []
        for payload in payloads(message, self.config, userid):
            if limiter is not None:
                limiter.acquire()
            answer = self.api.post("/cgi-bin/message/send", payload)
            if answer.get("errcode") != 0:
                raise _fail(answer, "message/send")
            refused = {
                u.strip().lower()
                for field in ("invaliduser", "unlicenseduser")
                for u in str(answer.get(field) or "").split("|")
                if u.strip()
            }
            if userid.lower() in refused:
                raise PermanentDeliveryError(Msg("remind.delivery.unreachable_user", user=userid))
            if answer.get("msgid"):
                msgids.append(str(answer["msgid"]))
        return Delivered(external_id=msgids[0][:100] if msgids else None)
