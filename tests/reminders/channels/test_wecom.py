"""WeCom group robots: the exact markdown body, mentions, long messages split."""

from __future__ import annotations

from qy_landing.config import Config
from qy_landing.reminders.channels import Channels
from tests.reminders.channels.support import message, robots


def test_wecom_sends_the_exact_markdown_body_with_mention_and_key(receiver):
    """One POST: msgtype markdown, the title, body, key footer and <@userid> mention."""
    config = Config(wecom=robots(receiver, "/cgi-bin/webhook/send?key=WECOMKEY123"))
    Channels(config).get("wecom").send(message())
    (request,) = receiver.requests
    assert request.path == "/cgi-bin/webhook/send"
    assert request.query == {"key": ["WECOMKEY123"]}
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.body == {
        "msgtype": "markdown",
        "markdown": {
            "content": "## 【逾期督办】环县风电：项目备案已逾期 3 个工作日\n\n"
            "项目备案已逾期 3 个工作日\n\n"
            "> 提醒编号：overdue:1:2026-09-04:0:2\n\n<@lina>",
        },
    }


def test_wecom_splits_long_messages_into_numbered_parts_within_4096_bytes(receiver):
    """A 10 000-byte digest goes in parts ≤ 4096 bytes, cut at line ends, each with the key."""
    config = Config(wecom=robots(receiver, "/send?key=K"))
    lines = [f"{i:03d} 环县风电项目 用地预审与选址意见书 剩余 5 个工作日" for i in range(140)]
    body = "\n".join(lines)
    Channels(config).get("wecom").send(message(body))
    contents = [r.body["markdown"]["content"] for r in receiver.requests]
    assert len(contents) >= 3
    total = len(contents)
    for index, content in enumerate(contents, 1):
        assert len(content.encode("utf-8")) <= 4096
        assert f"（{index}/{total}）" in content.splitlines()[0]
        assert f"提醒编号：overdue:1:2026-09-04:0:2（{index}/{total}）" in content
    chunks = [c.split("\n\n", 1)[1].rsplit("\n\n> ", 1)[0] for c in contents]
    assert "\n".join(chunks) == body
    assert contents[0].endswith("<@lina>") and not contents[1].endswith("<@lina>")
