"""E-mail through a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from qy_landing.config import Config, EmailSettings, Secret
from qy_landing.errors import DeliveryError, PermanentDeliveryError
from qy_landing.reminders.channels import Outgoing, Recipient
from qy_landing.reminders.channels.email import EmailChannel, message_id
from qy_landing.testing.pgserver import free_port

KEY = "monthly:7:2026-10"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.original_content))
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == b"luodiban"
        and auth_data.password == b"s3cret-pass"
    )
    return AuthResult(success=ok, handled=False)


def outgoing(email: str | None = "zhangwei@example.gov.cn") -> Outgoing:
    return Outgoing(
        id=1,
        key=KEY,
        kind="monthly",
        period="2026-10",
        channel="email",
        lang="zh",
        title="【月度调度】2026年10月 项目调度提醒：张伟（2 个项目）",
        body="### 1. 环县 100MW 风电项目\n- 项目备案（县级）：已提交，**已逾期 22 个工作日**",
        recipient=Recipient(id=7, name="张伟", unit="环县", email=email),
    )


@pytest.fixture
def smtp():
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, authenticator=authenticator, auth_require_tls=False
    )
    controller.start()
    yield inbox, port
    controller.stop()


def test_email_arrives_with_utf8_body_subject_and_key_header(smtp):
    """Plain SMTP with login: Chinese subject and body intact, key in a header and the text."""
    inbox, port = smtp
    config = Config(
        email=EmailSettings(
            host="127.0.0.1",
            port=port,
            security="plain",
            username="luodiban",
            password=Secret("s3cret-pass"),
            sender="落地办 <luodiban@qingyang.gov.cn>",
        )
    )
    EmailChannel(config).send(outgoing())
    ((sender, recipients, raw),) = inbox.messages
    assert sender == "luodiban@qingyang.gov.cn"
    assert recipients == ["zhangwei@example.gov.cn"]
    mail = message_from_bytes(raw, policy=default_policy)
    assert mail["Subject"] == "【月度调度】2026年10月 项目调度提醒：张伟（2 个项目）"
    assert mail["To"] == "张伟 <zhangwei@example.gov.cn>"
    assert mail["X-QY-Reminder-Key"] == KEY
    assert mail["Message-ID"] == message_id(KEY, "luodiban@qingyang.gov.cn")
    assert mail["Message-ID"].endswith("@qingyang.gov.cn>")
    assert mail.get_content_charset() == "utf-8"
    text = mail.get_content()
    assert "项目备案（县级）：已提交，**已逾期 22 个工作日**" in text
    assert text.rstrip().endswith(f"提醒编号：{KEY}")


def test_wrong_password_is_a_failed_attempt_without_the_password(smtp):
    """A refused login is retried later; the error never shows the password."""
    _, port = smtp
    config = Config(
        email=EmailSettings(
            host="127.0.0.1",
            port=port,
            security="plain",
            username="luodiban",
            password=Secret("wrong-pass"),
            sender="luodiban@qingyang.gov.cn",
        )
    )
    with pytest.raises(DeliveryError) as caught:
        EmailChannel(config).send(outgoing())
    assert "wrong-pass" not in str(caught.value)
    assert caught.value.msg is not None
    assert caught.value.msg.render("zh").startswith("邮件服务器拒绝登录（535）：请检查")
    assert str(caught.value) == "email: login refused (535)"


def test_an_unreachable_server_is_worded_in_chinese():
    """Nothing listening: 邮件发送失败 first, the system's own text only after it."""
    config = Config(
        email=EmailSettings(
            host="127.0.0.1", port=free_port(), security="plain", sender="luodiban@qingyang.gov.cn"
        )
    )
    with pytest.raises(DeliveryError) as caught:
        EmailChannel(config).send(outgoing())
    assert caught.value.msg is not None
    assert caught.value.msg.render("zh").startswith(
        "邮件发送失败；系统提示：ConnectionRefusedError"
    )


def test_person_without_address_fails_permanently(smtp):
    _, port = smtp
    config = Config(
        email=EmailSettings(
            host="127.0.0.1", port=port, security="plain", sender="luodiban@qingyang.gov.cn"
        )
    )
    with pytest.raises(PermanentDeliveryError):
        EmailChannel(config).send(outgoing(email=None))


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not found")
def test_starttls_with_the_offices_own_certificate_authority(tmp_path: Path):
    """STARTTLS to a server whose certificate the configured ca_file vouches for."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox, port = Inbox(), free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
    )
    controller.start()
    try:
        config = Config(
            email=EmailSettings(
                host="127.0.0.1",
                port=port,
                security="starttls",
                username="luodiban",
                password=Secret("s3cret-pass"),
                sender="luodiban@qingyang.gov.cn",
                ca_file=cert,
            )
        )
        EmailChannel(config).send(outgoing())
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
