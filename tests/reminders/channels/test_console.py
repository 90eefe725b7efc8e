"""The console channel: what a person sees printed."""

from __future__ import annotations

import io

from qy_landing.config import Config
from qy_landing.reminders.channels import Channels
from tests.reminders.channels.support import message


def test_console_prints_title_body_and_key():
    stream = io.StringIO()
    Channels(Config(), stream=stream).get("console").send(message())
    text = stream.getvalue()
    assert "李娜（环县） · overdue:1:2026-09-04:0:2" in text
    assert "【逾期督办】环县风电：项目备案已逾期 3 个工作日\n\n项目备案已逾期 3 个工作日" in text
    assert "提醒编号：overdue:1:2026-09-04:0:2" in text
