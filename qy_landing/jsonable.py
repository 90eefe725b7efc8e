"""The stable JSON of ``--json`` outputs and JSON exports: English keys, ISO 8601 dates,
exact amounts as strings, UTF-8 text, anything with ``as_dict()`` as that dict."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any


def json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "as_dict"):
        return value.as_dict()
    raise TypeError(f"not JSON: {type(value).__name__}")


def dumps(value: Any, indent: int | None = 2) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, default=json_default)
