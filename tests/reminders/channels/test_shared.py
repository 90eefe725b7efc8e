"""The in-process store of tokens and SMS counts (the database one: test_shared_db.py)."""

from __future__ import annotations

from datetime import date

from qy_landing.clock import FixedClock
from qy_landing.reminders.channels.shared import MemoryShared


def test_tokens_expire_five_minutes_early_and_counts_are_per_number_and_day():
    """A token kept for 600 s is gone after 300 s; SMS counts by (number, day)."""
    clock = FixedClock.on(date(2026, 10, 12))
    shared = MemoryShared(clock.now)
    shared.keep_token("app", "T1", 600)
    assert shared.token("app") == "T1"
    shared.drop_token("app", "other")
    assert shared.token("app") == "T1"
    clock.advance(seconds=300)
    assert shared.token("app") is None
    shared.count_sms("13800000001", date(2026, 10, 12))
    shared.count_sms("13800000001", date(2026, 10, 12))
    assert shared.sms_sent("13800000001", date(2026, 10, 12)) == 2
    assert shared.sms_sent("13800000001", date(2026, 10, 13)) == 0
