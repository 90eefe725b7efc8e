"""The red/black list as a file: the xlsx and CSV an office opens, in the reader's language."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from qy_landing.config import DEFAULT_WEIGHTS, RedBlackConfig
from qy_landing.errors import ChoiceError
from qy_landing.reports.redblack import RedBlack, UnitScore
from qy_landing.reports.redblack_files import COLUMNS, redblack_rows, write_redblack


def ranking() -> RedBlack:
    """Three units scored by the documented formula: one red, one black, one on neither."""
    best = UnitScore("环县", 1, signed=2, started=1, active=1)
    middle = UnitScore("庆城县", 2, signed=1, approved=1, on_time=1, active=1)
    worst = UnitScore("西峰区", 3, signed=1, running=1, overdue=1, active=1, stalled=1)
    for rank, entry in enumerate((best, middle, worst), start=1):
        entry.compute(DEFAULT_WEIGHTS)
        entry.rank = rank
    return RedBlack(
        month=date(2026, 10, 1),
        as_of=date(2026, 10, 12),
        config=RedBlackConfig(top=1),
        ranking=[best, middle, worst],
        red=[best],
        black=[worst],
    )


def test_rows_name_the_list_in_the_readers_language():
    """The second column says which list a unit is on, in zh or en; the counts follow."""
    zh = redblack_rows(ranking(), "zh")
    assert [r[:3] for r in zh] == [[1, "红榜", "环县"], [2, "", "庆城县"], [3, "黑榜", "西峰区"]]
    assert zh[0][3] == 71.4 and zh[2][3] == 0.0
    assert len(zh[0]) == len(COLUMNS)
    en = redblack_rows(ranking(), "en")
    assert en[0][1] == "Red list (best)" and en[2][1] == "Black list (to explain)"


def test_xlsx_has_typed_cells_and_headers(tmp_path):
    """The sheet reads back with its headers, numbers as numbers and an empty 'no data' cell."""
    path = tmp_path / "rb.xlsx"
    assert write_redblack(ranking(), path, "xlsx", "zh") == 3
    sheet = load_workbook(path).active
    assert sheet["A1"].value == "红黑榜 2026-10 · 红黑榜  全部单位  截至 2026-10-12"
    assert sheet["C2"].value == "责任单位"
    assert [c.value for c in sheet[3]][:4] == [1, "红榜", "环县", 71.4]
    assert sheet["F3"].value is None  # 环县 approved nothing: no on-time rate
    assert sheet["F4"].value == 100.0
    assert sheet.freeze_panes == "A3"


def test_csv_has_a_bom_and_english_headers(tmp_path):
    """CSV in English: BOM, header row, one line per unit."""
    path = tmp_path / "rb.csv"
    write_redblack(ranking(), path, "csv", "en")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["Rank", "List", "Unit"]
    assert [r[2] for r in rows[1:]] == ["环县", "庆城县", "西峰区"]


def test_an_unknown_format_writes_nothing(tmp_path):
    """Only xlsx and csv are offered; anything else is refused before a file appears."""
    with pytest.raises(ChoiceError):
        write_redblack(ranking(), tmp_path / "rb.md", "md", "en")
    assert list(tmp_path.iterdir()) == []
