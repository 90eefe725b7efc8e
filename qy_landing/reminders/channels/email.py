"""E-mail over SMTP (``smtplib``): STARTTLS, SSL or plain, with or without login.

The message is UTF-8 text; its ``Message-ID`` is derived from the reminder key (the same
reminder sent twice has the same id, so mail clients show it once) and the key is also
in an ``X-QY-Reminder-Key`` header and at the end of the text.
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, formatdate, parseaddr

from qy_landing.config import Config, EmailSettings
from qy_landing.errors import DeliveryError, Msg, PermanentDeliveryError
from qy_landing.reminders.channels.answers import detail
from qy_landing.reminders.channels.base import Outgoing

KEY_HEADER = "X-QY-Reminder-Key"
XLSX_SUBTYPE = "vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def message_id(key: str, sender: str) -> str:
    domain = parseaddr(sender)[1].rpartition("@")[2] or "qy-landing.invalid"
    return f"<{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@{domain}>"


def build_message(message: Outgoing, config: Config) -> EmailMessage:
    settings = config.email
    person = message.recipient
    if not person.email:
        raise PermanentDeliveryError(
            Msg("remind.delivery.no_address", channel="email", person=person.name)
        )
    sender = settings.sender or ""
    mail = EmailMessage()
    mail["Subject"] = message.title
    mail["From"] = sender
    mail["To"] = formataddr((person.name, person.email))
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = message_id(message.key, sender)
    mail[KEY_HEADER] = message.key
    mail.set_content(f"{message.body}\n\n-- \n{message.footer(config)}\n", charset="utf-8")
    for path in message.attachments:
        mail.add_attachment(
            path.read_bytes(),
            maintype="application",
            subtype=XLSX_SUBTYPE if path.suffix == ".xlsx" else "octet-stream",
            filename=path.name,
        )
    return mail


def _context(settings: EmailSettings) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(settings.ca_file) if settings.ca_file else None)


class EmailChannel:
    name = "email"

    def __init__(self, config: Config) -> None:
        self.config = config
        self.settings = config.email

    def send(self, message: Outgoing) -> None:
        settings = self.settings
        if not settings.configured:
            raise PermanentDeliveryError(
                Msg(
                    "remind.delivery.not_configured",
                    channel="email",
                    keys=["channels.email.host", "channels.email.from"],
                )
            )
        mail = build_message(message, self.config)
        host = settings.host or ""
        try:
            server: smtplib.SMTP
            if settings.security == "ssl":
                server = smtplib.SMTP_SSL(
                    host, settings.port, timeout=settings.timeout, context=_context(settings)
                )
            else:
                server = smtplib.SMTP(host, settings.port, timeout=settings.timeout)
            with server:
                if settings.security == "starttls":
                    server.starttls(context=_context(settings))
                if settings.username:
                    password = settings.password.reveal() if settings.password else ""
                    server.login(settings.username, password)
                server.send_message(mail)
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(Msg("remind.delivery.email.login", code=exc.smtp_code)) from None
        except smtplib.SMTPRecipientsRefused:
            raise DeliveryError(
                Msg("remind.delivery.email.recipient", address=message.recipient.email or "")
            ) from None
        except smtplib.SMTPResponseException as exc:
            said = (
                exc.smtp_error.decode("utf-8", "replace")
                if isinstance(exc.smtp_error, bytes)
                else str(exc.smtp_error)
            )
            raise DeliveryError(
                Msg("remind.delivery.email.answer", code=exc.smtp_code, detail=detail(said))
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(
                Msg("remind.delivery.email.failed", error=f"{type(exc).__name__}: {exc}")
            ) from None
