"""Text rules every service applies before the database sees a value.

- **Names and identifiers** (persons, units, projects, investors, codes, phone numbers,
  the actor): line breaks and tabs (an Excel cell's Alt+Enter) become one space,
  surrounding blanks are dropped, and any other control character (ESC, BEL, NUL, DEL,
  C1, the bidirectional overrides) is refused — a name is shown in terminals and tables.
- **Free text** (problems, resolutions, reasons, notes, descriptions): control
  characters removed, line feeds and tabs kept, ``\\r\\n`` as ``\\n``.
- **Lengths** equal the column limits (:func:`column_limit` reads them from the
  models), so SQLite — which does not enforce ``VARCHAR(n)`` — and PostgreSQL accept
  and refuse the same values, with the same message.
"""

from __future__ import annotations

import re
from typing import Any

from qy_landing.errors import InvalidValueError, Msg

_BLANKS = re.compile("[\t\n\v\f\r]+")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FREE_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SHOWN = 40  # characters of a refused value repeated in a message


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
    """The length limit of ``model``'s column (None: unlimited text)."""
    table = model.__table__
    length = getattr(table.c[column].type, "length", None)
    return int(length) if length else None
