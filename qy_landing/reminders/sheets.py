"""Sending the progress sheets: one e-mail per unit and month, the sheet attached.

Each unit's contact (``[sheets] contacts`` in the config: unit → a person of that unit
with an e-mail address) gets the unit's progress sheet
(:mod:`qy_landing.reports.progress_sheet`) and a short digest naming the date by which
to send it back (``[sheets] return_days`` working days after the day of sending).

The outbox's unique key ``sheet:<unit id>:<YYYY-MM>`` makes it exactly once per unit and
month: a sent row is never sent again; a failed one is tried again on the next run. The
row is held (``sending``, claimed far ahead) while this module sends it, so the ordinary
delivery loop never sends it without its attachment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from qy_landing import i18n
from qy_landing.config import Config
from qy_landing.errors import DeliveryError
from qy_landing.i18n import Msg
from qy_landing.reminders.channels.base import Outgoing, Recipient
from qy_landing.reminders.channels.email import EmailChannel
from qy_landing.reminders.failures import CLEARED, from_exception
from qy_landing.reports.progress_sheet import month_of, sheet_file_name, write_progress_sheet
from qy_landing.reports.writers import open_target
from qy_landing.services.context import Context
from qy_landing.store.models import Person, Reminder, Unit, table_of

_HOLD = timedelta(days=3650)


@dataclass(frozen=True)
class SheetSent:
    """What happened to one unit's sheet: ``sent``, ``already_sent``, ``failed``, ``no_contact``."""

    unit: str
    outcome: str
    contact: str | None = None
    detail: Msg | str | None = None  # why it failed, in either language
    path: Path | None = None


def sheet_key(unit_id: int, month: str) -> str:
    return f"sheet:{unit_id}:{month}"


def send_progress_sheets(
    ctx: Context, config: Config, folder: Path, *, as_of: date | None = None
) -> list[SheetSent]:
    """Send every configured unit its sheet of ``as_of``'s month (once per unit and month)."""
    day = as_of or ctx.today()
    month = month_of(day)
    deadline = config.sheets.return_by(ctx.calendar(), day)
    results: list[SheetSent] = []
    reminder = table_of(Reminder)
    for unit_name, contact in config.sheets.contacts.items():
        with ctx.db.read() as session:
            unit = session.execute(
                select(Unit).where(col(Unit.name) == unit_name)
            ).scalar_one_or_none()
            person = (
                session.execute(
                    select(Person).where(
                        col(Person.name) == contact, col(Person.unit_id) == unit.id
                    )
                ).scalar_one_or_none()
                if unit is not None
                else None
            )
        if unit is None or unit.id is None or person is None or not person.email:
            results.append(SheetSent(unit_name, "no_contact", contact))
            continue
        key = sheet_key(unit.id, month)
        lang = person.lang if person.lang in i18n.LANGS else "zh"
        title = i18n.t("sheet.mail.title", lang, unit=unit.name, month=month)
        body = i18n.t("sheet.mail.body", lang, unit=unit.name, month=month, deadline=deadline)
        now = ctx.clock.now()
        with ctx.db.write_connection() as connection:
            found = connection.execute(
                select(reminder.c.id, reminder.c.status).where(reminder.c.key == key)
            ).first()
            if found is not None and found.status in ("sent", "sending"):
                results.append(SheetSent(unit.name, "already_sent", contact))
                continue
            values = {
                "status": "sending",
                "claimed_by": "sheets",
                "claimed_until": now + _HOLD,
                "title": title,
                "body": body,
            }
            if found is None:
                try:
                    reminder_id = connection.execute(
                        insert(reminder).returning(reminder.c.id),
                        {
                            "key": key,
                            "kind": "sheet",
                            "person_id": person.id,
                            "period": month,
                            "channel": "email",
                            "lang": lang,
                            "attempts": 1,
                            "next_attempt_at": now,
                            "created_at": now,
                            **values,
                        },
                    ).scalar_one()
                except IntegrityError:  # another run took it just now
                    results.append(SheetSent(unit.name, "already_sent", contact))
                    continue
            else:
                reminder_id = found.id
                connection.execute(
                    update(reminder)
                    .where(reminder.c.id == reminder_id)
                    .values(attempts=reminder.c.attempts + 1, **values)
                )
        path = folder / sheet_file_name(unit.name, month, lang)
        with ctx.db.read() as session, open_target(path) as stream:
            write_progress_sheet(
                session.connection(), stream, unit.id, unit.name, day, lang, ctx.clock.now()
            )
        message = Outgoing(
            id=reminder_id,
            key=key,
            kind="sheet",
            period=month,
            channel="email",
            lang=lang,
            title=title,
            body=body,
            recipient=Recipient(person.id or 0, person.name, unit.name, email=person.email),
            attachments=(path,),
        )
        outcome, failed = "sent", None
        try:
            EmailChannel(config).send(message)
        except DeliveryError as exc:
            outcome, failed = "failed", from_exception(exc, "email", config.redact)
        with ctx.db.write_connection() as connection:
            connection.execute(
                update(reminder)
                .where(reminder.c.id == reminder_id)
                .values(
                    status=outcome,
                    claimed_by=None,
                    claimed_until=None,
                    sent_at=ctx.clock.now() if outcome == "sent" else None,
                    delivered_via="email" if outcome == "sent" else None,
                    **(failed.values() if failed is not None else CLEARED),
                )
            )
        detail = None if failed is None else failed.msg or failed.text
        results.append(SheetSent(unit.name, outcome, contact, detail, path))
    return results
