"""The one reader of dates, months, amounts and numbers that people type or ledgers hold.

The CLI (``--on``, ``--signed-on``, ``--amount``, ``funds add`` …), the services and every
ledger import read values through these functions, so a form accepted in one place is
accepted everywhere:

dates    2026-10-05, 2026/10/5, 2026.10.5, 2026年10月5日, 20261005, full-width digits
         (２０２６年１０月５日); from a spreadsheet also a date cell or an Excel day number.
         Only 1990-01-01 … 2100-12-31.
months   2026-10, 2026/10, 2026.10, 2026年10月
amounts  in 亿元 (100 million yuan) unless a unit says otherwise: 12.5, 12.5亿, 12.5亿元,
         5000万, 5,000万元; exact (Decimal), at least 0, at most 4 decimals of 亿元 (1 万元),
         at most :data:`MAX_AMOUNT`. No exponents (1e30), no NaN or infinity.
numbers  quantities such as yearly energy use: 12000, 12,000, 1.2万, 12000吨标煤

A bad value raises :class:`~qy_landing.errors.InvalidValueError` whose ``expected`` names
the accepted forms and range in the user's language. Light on imports: the CLI parses
options before any database library loads.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal, InvalidOperation

from qy_landing.errors import ChoiceError, InvalidValueError
from qy_landing.i18n import LANGS, Lang, Msg, known_lang

EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)
MAX_AMOUNT = Decimal(1_000_000)  # 亿元: 100 万亿元, above any real project or total
MAX_NUMBER = 1e12
FOUR_PLACES = Decimal("0.0001")
_TEN_THOUSAND = Decimal(10_000)
_EXCEL_EPOCH = date(1899, 12, 30)

_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*[T\s]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"  # a time a spreadsheet adds: ignored
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
_DATE_TIME = re.compile(
    r"(?P<date>.+?)(?:\s*[T\s]\s*(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?)?"
)
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)(亿元|亿|万元|万)?")
_SEPARATORS = re.compile(r"[\s,]")
_QUANTITY_UNITS = ("吨标准煤", "吨标煤", "吨", "tce")


def _normal(text: str) -> str:
    """Full-width digits and punctuation folded to ASCII (NFKC), blanks trimmed."""
    return (text if text.isascii() else unicodedata.normalize("NFKC", text)).strip()


# --- dates ------------------------------------------------------------------------------------


def date_expected() -> Msg:
    """What a date may look like, with the allowed range (the text of a bad-date error)."""
    return Msg("expect.date", earliest=EARLIEST.year, latest=LATEST.year)


def parse_date(value: object, what: str = "date") -> date:
    """A date in any accepted form (see the module doc), within 1990–2100."""
    day = _date_or_none(value)
    if day is None or not EARLIEST <= day <= LATEST:
        raise InvalidValueError(what, _shown(value), date_expected())
    return day


def parse_optional_date(value: str | None, what: str = "date") -> date | None:
    """:func:`parse_date` for a value that may be left out."""
    return None if value is None else parse_date(value, what)


def _date_or_none(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # a spreadsheet number: 20261005 written as a number, or an Excel day number
        if float(value).is_integer() and 19000101 <= value <= 99991231:
            return _date_or_none(str(int(value)))
        if 20000 <= value < 80000:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        return None
    if not isinstance(value, str):
        return None
    text = _normal(value)
    match = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:  # 2026-02-30
        return None


def find_date(text: str) -> tuple[date, str] | None:
    """The first date written inside ``text`` and the text around it (``兰洽会 2026.7.10``)."""
    normal = _normal(text)
    for match in _DATE_IN_TEXT.finditer(normal):
        parts = match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)
        try:
            day = date(*(int(part) for part in parts))
        except ValueError:
            continue
        if EARLIEST <= day <= LATEST:
            return day, (normal[: match.start()] + " " + normal[match.end() :]).strip()
    return None


_DATE_IN_TEXT = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"
)


def parse_month(value: str, what: str = "month") -> tuple[int, int]:
    """A month (2026-10, 2026/10, 2026年10月) as ``(year, month)``, within 1990–2100."""
    match = _MONTH.fullmatch(_normal(value)) if isinstance(value, str) else None
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and EARLIEST.year <= year <= LATEST.year:
            return year, month
    raise InvalidValueError(
        what, value, Msg("expect.month", earliest=EARLIEST.year, latest=LATEST.year)
    )


def parse_date_or_month(value: object, what: str = "date") -> date:
    """A date, or a month read as its first day (计划开工 2026年11月)."""
    day = _date_or_none(value)
    if day is None and isinstance(value, str):
        try:
            year, month = parse_month(value, what)
        except InvalidValueError:
            pass
        else:
            day = date(year, month, 1)
    if day is None or not EARLIEST <= day <= LATEST:
        raise InvalidValueError(
            what,
            _shown(value),
            Msg("expect.date_or_month", earliest=EARLIEST.year, latest=LATEST.year),
        )
    return day


def parse_datetime(value: str, tz: tzinfo) -> datetime:
    """A date with an optional time (``2026-10-12 09:30``, ``2026/10/12T9:30+08:00``).

    A value without a zone is read in ``tz``; a bare date means midnight of that day.
    """
    match = _DATE_TIME.fullmatch(_normal(value))
    day = _date_or_none(match.group("date")) if match else None
    if match is None or day is None or not EARLIEST <= day <= LATEST:
        raise InvalidValueError("datetime", value, Msg("expect.datetime"))
    hours, minutes, seconds = (int(match.group(g) or 0) for g in ("h", "m", "s"))
    if hours > 23 or minutes > 59 or seconds > 59:
        raise InvalidValueError("datetime", value, Msg("expect.datetime"))
    zone = match.group("zone")
    if zone:
        offset = datetime.fromisoformat(f"2000-01-01T00:00{zone.replace('Z', '+00:00')}")
        tz = offset.tzinfo or tz
    return datetime.combine(day, time(hours, minutes, seconds), tzinfo=tz)


# --- amounts ----------------------------------------------------------------------------------


def amount_expected() -> Msg:
    """What an amount may look like, with the allowed range."""
    return Msg("expect.amount", maximum=format_amount(MAX_AMOUNT))


def parse_amount(value: object, what: str = "amount") -> Decimal:
    """An amount in 亿元 (see the module doc): exact, 0 … :data:`MAX_AMOUNT`, ≤ 4 decimals."""
    amount = _amount_or_none(value)
    if (
        amount is None
        or not amount.is_finite()
        or not 0 <= amount <= MAX_AMOUNT
        or amount != amount.quantize(FOUR_PLACES)
    ):
        raise InvalidValueError(what, _shown(value), amount_expected())
    return amount


def _amount_or_none(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        amount = Decimal(repr(value))
        if amount.is_finite():
            rounded = amount.quantize(FOUR_PLACES) if abs(amount) <= MAX_AMOUNT else amount
            # a spreadsheet's binary floats: 0.30000000000000004 is the 0.3 the user typed
            if abs(rounded - amount) < Decimal("1e-9"):
                return rounded
        return amount
    if not isinstance(value, str):
        return None
    text = _SEPARATORS.sub("", _normal(value))
    match = _AMOUNT.fullmatch(text)
    if match is None or len(match.group(1)) > 24:
        return None
    try:
        number = Decimal(match.group(1))
    except InvalidOperation:
        return None
    if match.group(2) in ("万", "万元"):
        number /= _TEN_THOUSAND
    return number


def format_amount(amount: Decimal) -> str:
    """``12.5`` rather than ``12.5000``; never scientific notation (the inverse of parsing)."""
    text = format(amount.quantize(FOUR_PLACES), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_money(amount: Decimal | float) -> str:
    """An amount as figures are reported: two decimals, thousands separated (``1,374.95``)."""
    return f"{amount:,.2f}"


# --- numbers and counts -----------------------------------------------------------------------


def parse_number(value: object, what: str = "number") -> float:
    """A quantity from 0 to 10¹²: ``12000``, ``12,000``, ``1.2万``, ``12000吨标煤``."""
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        text = _SEPARATORS.sub("", _normal(value)).casefold()
        for unit in _QUANTITY_UNITS:
            if text.endswith(unit):
                text = text[: -len(unit)]
                break
        factor = 1.0
        if text.endswith("万"):
            text, factor = text[:-1], 10_000.0
        if re.fullmatch(r"\d+(?:\.\d+)?", text):
            number = float(text) * factor
    if number is None or not 0 <= number <= MAX_NUMBER:  # NaN fails the comparison too
        raise InvalidValueError(what, _shown(value), Msg("expect.number", maximum="10¹²"))
    return number


def parse_optional_number(value: str | None, what: str = "number") -> float | None:
    return None if value is None else parse_number(value, what)


def parse_positive_int(value: str, what: str = "number") -> int:
    """A whole number above 0 (full-width digits too)."""
    text = _normal(value)
    if text.isdigit() and len(text) <= 9 and int(text) > 0:
        return int(text)
    raise InvalidValueError(what, value, Msg("expect.positive_int"))


# --- languages --------------------------------------------------------------------------------


def parse_lang(value: str) -> Lang:
    """``zh`` or ``en`` from the ways people write them (``zh-CN``, ``中文``, ``English`` …)."""
    lang = known_lang(value)
    if lang is None:
        raise ChoiceError("language", value, list(LANGS))
    return lang


def _shown(value: object) -> object:
    """A value as an error shows it: cells as text, integral floats without '.0'."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.strip() if isinstance(value, str) else value
