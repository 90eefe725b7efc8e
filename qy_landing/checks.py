"""What every service checks before the database sees a value: texts, dates, numbers.

- **Names and identifiers** (persons, units, projects, investors, codes, phone numbers,
  the actor): line breaks and tabs (an Excel cell's Alt+Enter) become one space,
  surrounding blanks are dropped, and any other control character (ESC, BEL, NUL, DEL,
  C1, the bidirectional overrides) is refused — a name is shown in terminals and tables.
- **Free text** (problems, resolutions, reasons, notes, descriptions): control
  characters removed, line feeds and tabs kept, ``\\r\\n`` as ``\\n``.
- **Lengths** equal the column limits (:func:`column_limit` reads them from the
  models), so SQLite — which does not enforce ``VARCHAR(n)`` — and PostgreSQL accept
  and refuse the same values, with the same message.
- **Dates** lie within 1990-01-01 … 2100-12-31 (signing, effective and planned dates).
- **Amounts** (亿元) lie within 0 … 1 000 000 (a hundred trillion yuan): every sum of a
  database stays far inside the exact 64-bit range; **numbers** such as yearly energy
  use within 0 … 10¹².
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from qy_landing.errors import InvalidValueError, Msg

_BLANKS = re.compile("[\t\n\v\f\r]+")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FREE_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SHOWN = 40  # characters of a refused value repeated in a message
FIRST_DAY, LAST_DAY = date(1990, 1, 1), date(2100, 12, 31)
AMOUNT_MAX = Decimal(1_000_000)  # 亿元
NUMBER_MAX = 1e12


def shown(value: str, limit: int = SHOWN) -> str:
    """A value as a message repeats it: control characters visible, long values cut."""
    visible = _CONTROLS.sub(lambda m: f"<U+{ord(m.group()):04X}>", value)
    return visible if len(visible) <= limit else visible[: limit - 1] + "…"


def _check_length(text: str, what: str, limit: int | None) -> str:
    if limit is not None and len(text) > limit:
        raise InvalidValueError(what, shown(text), Msg("expect.max_chars", limit=limit))
    return text


def clean_name(value: str, what: str, limit: int | None) -> str:
    """A name or identifier: stripped, without control characters, at most ``limit`` long."""
    text = _BLANKS.sub(" ", value).strip()
    if _CONTROLS.search(text):
        raise InvalidValueError(what, shown(text), Msg("expect.no_control"))
    return _check_length(text, what, limit)


def clean_optional_name(value: str | None, what: str, limit: int | None) -> str | None:
    """:func:`clean_name` for an optional value; blank becomes None."""
    if value is None:
        return None
    return clean_name(value, what, limit) or None


def clean_text(value: str | None, what: str, limit: int | None = None) -> str | None:
    """Free text: control characters removed (line feeds and tabs kept), stripped, checked."""
    if value is None:
        return None
    text = _FREE_CONTROLS.sub("", value.replace("\r\n", "\n")).strip()
    return _check_length(text, what, limit) if text else None


def column_limit(model: Any, column: str) -> int | None:
    """The length limit of ``model``'s column (None: unlimited text); ``model`` is a model
    class or a Core table (:mod:`qy_landing.store.tables`)."""
    table = getattr(model, "__table__", model)
    length = getattr(table.c[column].type, "length", None)
    return int(length) if length else None


def check_date(value: date, what: str = "date") -> date:
    """A date within 1990-01-01 … 2100-12-31."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise InvalidValueError(
            what, value.isoformat(), Msg("expect.date_range", low=FIRST_DAY, high=LAST_DAY)
        )
    return value


def check_optional_date(value: date | None, what: str = "date") -> date | None:
    return None if value is None else check_date(value, what)


def check_amount(value: Decimal, what: str = "amount") -> Decimal:
    """An amount in 亿元 within 0 … 1 000 000."""
    if not Decimal(0) <= value <= AMOUNT_MAX:
        raise InvalidValueError(
            what, f"{value:f}", Msg("expect.amount_range", high=f"{AMOUNT_MAX:,f}")
        )
    return value


def check_number(value: float, what: str = "number") -> float:
    """A number within 0 … 10¹²."""
    if not 0 <= value <= NUMBER_MAX:
        raise InvalidValueError(what, f"{value:g}", Msg("expect.number_range", high="10^12"))
    return value
