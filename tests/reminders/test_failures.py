"""A failure as recorded on a reminder (English text, key, fields) and as read back."""

from __future__ import annotations

import json

from qy_landing.errors import DeliveryError, PermanentDeliveryError
from qy_landing.i18n import Msg, Term
from qy_landing.reminders.channels.answers import robot_failure
from qy_landing.reminders.failures import (
    ERROR_MAX,
    Failure,
    failure,
    from_exception,
    shown,
    stored,
)

SECRET = "SECRETTOKEN1234567"


def _redact(text: str) -> str:
    return text.replace(SECRET, "***")


def test_a_channels_message_is_kept_as_english_text_key_and_fields():
    """The three columns: English text, the key, the fields as JSON that read back in zh."""
    exc = robot_failure("dingtalk", {"errcode": 310000, "errmsg": "keywords not in content"})
    values = from_exception(exc, "dingtalk").values()
    assert values["last_error"] == (
        "dingtalk: errcode 310000 (keywords not matched or signature wrong): "
        "keywords not in content"
    )
    assert values["error_key"] == "remind.delivery.refused"
    msg = stored(values["error_key"], values["error_fields"])
    assert msg is not None
    assert msg.render("zh") == (
        "钉钉群机器人拒收：错误码 310000（关键词不匹配或签名错误）"
        "；平台原文：keywords not in content"
    )
    assert msg.render("en") == values["last_error"]


def test_secrets_are_redacted_in_the_text_and_in_every_field():
    """A secret inside the platform's words is *** in the English text and in the JSON."""
    exc = robot_failure("wecom", {"errcode": 93000, "errmsg": f"invalid key {SECRET}"})
    values = from_exception(exc, "wecom", _redact).values()
    assert SECRET not in values["last_error"] and SECRET not in values["error_fields"]
    assert "invalid key ***" in values["last_error"]


def test_falling_through_names_the_next_channel_in_either_language():
    """→ sms in English (as before); 改由短信平台发送 in Chinese."""
    first = from_exception(
        PermanentDeliveryError(
            Msg("remind.delivery.no_wecom_id", channel="wecom_app", person="张伟")
        ),
        "wecom_app",
    ).then("sms")
    assert first.text == "wecom_app: 张伟 has no WeCom user id → sms"
    again = stored(**_columns(first))
    assert again is not None
    assert again.render("zh") == (
        "wecom_app：张伟 没有企业微信账号（person edit --wecom）；改由短信平台发送"
    )


def test_an_unexpected_exception_is_a_message_too():
    """A bug in a channel: the channel, the exception's type and text, in either language."""
    recorded = from_exception(KeyError("errcode"), "webhook")
    assert recorded.text == "webhook: KeyError: 'errcode'"
    assert recorded.render("zh") == "webhook：程序出错（KeyError: 'errcode'）"


def test_a_plain_text_failure_keeps_its_text_and_no_key():
    """A DeliveryError given only a text: recorded as that text, no key, shown as it is."""
    recorded = from_exception(DeliveryError("gateway said no"), "sms")
    assert recorded.values() == {
        "last_error": "gateway said no",
        "error_key": None,
        "error_fields": None,
    }
    assert recorded.render("zh") == "gateway said no"


def test_long_texts_are_cut_to_the_column_limit():
    """The English text and each text field stay within ERROR_MAX characters."""
    recorded = failure(Msg("remind.delivery.email.failed", error="x" * 2000))
    assert len(recorded.text) == ERROR_MAX
    assert len(json.loads(recorded.values()["error_fields"])["error"]) == ERROR_MAX


def test_old_rows_and_unknown_keys_fall_back_to_the_english_kept():
    """No key (a row from before 0010), a key this version lacks, broken JSON: the English."""
    assert stored(None, None) is None
    assert stored("remind.delivery.no_such_reason", "{}") is None
    assert stored("remind.delivery.refused", "not json") is None
    assert shown(None, "email: SMTP server gone", "zh") == "email: SMTP server gone"
    assert shown(None, None, "zh") is None


def test_translated_words_in_fields_stay_translated():
    """A Term field (a receipt state) reads back as the word in the reader's language."""
    msg = Msg(
        "remind.failure.receipt",
        who=Msg("remind.delivery.who.sms"),
        receipt=Term("remind.receipt", "failed"),
        detail="",
    )
    again = stored(**_columns(Failure(msg, msg.render("en"))))
    assert again is not None
    assert again.render("zh") == "短信平台回报消息未送达"
    assert again.render("en") == "sms: the platform reports the message as not delivered"


def _columns(recorded: Failure) -> dict[str, str | None]:
    values = recorded.values()
    return {"key": values["error_key"], "fields": values["error_fields"]}
