"""Time as a parameter: the fixed clock says what it is told, in the office's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from qy_landing.clock import OFFICE_TZ, FixedClock, SystemClock


def test_a_fixed_clock_on_a_day_is_that_day_in_shanghai():
    """`FixedClock.on` is 09:00 office time; today() is the office's date."""
    clock = FixedClock.on(date(2026, 11, 27))
    assert clock.now() == datetime(2026, 11, 27, 9, tzinfo=OFFICE_TZ)
    assert clock.today() == date(2026, 11, 27)


def test_a_naive_moment_is_read_in_the_clock_zone_and_dates_follow_the_office():
    """Late evening UTC is already the next day in Shanghai."""
    assert FixedClock(datetime(2026, 11, 27, 9)).now().utcoffset() == timedelta(hours=8)
    late_utc = FixedClock(datetime(2026, 11, 27, 20, tzinfo=UTC))
    assert late_utc.today() == date(2026, 11, 28)


def test_a_fixed_clock_moves_only_when_told():
    """advance() moves it; nothing else does."""
    clock = FixedClock.on(date(2026, 1, 30), hour=23)
    before = clock.now()
    assert clock.now() == before
    clock.advance(hours=2)
    assert clock.today() == date(2026, 1, 31)


def test_the_system_clock_is_aware_and_in_its_zone():
    """The wall clock comes back aware, in the zone it was given."""
    zone = timezone(timedelta(hours=5))
    now = SystemClock(tz=zone).now()
    assert now.utcoffset() == timedelta(hours=5)
    assert SystemClock().today() == SystemClock().now().date()
