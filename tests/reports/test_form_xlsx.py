"""The form writer: fill-in cells unlocked, drop-downs, hidden columns, A4 landscape print."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from qy_landing.reports.form_xlsx import DropDown, FormBook, runs
from qy_landing.reports.writers import Column


def test_runs_group_consecutive_rows():
    """Rows given one drop-down become ranges: 2,3,4,7 → 2-4 and 7."""
    assert runs([7, 2, 4, 3]) == [(2, 4), (7, 7)]


def test_form_sheet_reads_back_with_openpyxl():
    """Locked identity cells, unlocked fill-in cells, a list validation, a hidden column."""
    book = FormBook("zh")
    columns = [Column("name"), Column("fill", "fill"), Column("when", "fill_date"), Column("ref")]
    sheet = book.form("表", columns, ["名称", "填写", "日期", "ref"], hidden=(4,))
    sheet.append_form(["甲", None, None, "r1"], [DropDown(2, ("是", "否"))])  # row 2
    sheet.append_form(["乙", "已填", date(2026, 10, 1), "r2"], [DropDown(2, ("是", "否"))])
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    ws = load_workbook(stream).worksheets[0]
    assert ws.protection.sheet
    assert ws["A2"].protection.locked and not ws["B2"].protection.locked
    assert ws["B3"].value == "已填" and ws["C3"].value.date() == date(2026, 10, 1)
    (validation,) = ws.data_validations.dataValidation
    assert validation.formula1 == '"是,否"' and str(validation.sqref) == "B2:B3"
    assert ws.column_dimensions["D"].hidden
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_form_sheet_prints_like_every_other_sheet():
    """A title row above the header, both repeated on each page, page numbers, tinted cells."""
    from datetime import datetime

    from qy_landing.reports.writers import PrintTitle

    title = PrintTitle("项目进度表", "环县", date(2026, 10, 31), datetime(2026, 11, 2, 9, 30))
    book = FormBook("zh", title)
    columns = [Column("name", width=30), Column("fill", "fill", 16), Column("ref")]
    sheet = book.form("手续进度", columns, ["名称", "新状态", "ref"], hidden=(3,))
    sheet.append_form(["环县100MW风电项目", None, "r1"], [DropDown(2, ("已提交",))])
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    ws = load_workbook(stream).worksheets[0]
    assert ws["A1"].value == "项目进度表 · 手续进度  环县  截至 2026-10-31  生成于 2026-11-02 09:30"
    assert [c.value for c in ws[2]] == ["名称", "新状态", "ref"]
    assert ws.print_title_rows == "$1:$2" and ws.freeze_panes == "A3"
    assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text
    assert ws["B3"].fill.fgColor.rgb == "FFFFF2CC" and not ws["B3"].protection.locked
    assert ws["A3"].protection.locked
    assert ws.column_dimensions["A"].width >= 18  # the name's display width (CJK counts 2)
    assert ws.column_dimensions["B"].width >= 16  # a fill-in column keeps room to write
    assert ws.column_dimensions["C"].hidden
    assert str(ws.data_validations.dataValidation[0].sqref) == "B3"
