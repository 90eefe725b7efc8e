"""The JSON of --json outputs: ISO dates, exact amounts as strings, Chinese kept as is."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from qy_landing.jsonable import dumps


@dataclass
class Row:
    code: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code}


def test_dates_amounts_and_rows_become_stable_json():
    """Dates ISO 8601, Decimal as an exact string, objects through as_dict(), UTF-8 text."""
    text = dumps(
        {
            "on": date(2026, 11, 27),
            "at": datetime(2026, 11, 27, 2, 0, tzinfo=UTC),
            "amount": Decimal("12.5000"),
            "row": Row("2601-621022-04-01-123456"),
            "name": "环县风电",
        },
        indent=None,
    )
    assert json.loads(text) == {
        "on": "2026-11-27",
        "at": "2026-11-27T02:00:00+00:00",
        "amount": "12.5000",
        "row": {"code": "2601-621022-04-01-123456"},
        "name": "环县风电",
    }
    assert "环县风电" in text  # not \\u escapes


def test_anything_else_is_refused_by_name():
    """An object JSON cannot show is a TypeError naming its type."""
    with pytest.raises(TypeError, match="not JSON: object"):
        dumps({"x": object()})
