"""Rendering for the terminal: rich consoles and tables, and stable ``--json`` output.

Rich measures CJK characters as two columns, so Chinese tables line up.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def table(headers: Sequence[str], title: str | None = None) -> Table:
    from rich.table import Table

    result = Table(title=title, header_style="bold", show_lines=False, expand=False)
    for header in headers:
        result.add_column(header, overflow="fold")
    return result


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "as_dict"):
        return value.as_dict()
    raise TypeError(f"not JSON: {type(value).__name__}")


def print_json(data: Any) -> None:
    """Stable JSON: English keys, ISO 8601 dates, amounts as strings, UTF-8 text."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n")
