"""A platform's error answers in the reader's language, its own text only as a detail after.

Every answer comes from the real HTTP receiver on 127.0.0.1 the channel tests use.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from qy_landing.config import Config, Secret, WebhookSettings
from qy_landing.errors import DeliveryError, PermanentDeliveryError, RateLimitedError
from qy_landing.reminders.channels import Channels
from qy_landing.reminders.channels.answers import app_failure
from tests.reminders.channels.support import message, robots

ASCII_WORD = re.compile(r"[A-Za-z]{2,}")


def chinese_part(text: str) -> str:
    """The line without the platform's own text (after 平台原文：) and the protocol name."""
    return text.split("；平台原文：")[0].replace("HTTP", "")


def refused(receiver, channel: str, answer: dict) -> DeliveryError:
    receiver.responses = [(200, answer)]
    config = Config(**{channel: robots(receiver, "/robot/send?access_token=T")})
    with pytest.raises(DeliveryError) as caught:
        Channels(config).get(channel).send(message())
    assert caught.value.msg is not None
    return caught.value


KNOWN = [
    (
        "dingtalk",
        310000,
        "keywords not in content",
        PermanentDeliveryError,
        "关键词不匹配或签名错误",
    ),
    ("dingtalk", 300001, "token is not exist", PermanentDeliveryError, "机器人令牌无效"),
    ("dingtalk", 130101, "send too fast", RateLimitedError, "发送过快"),
    ("wecom", 93000, "invalid webhook url", PermanentDeliveryError, "机器人地址无效"),
    ("wecom", 45009, "api freq out of limit", RateLimitedError, "发送过快"),
]


@pytest.mark.parametrize(("channel", "code", "raw", "kind", "reason"), KNOWN)
def test_known_robot_codes_read_in_chinese_with_the_raw_text_after(
    receiver, channel, code, raw, kind, reason
):
    """Each known errcode: a Chinese reason, the fitting failure kind, the raw text last."""
    error = refused(receiver, channel, {"errcode": code, "errmsg": raw})
    assert type(error) is kind
    robot = "钉钉群机器人" if channel == "dingtalk" else "企业微信群机器人"
    zh = error.msg.render("zh")
    assert zh.startswith(f"{robot}拒收：错误码 {code}（{reason}")
    assert zh.endswith(f"；平台原文：{raw}")
    assert not ASCII_WORD.search(chinese_part(zh)), zh
    assert str(error).startswith(f"{channel}: errcode {code} (")  # recorded and logged


def test_the_example_line_of_dingtalk_310000(receiver):
    """The whole line a Chinese reader sees for a refused keyword."""
    error = refused(receiver, "dingtalk", {"errcode": 310000, "errmsg": "keywords not in content"})
    assert error.msg.render("zh") == (
        "钉钉群机器人拒收：错误码 310000（关键词不匹配或签名错误）"
        "；平台原文：keywords not in content"
    )


def test_dingtalk_rate_limit_waits_ten_minutes(receiver):
    """130101: blocked for 10 minutes, so the reminder waits that long, no attempt used."""
    error = refused(receiver, "dingtalk", {"errcode": 130101, "errmsg": "send too fast"})
    assert isinstance(error, RateLimitedError) and error.retry_after == 600.0


def test_an_unknown_code_is_an_ordinary_failure_still_worded_in_chinese(receiver):
    """A code not known here: retried as before; the line names robot and code in Chinese."""
    error = refused(receiver, "wecom", {"errcode": 40058, "errmsg": "invalid param"})
    assert type(error) is DeliveryError
    assert error.msg.render("zh") == "企业微信群机器人拒收：错误码 40058；平台原文：invalid param"
    assert str(error) == "wecom: errcode 40058: invalid param"


def test_an_answer_without_errmsg_has_no_empty_detail(receiver):
    """No platform text: the line ends with the reason, not with an empty 平台原文."""
    error = refused(receiver, "wecom", {"errcode": 93000})
    assert error.msg.render("zh").endswith("（机器人地址无效：机器人已被移除或地址中的密钥有误）")


@pytest.mark.parametrize(
    ("status", "reason", "kind"),
    [
        (404, "地址不存在，请检查配置的地址", DeliveryError),
        (503, "服务暂不可用", DeliveryError),
        (418, "请求被拒绝", DeliveryError),
        (599, "平台服务器出错", DeliveryError),
        (429, "请求过于频繁，稍后自动重发", RateLimitedError),
    ],
)
def test_http_error_statuses_get_a_chinese_reason(receiver, status, reason, kind):
    """4xx/5xx: HTTP and the status, a Chinese reason, the status line's text after it."""
    receiver.responses = [(status, {"error": "x"})]
    config = Config(webhook=WebhookSettings(url=Secret(f"{receiver.url}/hook")))
    with pytest.raises(DeliveryError) as caught:
        Channels(config).get("webhook").send(message())
    assert type(caught.value) is kind
    zh = caught.value.msg.render("zh")
    assert zh.startswith(f"请求失败：HTTP {status}（{reason}）")
    assert not ASCII_WORD.search(chinese_part(zh)), zh
    assert str(caught.value).startswith(f"HTTP {status} (")


def test_an_app_refusal_names_the_call_in_chinese():
    """A chat app's refusal: the app, what was asked of it and the code, in Chinese."""
    msg = app_failure("wecom_app", "message/send", 81013, "user & party & tag all invalid", None)
    assert msg.render("zh") == (
        "企业微信应用拒收（发送应用消息）：错误码 81013；平台原文：user & party & tag all invalid"
    )
    assert (
        msg.render("en") == "wecom_app: message/send errcode 81013: user & party & tag all invalid"
    )


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_remind_send_reports_a_refusal_once_in_chinese(office_url, receiver, tmp_path: Path):
    """`remind send` in Chinese: one Chinese line per refused reminder, no English beside it."""
    from tests.reminders.conftest import refusing_robot

    config = refusing_robot(office_url, receiver, tmp_path, "TOKEN12345678")
    base = [sys.executable, "-m", "qy_landing", "--db", office_url, "--lang", "zh", "remind"]
    generated = subprocess.run(
        [*base, "run", "--as-of", "2026-10-12T09:00", "--kind", "monthly", "--config", str(config)],
        capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stderr
    sent = subprocess.run(
        [*base, "send", "--config", str(config)],
        capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip
    problems = [line for line in sent.stderr.splitlines() if "monthly:" in line]
    assert len(problems) == 2, sent.stderr
    assert len({p.split("：")[0] for p in problems}) == 2  # each reminder once
    expected = (
        "钉钉群机器人拒收：错误码 310000（关键词不匹配或签名错误）"
        "；平台原文：keywords not in content"
    )
    assert all(p.endswith(expected) for p in problems), problems
    assert sent.stderr.count("310000") == 2  # no second (English) line for the same failure
    assert "errcode" not in sent.stderr and "TOKEN12345678" not in sent.stderr
    assert "失败 2" in sent.stdout
