"""China's working days: the official 2026 schedule, office overrides, provisional years."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from qy_landing.calendar import (
    WorkCalendar,
    is_official_year,
    schedule_fingerprint,
    statutory_holidays,
)

calendar = WorkCalendar()


def test_2026_has_248_working_days():
    assert calendar.workdays_in_year(2026) == 248


def test_make_up_weekend_days_of_2026_are_working_days():
    for day in ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"):
        assert calendar.is_workday(date.fromisoformat(day)), day


def test_statutory_holidays_are_not_working_days():
    assert not calendar.is_workday(date(2026, 10, 1))  # National Day, a Thursday
    assert not calendar.is_workday(date(2026, 9, 25))  # Mid-Autumn Festival, a Friday


def test_20_working_days_after_mid_autumn_2026_crosses_national_day():
    """Across Mid-Autumn, the National Day week and the 10/10 make-up Saturday."""
    assert calendar.add_workdays(date(2026, 9, 25), 20) == date(2026, 10, 29)
    assert calendar.workdays_between(date(2026, 9, 25), date(2026, 10, 29)) == 20


def test_first_working_day_of_each_month_in_2026():
    firsts = [calendar.first_workday_of_month(2026, m).isoformat() for m in range(1, 13)]
    assert firsts == [
        "2026-01-04",
        "2026-02-02",
        "2026-03-02",
        "2026-04-01",
        "2026-05-06",
        "2026-06-01",
        "2026-07-01",
        "2026-08-03",
        "2026-09-01",
        "2026-10-08",
        "2026-11-02",
        "2026-12-01",
    ]


def test_a_year_without_official_schedule_is_provisional_and_never_raises():
    assert not is_official_year(2027)
    deadline = calendar.deadline(date(2026, 12, 20), 20)
    assert deadline.provisional
    assert deadline.due == date(2027, 1, 18)  # weekends and 元旦 2027-01-01
    assert not calendar.deadline(date(2026, 9, 1), 10).provisional


def test_office_closure_moves_the_count():
    closed = WorkCalendar({date(2026, 10, 12): False})
    assert closed.add_workdays(date(2026, 10, 9), 2) == date(2026, 10, 13)
    assert calendar.add_workdays(date(2026, 10, 9), 2) == date(2026, 10, 12)


def test_office_can_declare_a_working_weekend():
    opened = WorkCalendar({date(2027, 2, 20): True})  # e.g. the 2027 schedule, entered early
    assert opened.is_workday(date(2027, 2, 20))
    assert not calendar.is_workday(date(2027, 2, 20))


@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
    n=st.integers(min_value=1, max_value=400),
)
def test_adding_then_counting_working_days_round_trips(start, n):
    """workdays_between(d, add_workdays(d, n)) == n, and the result is a working day."""
    due = calendar.add_workdays(start, n)
    assert calendar.is_workday(due)
    assert calendar.workdays_between(start, due) == n
    assert calendar.add_workdays(due, -n) <= start or not calendar.is_workday(start)


@given(
    a=st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
    span=st.integers(min_value=0, max_value=500),
)
def test_counting_agrees_with_walking_day_by_day(a, span):
    b = a + timedelta(days=span)
    walked = sum(1 for i in range(1, span + 1) if calendar.is_workday(a + timedelta(days=i)))
    assert calendar.workdays_between(a, b) == walked
    assert calendar.workdays_between(b, a) == -walked


def test_a_30_working_day_limit_from_2026_11_30_comes_due_2027_01_12():
    """New Year's Day 2027 is a holiday even before the 2027 schedule is published."""
    deadline = calendar.deadline(date(2026, 11, 30), 30)
    assert deadline == type(deadline)(date(2027, 1, 12), True)


def test_the_statutory_holidays_of_2027_are_not_working_days():
    """元旦, 春节 除夕–初三, 清明, 劳动节, 端午, 中秋 and 国庆 1–3 Oct (law-fixed dates)."""
    for day in (
        "2027-01-01",
        "2027-02-05",  # 除夕
        "2027-02-08",  # 初三
        "2027-04-05",
        "2027-05-01",
        "2027-06-09",
        "2027-09-15",
        "2027-10-01",
        "2027-10-03",
    ):
        assert not calendar.is_workday(date.fromisoformat(day)), day
        assert calendar.is_provisional(date.fromisoformat(day))
    assert calendar.is_workday(date(2027, 2, 9))  # no bridge days guessed
    assert calendar.is_workday(date(2027, 10, 4))
    assert date(2027, 2, 5) in statutory_holidays(2027)


def test_a_year_fingerprint_says_whether_it_is_official():
    """The fingerprint of a year names its kind and changes with its data."""
    assert schedule_fingerprint(2026).startswith("official:")
    assert schedule_fingerprint(2027).startswith("provisional:")
    assert schedule_fingerprint(2027) != schedule_fingerprint(2028)
