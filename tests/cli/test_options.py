"""Option values of the commands: read by qy_landing.parsing, in the office's time zone."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from qy_landing.cli.options import (
    parse_amount,
    parse_date,
    parse_datetime,
    parse_month,
    parse_number,
    parse_optional_date,
    parse_positive_int,
)
from qy_landing.clock import OFFICE_TZ
from qy_landing.errors import InvalidValueError


@pytest.mark.parametrize("value", [" 2026-10-31 ", "2026/10/31", "2026.10.31", "2026年10月31日"])
def test_dates_are_read_in_every_accepted_form(value):
    """ISO, slashes, dots and 年月日 (with blanks around) give the same date."""
    assert date(2026, 10, 31) == parse_date(value)


@pytest.mark.parametrize("value", ["2026-13-01", "2026-02-30", "31.10.2026", "", "x", "1989-12-31"])
def test_bad_date_names_the_forms_and_range_in_both_languages(value):
    """A bad date is a user error naming the accepted forms and years, in Chinese and English."""
    with pytest.raises(InvalidValueError) as caught:
        parse_date(value)
    assert "a date from 1990 to 2100, e.g. 2026-10-05, 2026/10/5" in caught.value.render("en")
    assert "1990–2100 年间的日期，如 2026-10-05" in caught.value.render("zh")


def test_missing_optional_date_stays_missing():
    """An option left out is None; a given one is parsed."""
    assert parse_optional_date(None) is None
    assert date(2026, 1, 4) == parse_optional_date("2026-01-04")


def test_month_is_read_with_or_without_leading_zero():
    """YYYY-MM, YYYY-M and 2026年10月 give (year, month)."""
    assert parse_month("2026-10") == (2026, 10)
    assert parse_month("2027-1") == (2027, 1)
    assert parse_month("2026年10月") == (2026, 10)


@pytest.mark.parametrize("value", ["2026-13", "2026", "10-2026", "2026-00"])
def test_bad_month_says_the_expected_form(value):
    """A bad month names the accepted forms."""
    with pytest.raises(InvalidValueError) as caught:
        parse_month(value)
    assert "a month from 1990 to 2100, e.g. 2026-10" in caught.value.render("en")


def test_datetime_without_zone_is_office_time():
    """A time without a zone is read in Asia/Shanghai; a bare date is midnight."""
    assert datetime(2026, 10, 12, 9, 30, tzinfo=OFFICE_TZ) == parse_datetime("2026-10-12T09:30")
    assert datetime(2026, 10, 12, 9, 30, tzinfo=OFFICE_TZ) == parse_datetime("2026-10-12 09:30")
    assert datetime(2026, 10, 12, 9, 30, tzinfo=OFFICE_TZ) == parse_datetime("2026/10/12 9:30")
    assert datetime(2026, 10, 12, tzinfo=OFFICE_TZ) == parse_datetime("2026-10-12")


def test_bad_datetime_names_both_forms():
    """A bad time names the accepted forms."""
    with pytest.raises(InvalidValueError) as caught:
        parse_datetime("tomorrow 9am")
    assert "2026-10-12T09:30" in caught.value.render("en")


def test_amount_is_exact():
    """Amounts in 亿元 keep every decimal exactly; separators and 万/亿 units are accepted."""
    assert Decimal("12.5") == parse_amount("12.5")
    assert Decimal("1234.5") == parse_amount("1,234.5")
    assert Decimal("0.5") == parse_amount("5,000万元")


@pytest.mark.parametrize("value", ["-1", "abc", "1.23456", "nan", "inf", "1e30"])
def test_bad_amount_is_refused(value):
    """Negative, non-numeric, over-precise or exponent amounts are refused with the range."""
    with pytest.raises(InvalidValueError) as caught:
        parse_amount(value)
    assert "0 至 1000000 亿元" in caught.value.render("zh")


def test_numbers_and_counts():
    """Numbers may not be negative; counts must be whole and above 0."""
    assert parse_number("12,000") == 12000.0
    with pytest.raises(InvalidValueError):
        parse_number("-5")
    with pytest.raises(InvalidValueError):
        parse_number("inf")
    assert parse_positive_int("3") == 3
    with pytest.raises(InvalidValueError):
        parse_positive_int("0")
