"""Small office tables: the header under a title, totals skipped, columns required."""

from __future__ import annotations

import pytest

from qy_landing.errors import LedgerFormatError, LedgerMissingColumnsError
from qy_landing.office_tables import read_office_table

COLUMNS = {"unit": ("单位",), "kind": ("单位类别",)}


def test_header_below_a_title_and_totals_skipped(tmp_path):
    """The header is found under a title; blank and 合计 rows are left out; extra columns kept."""
    path = tmp_path / "t.csv"
    path.write_text("单位表\n序号,单位,单位类别\n1,环县,县区\n,,\n合计,,\n", encoding="utf-8")
    table = read_office_table(path, COLUMNS, required=("unit",))
    assert table.header_row == 2 and table.extra_headers == ["序号"]
    assert [(r.number, r.cells, r.extra) for r in table.rows] == [
        (3, {"unit": "环县", "kind": "县区"}, {"序号": "1"})
    ]


def test_missing_column_and_wrong_format(tmp_path):
    """A required column missing is named; a .doc is refused."""
    path = tmp_path / "t.csv"
    path.write_text("单位类别\n县区\n", encoding="utf-8")
    with pytest.raises(LedgerMissingColumnsError):
        read_office_table(path, COLUMNS, required=("unit",))
    with pytest.raises(LedgerFormatError):
        read_office_table(tmp_path / "t.doc", COLUMNS)
