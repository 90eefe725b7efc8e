"""The red/black boards as files: xlsx with coloured rows, csv, html and json."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from qy_landing.config import RedBlackConfig, default_board
from qy_landing.errors import ChoiceError, Msg
from qy_landing.reports.redblack import BoardResult, RedBlack, UnitScore
from qy_landing.reports.redblack_files import BOARD_COLUMNS, board_rows, write_redblack


def boards() -> RedBlack:
    """A county board: 环县 red, 庆城县 on neither list, 西峰区 black, 华池县 apart."""
    board = default_board("county", top=1)
    best = UnitScore("环县", 3, "county", signed=2, started=1, running=2)
    middle = UnitScore("庆城县", 2, "county", signed=2, started=1, running=2, overdue=1)
    worst = UnitScore("西峰区", 1, "county", signed=1, running=1, overdue=1, longest_overdue=41)
    apart = UnitScore("华池县", 4, "county", signed=1)
    for rank, entry in enumerate((best, middle, worst, apart), start=1):
        entry.compute(board, stalled_known=False)
        entry.rank, entry.judged = (rank, True) if entry is not apart else (0, False)
    worst.reasons = worst.explain(board, 60)
    result = BoardResult(board, [best, middle, worst], [best], [worst], [apart])
    return RedBlack(date(2026, 10, 1), date(2026, 10, 31), RedBlackConfig(top=1), [result])


def test_rows_carry_marks_colours_and_reasons():
    """Ranked rows first (red, plain, black), then the units apart without a rank."""
    rows = list(board_rows(boards().boards[0], "zh"))
    assert [(r[0][0], r[0][1], r[0][2], r[1]) for r in rows] == [
        (1, "红榜", "环县", "red"),
        (2, "", "庆城县", None),
        (3, "黑榜", "西峰区", "black"),
        (None, "单列", "华池县", None),
    ]
    assert len(rows[0][0]) == len(BOARD_COLUMNS)
    # 西峰区: landing 0 (weight 0.15), overdue all (0.15): equal losses, documented order
    assert rows[2][0][-1] == "落地率 0.0%（签约 1 个，开工 0 个）；1 件手续逾期，最长 41 个工作日"


def test_xlsx_colours_red_and_black_rows(tmp_path):
    """A sheet per board; red rows light red, black rows dark grey; numbers stay numbers."""
    path = tmp_path / "rb.xlsx"
    assert write_redblack(boards(), path, "xlsx", "en") == 4
    book = load_workbook(path)
    assert book.sheetnames == ["RB county district"]  # no / in a sheet title
    sheet = book.active
    assert sheet["C1"].value == "Unit" and sheet["E1"].value == "Score"
    assert sheet["A2"].value == 1 and sheet["C2"].fill.fgColor.rgb == "FFFFC7CE"
    assert sheet["C4"].fill.fgColor.rgb == "FF404040"
    assert sheet["C3"].fill.fgColor.rgb in (None, "00000000")
    assert sheet.freeze_panes == "A2"


def test_csv_json_and_html(tmp_path):
    """CSV with a board column and a BOM; JSON with boards; an html page with coloured rows."""
    path = tmp_path / "rb.csv"
    write_redblack(boards(), path, "csv", "en")
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    assert rows[0][:4] == ["Board", "Rank", "List", "Unit"]
    assert [r[3] for r in rows[1:]] == ["环县", "庆城县", "西峰区", "华池县"]
    data = tmp_path / "rb.json"
    write_redblack(boards(), data, "json", "en")
    board = json.loads(data.read_text(encoding="utf-8"))["boards"][0]
    assert (board["red"], board["black"]) == (["环县"], ["西峰区"])
    page = tmp_path / "rb.html"
    write_redblack(boards(), page, "html", "zh")
    html = page.read_text(encoding="utf-8")
    assert '<tr class="red">' in html and '<tr class="black">' in html
    assert '<tr class="apart">' in html


def test_an_unknown_format_writes_nothing(tmp_path):
    """Only xlsx, csv, html and json are offered; anything else is refused first."""
    with pytest.raises(ChoiceError):
        write_redblack(boards(), tmp_path / "rb.md", "md", "en")
    assert list(tmp_path.iterdir()) == []


def test_reason_messages_exist_in_both_languages():
    """Every reason a board can give reads in Chinese and English."""
    for key in ("overdue", "funds", "target", "landing", "on_time_start", "on_time"):
        message = Msg(f"report.board.reason.{key}", count=1, longest=2, pct=3, done=4)
        assert message.render("zh") != message.render("en")
