"""The senders' shared state in the database: app access tokens and SMS counts per number.

Why the database and not a file: senders may run on several machines against one
PostgreSQL database (``remind send`` beside the daemon, a standby daemon), and they all
already share it; a token file would be shared only on one machine. The row holds the
short-lived token (two hours at most), never the app's secret. SMS counts are read from
the outbox itself (reminders delivered by SMS to persons with that number since the
office's midnight), so there is nothing extra to keep in step.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, func, select

from qy_landing.reminders.channels.shared import TOKEN_MARGIN
from qy_landing.services.context import Context
from qy_landing.store.models import ChannelToken, Person, Reminder, table_of

T_TOKEN = table_of(ChannelToken)
T_REMINDER = table_of(Reminder)
T_PERSON = table_of(Person)


class DatabaseShared:
    """:class:`~qy_landing.reminders.channels.shared.Shared` kept in the database of ``ctx``."""

    def __init__(self, ctx: Context, tz: Any = None) -> None:
        self.ctx = ctx
        self.tz = tz or ctx.clock.tz

    def now(self) -> datetime:
        return self.ctx.clock.now()

    def token(self, app: str) -> str | None:
        t = T_TOKEN
        with self.ctx.db.read() as session:
            row = session.execute(
                select(t.c.token).where(t.c.name == app, t.c.expires_at > self.now() + TOKEN_MARGIN)
            ).first()
        return None if row is None else str(row.token)

    def keep_token(self, app: str, token: str, expires_in: float) -> None:
        now = self.now()
        values = {
            "name": app,
            "token": token,
            "expires_at": now + timedelta(seconds=expires_in),
            "fetched_at": now,
        }
        if self.ctx.db.is_postgres:
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            statement: Any = pg_insert(T_TOKEN).values(values)
        else:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            statement = sqlite_insert(T_TOKEN).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=["name"],
            set_={k: statement.excluded[k] for k in ("token", "expires_at", "fetched_at")},
        )
        with self.ctx.db.write() as session:
            session.execute(statement)

    def drop_token(self, app: str, token: str) -> None:
        t = T_TOKEN
        with self.ctx.db.write() as session:
            session.execute(delete(t).where(t.c.name == app, t.c.token == token))

    def sms_sent(self, phone: str, day: date) -> int:
        r, p = T_REMINDER, T_PERSON
        start = datetime.combine(day, time(0), tzinfo=self.tz)
        with self.ctx.db.read() as session:
            count = session.execute(
                select(func.count())
                .select_from(r)
                .join(p, p.c.id == r.c.person_id)
                .where(
                    p.c.phone == phone,
                    r.c.delivered_via == "sms",
                    r.c.sent_at >= start,
                    r.c.sent_at < start + timedelta(days=1),
                )
            ).scalar_one()
        return int(count)

    def count_sms(self, phone: str, day: date) -> None:
        """Nothing to do: the outbox row records the delivery."""
