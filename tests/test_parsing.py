"""The one reader of dates, months, amounts and numbers (CLI, services and ledgers alike)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qy_landing.clock import OFFICE_TZ
from qy_landing.errors import ChoiceError, InvalidValueError
from qy_landing.parsing import (
    EARLIEST,
    LATEST,
    MAX_AMOUNT,
    find_date,
    format_amount,
    format_money,
    parse_amount,
    parse_date,
    parse_date_or_month,
    parse_datetime,
    parse_lang,
    parse_month,
    parse_number,
)

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
DATE_FORMS = (
    "{0:%Y-%m-%d}",
    "{0.year}/{0.month}/{0.day}",
    "{0.year}.{0.month}.{0.day}",
    "{0.year}年{0.month}月{0.day}日",
    "{0:%Y%m%d}",
)


@pytest.mark.parametrize(
    "text", ["2026-10-05", "2026/10/5", "2026.10.5", "2026年10月5日", "２０２６年１０月５日",
             "20261005", " 2026 / 10 / 05 ", "2026-10-05 00:00:00"],
)  # fmt: skip
def test_every_documented_date_form_reads_alike(text: str) -> None:
    """ISO, slashes, dots, 年月日, compact and full-width digits give the same date."""
    assert parse_date(text) == date(2026, 10, 5)


@given(st.dates(EARLIEST, LATEST), st.sampled_from(DATE_FORMS), st.booleans())
def test_any_date_formatted_in_an_accepted_form_parses_back(
    day: date, form: str, full_width: bool
) -> None:
    """format → parse round-trips for every date of 1990–2100 in every form."""
    text = form.format(day)
    assert parse_date(text.translate(FULL_WIDTH) if full_width else text) == day


@pytest.mark.parametrize("text", ["1989-12-31", "2101-01-01", "0001-01-01", "9999-12-31"])
def test_dates_outside_1990_to_2100_are_refused_with_the_range(text: str) -> None:
    """A date out of range names the allowed years."""
    with pytest.raises(InvalidValueError) as caught:
        parse_date(text, "date")
    assert "1990–2100 年间的日期" in caught.value.render("zh")
    assert "from 1990 to 2100" in caught.value.render("en")


def test_spreadsheet_cells_read_as_dates() -> None:
    """A date cell, a datetime cell, an Excel day number and 20261005 as a number read alike."""
    assert parse_date(date(2026, 10, 5)) == parse_date(datetime(2026, 10, 5, 8))
    assert parse_date(46300) == date(2026, 10, 5)
    assert parse_date(20261005) == date(2026, 10, 5)


def test_months_and_month_dates() -> None:
    """A month reads as (year, month) and, where a date is wanted, as its first day."""
    assert parse_month("２０２６年１１月") == (2026, 11)
    assert parse_date_or_month("2026/11") == date(2026, 11, 1)
    assert parse_date_or_month("2026/11/20") == date(2026, 11, 20)
    with pytest.raises(InvalidValueError):
        parse_date_or_month("四季度")


def test_a_date_inside_text_is_found_with_the_rest() -> None:
    """兰洽会 2026.7.10 gives the date and the words around it; no date gives None."""
    assert find_date("第三十届兰洽会 2026.7.10") == (date(2026, 7, 10), "第三十届兰洽会")
    assert find_date("第三十届兰洽会") is None


def test_datetime_keeps_a_given_zone() -> None:
    """An explicit offset wins over the default zone."""
    parsed = parse_datetime("2026-10-12T09:30+00:00", OFFICE_TZ)
    assert parsed.utcoffset() is not None and parsed.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12.5", "12.5"), ("12.5亿", "12.5"), ("12.5亿元", "12.5"), ("5000万", "0.5"),
     ("5,000万元", "0.5"), ("１２.５", "12.5"), ("1,234.5", "1234.5"), ("0", "0")],
)  # fmt: skip
def test_every_documented_amount_form(text: str, expected: str) -> None:
    """亿元 by default; 亿/亿元/万/万元 units, thousands separators, full-width digits."""
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    "value", ["1e30", "1E5", "12345678901234567890", "1000000.0001", "-1", "nan", "inf",
              "1.23456", "12.5美元", "", 1e30, float("nan"), True, "5万万"],
)  # fmt: skip
def test_bad_or_huge_amounts_name_the_allowed_range(value: object) -> None:
    """Exponents, 20-digit numbers, negatives and NaN are refused naming 0 … 1000000 亿元."""
    with pytest.raises(InvalidValueError) as caught:
        parse_amount(value)
    assert "0 至 1000000 亿元" in caught.value.render("zh")
    assert "from 0 to 1000000 亿元" in caught.value.render("en")


@given(st.decimals(min_value=0, max_value=MAX_AMOUNT, places=4))
def test_any_amount_formatted_then_parsed_is_the_same(amount: Decimal) -> None:
    """format_amount → parse_amount round-trips exactly, with or without a unit."""
    text = format_amount(amount)
    assert parse_amount(text) == amount
    assert parse_amount(text + "亿元") == amount
    assert parse_amount(f"{amount:,f}") == amount


@given(st.integers(min_value=0, max_value=10**10))
def test_wan_yuan_amounts_parse_to_a_ten_thousandth(wan: int) -> None:
    """N万 is N/10000 亿元 exactly."""
    assert parse_amount(f"{wan}万") == Decimal(wan) / 10000


def test_money_shows_two_decimals_with_separators() -> None:
    """Reported figures read 1,374.95."""
    assert format_money(Decimal("1374.95")) == "1,374.95"
    assert format_money(Decimal(3)) == "3.00"


def test_numbers_take_units_and_refuse_the_absurd() -> None:
    """12,000, 1.2万 and 12000吨标煤 are one quantity; negatives and 10¹³ are refused."""
    assert parse_number("12,000") == parse_number("1.2万") == parse_number("12000吨标煤") == 12000
    for bad in ("-5", "1e13", "10000000000000", "nan"):
        with pytest.raises(InvalidValueError):
            parse_number(bad)


def test_languages_are_read_in_the_usual_spellings() -> None:
    """zh-CN, 中文 and English are read; anything else lists zh and en."""
    assert parse_lang("zh-CN") == parse_lang("中文") == "zh"
    assert parse_lang("English") == "en"
    with pytest.raises(ChoiceError) as caught:
        parse_lang("fr")
    assert caught.value.allowed == ["zh", "en"]


def test_a_count_too_large_says_the_range_it_must_lie_in():
    """99999999999999999999 for a count: the message names 1 to 999,999,999 (zh, en)."""
    import pytest

    from qy_landing.errors import InvalidValueError
    from qy_landing.parsing import parse_positive_int

    with pytest.raises(InvalidValueError) as caught:
        parse_positive_int("99999999999999999999", "number")
    assert "1 至 999,999,999" in caught.value.render("zh")
    assert "(1 to 999,999,999)" in caught.value.render("en")
