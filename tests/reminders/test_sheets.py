"""Progress sheets by e-mail: attached, to each unit's contact, once per unit and month."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from openpyxl import load_workbook

from qy_landing.config import Config, EmailSettings, SheetsConfig
from qy_landing.reminders.sheets import send_progress_sheets
from qy_landing.testing.pgserver import free_port
from tests.builders import person, project


class Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.original_content)
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def test_each_unit_gets_its_sheet_once_a_month(ctx, smtp, tmp_path):
    """The contact receives the xlsx and the return date; a second run sends nothing."""
    inbox, port = smtp
    person(ctx, "张伟", email="zhangwei@example.gov.cn")
    project(ctx)
    config = Config(
        email=EmailSettings(
            host="127.0.0.1", port=port, security="plain", sender="落地办 <luodi@example.gov.cn>"
        ),
        sheets=SheetsConfig(return_days=5, contacts={"环县": "张伟", "庆城县": "无名"}),
    )
    sent = send_progress_sheets(ctx, config, tmp_path)
    assert [(s.unit, s.outcome) for s in sent] == [("环县", "sent"), ("庆城县", "no_contact")]
    assert len(inbox.messages) == 1
    mail = message_from_bytes(inbox.messages[0], policy=default_policy)
    assert mail["To"].addresses[0].addr_spec == "zhangwei@example.gov.cn"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "2026-10-19" in text  # 5 working days after Monday 2026-10-12
    attachment = next(mail.iter_attachments())
    assert attachment.get_filename() == "进度表-环县-2026-10.xlsx"
    saved = tmp_path / "back.xlsx"
    saved.write_bytes(attachment.get_content())
    assert load_workbook(saved).worksheets[0].max_row > 1
    again = send_progress_sheets(ctx, config, tmp_path)
    assert again[0].outcome == "already_sent" and len(inbox.messages) == 1


def test_a_refused_sheet_says_why_in_either_language_and_is_recorded(ctx, tmp_path):
    """No server listens: the unit's result and its outbox row carry the failure's message,
    read in Chinese or English."""
    from qy_landing.reminders.deliver import list_reminders

    person(ctx, "张伟", email="zhangwei@example.gov.cn")
    project(ctx)
    config = Config(
        email=EmailSettings(host="127.0.0.1", port=free_port(), security="plain", sender="a@b.cn"),
        sheets=SheetsConfig(contacts={"环县": "张伟"}),
    )
    (sent,) = send_progress_sheets(ctx, config, tmp_path)
    assert sent.outcome == "failed" and not isinstance(sent.detail, str)
    assert sent.detail is not None and sent.detail.render("zh").startswith(
        "邮件发送失败；系统提示："
    )
    (row,) = list_reminders(ctx)[0]
    assert row.error_text("zh") == sent.detail.render("zh")
    assert row.error_text("en") == row.last_error and row.last_error.startswith("email: ")
