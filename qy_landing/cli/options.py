"""Option values of the command modules: dates, months, times, amounts and numbers.

Options arrive as text and are read by :mod:`qy_landing.parsing` (the one reader of dates
and amounts, shared with the ledger import), so a bad value becomes a
:class:`~qy_landing.errors.InvalidValueError` (one line in the user's language, exit 1)
instead of the parser's English usage error. This module only adds what is the CLI's
own: the office's time zone as the default of ``--since``/``--until`` style options.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from qy_landing.parsing import (
    parse_amount,
    parse_date,
    parse_month,
    parse_number,
    parse_optional_date,
    parse_optional_number,
    parse_positive_int,
)
from qy_landing.parsing import parse_datetime as _parse_datetime

__all__ = [
    "parse_amount",
    "parse_date",
    "parse_datetime",
    "parse_month",
    "parse_number",
    "parse_optional_date",
    "parse_optional_number",
    "parse_positive_int",
]


def parse_datetime(value: str, tz: tzinfo | None = None) -> datetime:
    """A date with an optional time; without a zone it is read in ``tz`` (the office's)."""
    from qy_landing.clock import OFFICE_TZ

    return _parse_datetime(value, tz if tz is not None else OFFICE_TZ)
