"""Parsing of option values shared by the command modules: dates, months, times, amounts.

Options arrive as text and are parsed here, so a bad value becomes a
:class:`~qy_landing.errors.InvalidValueError` (one line in the user's language, exit 1)
instead of the parser's English usage error. Light on imports: only the standard library
and :mod:`qy_landing.errors` at module level.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal

from qy_landing.errors import InvalidValueError, Msg

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_date(value: str, what: str = "date") -> date:
    """``YYYY-MM-DD`` (ISO 8601); anything else names the expected form."""
    text = value.strip()
    if _DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise InvalidValueError(what, value, Msg("expect.date"))


def parse_optional_date(value: str | None, what: str = "date") -> date | None:
    """:func:`parse_date` for an option that may be left out."""
    return None if value is None else parse_date(value, what)


def parse_month(value: str) -> tuple[int, int]:
    """``YYYY-MM`` as ``(year, month)``."""
    match = _MONTH.match(value.strip())
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and year >= 1900:
            return year, month
    raise InvalidValueError("month", value, Msg("expect.month"))


def parse_datetime(value: str, tz: object | None = None) -> datetime:
    """``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM[:SS]`` (a space instead of ``T`` is accepted).

    A value without a time zone is read in ``tz`` (the office's zone by default); a bare
    date means midnight of that day.
    """
    from qy_landing.clock import OFFICE_TZ

    zone = tz if tz is not None else OFFICE_TZ
    text = value.strip().replace(" ", "T", 1)
    try:
        if _DATE.match(text):
            parsed = datetime.combine(date.fromisoformat(text), time())
        elif re.match(r"^\d{4}-\d{2}-\d{2}T\d{1,2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?$", text):
            parsed = datetime.fromisoformat(text)
        else:
            raise ValueError(text)
    except ValueError:
        raise InvalidValueError("datetime", value, Msg("expect.datetime")) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)  # type: ignore[arg-type]
    return parsed


def parse_amount(value: str, what: str = "amount") -> Decimal:
    """An amount in 亿元 (100 million yuan): exact, not negative, at most 4 decimals."""
    from qy_landing.amounts import parse_amount as parse

    return parse(value, what)


def parse_number(value: str, what: str = "number") -> float:
    """A number not below 0 (``12000``, ``1.5e4``, ``12,000``)."""
    try:
        number = float(value.strip().replace(",", ""))
    except ValueError:
        raise InvalidValueError(what, value, Msg("expect.number")) from None
    if number != number or number < 0 or number in (float("inf"),):
        raise InvalidValueError(what, value, Msg("expect.number"))
    return number


COUNT_MAX = 1_000_000_000  # no count or limit of ours is larger


def parse_positive_int(value: str, what: str = "number", maximum: int = COUNT_MAX) -> int:
    """A whole number from 1 to ``maximum``."""
    text = value.strip()
    if text.isascii() and text.isdigit() and len(text) <= 19:
        number = int(text)
        if 0 < number <= maximum:
            return number
        if number > maximum:
            raise InvalidValueError(what, value, Msg("expect.int_range", low=1, high=maximum))
    elif text.isascii() and text.isdigit():
        raise InvalidValueError(what, value, Msg("expect.int_range", low=1, high=maximum))
    raise InvalidValueError(what, value, Msg("expect.positive_int"))


def parse_optional_number(value: str | None, what: str = "number") -> float | None:
    return None if value is None else parse_number(value, what)
