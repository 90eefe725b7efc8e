"""An app's access token: fetched once, kept for its lifetime, replaced once when invalid."""

from __future__ import annotations

from datetime import date

from qy_landing.clock import FixedClock
from qy_landing.reminders.channels.apptoken import AppToken
from qy_landing.reminders.channels.shared import MemoryShared


def test_fetched_once_kept_until_near_expiry_and_replaced_when_invalid():
    """One fetch for many calls; an "invalid" answer drops it and retries once; expiry refetches."""
    clock = FixedClock.on(date(2026, 10, 12))
    fetched: list[str] = []

    def fetch() -> tuple[str, float]:
        fetched.append(f"T{len(fetched) + 1}")
        return fetched[-1], 7200

    token = AppToken("app", MemoryShared(clock.now), fetch)
    assert token.call(lambda t: {"errcode": 0, "token": t}, frozenset({42001})) == {
        "errcode": 0,
        "token": "T1",
    }
    assert token.get() == "T1" and fetched == ["T1"]
    answers = iter([{"errcode": 42001}, {"errcode": 0}])
    used: list[str] = []

    def request(t: str) -> dict[str, int]:
        used.append(t)
        return next(answers)

    assert token.call(request, frozenset({42001})) == {"errcode": 0}
    assert used == ["T1", "T2"]
    assert token.call(lambda t: {"errcode": 42001}, frozenset({42001})) == {"errcode": 42001}
    assert fetched == ["T1", "T2", "T3"]  # a second "invalid" is returned, not looped on
    clock.advance(seconds=7200)
    assert token.get() == "T4"
