"""The senders' shared state in the database: tokens until they expire, SMS counts per number."""

from __future__ import annotations

from datetime import date

from qy_landing.reminders.deliver import send_pending
from qy_landing.reminders.generate import generate
from qy_landing.reminders.shared_db import DatabaseShared
from tests.reminders.conftest import set_route


def test_a_token_is_shared_until_five_minutes_before_it_expires(ctx):
    """keep → every reader gets it; near its expiry, or dropped, it is gone."""
    first, second = DatabaseShared(ctx), DatabaseShared(ctx)
    assert first.token("wecom_app:x") is None
    first.keep_token("wecom_app:x", "TOKEN-1", 7200)
    assert second.token("wecom_app:x") == "TOKEN-1"
    second.keep_token("wecom_app:x", "TOKEN-2", 7200)  # replaced, not duplicated
    assert first.token("wecom_app:x") == "TOKEN-2"
    first.drop_token("wecom_app:x", "TOKEN-1")  # an old token: nothing happens
    assert first.token("wecom_app:x") == "TOKEN-2"
    ctx.clock.advance(seconds=7200 - 299)
    assert first.token("wecom_app:x") is None
    first.keep_token("wecom_app:x", "TOKEN-3", 7200)
    first.drop_token("wecom_app:x", "TOKEN-3")
    assert second.token("wecom_app:x") is None


def test_sms_sent_today_counts_the_outbox_by_number_and_office_day(octx, platforms):
    """Two reminders to 张伟's number by SMS today; none yesterday or to another number."""
    set_route(octx, "张伟", "sms", "")
    generate(octx)  # the monthly digest and the overdue rungs
    assert send_pending(octx, config=platforms.config()).sent >= 2
    shared = DatabaseShared(octx)
    sent = shared.sms_sent("13800000001", date(2026, 10, 12))
    assert sent == len(platforms.sms.sent) >= 2
    assert shared.sms_sent("13800000001", date(2026, 10, 11)) == 0
    assert shared.sms_sent("13800000002", date(2026, 10, 12)) == 0
