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
    sheet.append_form(["甲", None, None, "r1"], [DropDown(2, ("是", "否"))])
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
