"""Every workbook prints by itself: LibreOffice turns it into an A4 landscape PDF, one page wide.

The files are converted with ``soffice --headless --convert-to pdf`` and read back with
poppler's ``pdfinfo`` and ``pdftotext``: the number of pages, the paper, and which columns
each page shows. Skipped where LibreOffice or poppler is missing; required under CI=true.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qy_landing import i18n
from qy_landing.config import RedBlackConfig, default_board
from qy_landing.reports.redblack import BoardResult, RedBlack, UnitScore
from qy_landing.reports.redblack_files import write_redblack
from qy_landing.reports.stuck import STUCK_COLUMNS
from qy_landing.reports.writers import Column, PrintTitle, XlsxBook, display_width
from tests.conftest import ON_CI

COLUMNS = [Column(key, kind, width) for key, kind, width in STUCK_COLUMNS]
MOMENT = datetime(2026, 11, 30, 9, 0)


def tools() -> tuple[str, str, str]:
    """soffice, pdfinfo and pdftotext, or skip (fail under CI)."""
    found = [
        shutil.which("soffice") or shutil.which("libreoffice"),
        shutil.which("pdfinfo"),
        shutil.which("pdftotext"),
    ]
    if None in found:
        if ON_CI:
            pytest.fail("LibreOffice (soffice) and poppler-utils are required under CI=true")
        pytest.skip("LibreOffice (soffice) or poppler-utils is not installed")
    soffice, pdfinfo, pdftotext = (str(f) for f in found)
    return soffice, pdfinfo, pdftotext


def stuck_book(path: Path, rows: int) -> Path:
    """A stuck list of ``rows`` projects with every one of its columns filled."""
    book = XlsxBook("zh", PrintTitle("卡滞项目", None, date(2026, 10, 31), MOMENT))
    sheet = book.sheet("卡滞项目", COLUMNS)
    for number in range(1, rows + 1):
        values: list[object] = []
        for column in COLUMNS:
            if column.kind == "int":
                values.append(number)
            elif column.kind == "amount":
                values.append(Decimal("12.5") + number)
            elif column.kind == "date":
                values.append(date(2026, 5, 6))
            elif column.key == "code":
                values.append(f"2511-621024-04-01-{number:06d}")
            elif column.key == "name":
                values.append(f"环县100MW风电项目第{number}期工程")
            elif column.width > 20:
                values.append("环境影响评价（报告表）；水土保持方案；社会稳定风险评估")
            else:
                values.append("张伟")
        sheet.append(values)
    with path.open("wb") as stream:
        book.save(stream)
    return path


def to_pdf(source: Path) -> tuple[Path, str]:
    """The PDF LibreOffice prints of ``source``, and what pdfinfo says of it."""
    soffice, _pdfinfo, _pdftotext = tools()
    out = source.parent / "pdf"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(source.parent / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = out / (source.stem + ".pdf")
    assert done.returncode == 0 and pdf.exists(), done.stderr
    return pdf, info(pdf)


def info(pdf: Path) -> str:
    _soffice, pdfinfo, _pdftotext = tools()
    return subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout


def page_text(pdf: Path, page: int) -> str:
    _soffice, _pdfinfo, pdftotext = tools()
    return subprocess.run(
        [pdftotext, "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def pages_of(pdf_info: str) -> int:
    line = next(x for x in pdf_info.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def test_display_width_counts_wide_characters_twice():
    """A CJK character or a full-width bracket takes two columns, ASCII one."""
    assert display_width("2511-621024") == 11
    assert display_width("环县") == 4
    assert display_width("报告表（A）") == 11


def test_workbook_carries_its_print_setup(tmp_path):
    """Title row, landscape A4 fit to one page wide, repeated header rows, page numbers."""
    book = load_workbook(stuck_book(tmp_path / "stuck.xlsx", 3))
    sheet = book["卡滞项目"]
    assert sheet["A1"].value == "卡滞项目  全部单位  截至 2026-10-31  生成于 2026-11-30 09:00"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$2"
    assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text
    code = sheet.column_dimensions["B"].width
    assert code >= display_width("2511-621024-04-01-000001")
    assert sheet["J3"].number_format == "#,##0" and sheet["F3"].number_format == "#,##0.00##"


@pytest.mark.slow
def test_stuck_list_prints_one_page_wide_with_repeated_headers(tmp_path):
    """240 projects: a few A4 landscape pages, all 19 columns on each, title and header repeated."""
    pdf, pdf_info = to_pdf(stuck_book(tmp_path / "stuck.xlsx", 240))
    assert "841.89 x 595.3" in pdf_info  # A4 landscape, in points
    pages = pages_of(pdf_info)
    assert 1 < pages <= 4
    headers = [i18n.text(f"report.col.{c.key}", "zh") for c in COLUMNS]
    for page in range(1, pages + 1):
        text = page_text(pdf, page)
        assert "截至 2026-10-31" in text.splitlines()[0] + text.splitlines()[1]
        for header in (headers[0], headers[1], headers[-1], headers[-2]):
            assert header in text, (page, header)
        assert "2511-621024-04-01-" in text  # a code is never cut


@pytest.mark.slow
def test_redblack_sheet_prints_on_one_page(tmp_path):
    """The red/black list of three units prints on a single page with its title."""
    board = default_board("county", top=1)
    units = [UnitScore(name, rank, "county", signed=2) for rank, name in enumerate("甲乙丙", 1)]
    for rank, entry in enumerate(units, start=1):
        entry.compute(board, stalled_known=False)
        entry.rank, entry.judged = rank, True
    boards = [BoardResult(board, units, units[:1], units[2:], [])]
    result = RedBlack(date(2026, 10, 1), date(2026, 10, 31), RedBlackConfig(top=1), boards)
    source = tmp_path / "redblack.xlsx"
    write_redblack(result, source, "xlsx", "zh", MOMENT)
    sheet = load_workbook(source).active
    assert sheet["A3"].fill.fgColor.rgb == "FFFFC7CE"  # the red list's row
    assert sheet["A5"].fill.fgColor.rgb == "FF404040"  # the black list's row
    pdf, pdf_info = to_pdf(source)
    assert pages_of(pdf_info) == 1
    text = page_text(pdf, 1)
    assert "红黑榜 2026-10" in text and "红榜" in text and "黑榜" in text
    assert "第 1 页，共 1 页" in text


@pytest.mark.slow
def test_progress_sheet_prints_one_page_wide_without_its_hidden_column(tmp_path):
    """A unit's progress sheet: A4 landscape, every visible column on the page, title on top."""
    from qy_landing.reports.form_xlsx import FormBook
    from qy_landing.reports.progress_sheet import PROCEDURE_COLUMNS, header

    title = PrintTitle("项目进度表", "环县", date(2026, 10, 31), MOMENT)
    book = FormBook("zh", title)
    headers = [header(c.key, "zh") for c in PROCEDURE_COLUMNS]
    sheet = book.form("手续进度", PROCEDURE_COLUMNS, headers, hidden=(len(PROCEDURE_COLUMNS),))
    for number in range(1, 31):
        values: list[object] = []
        for column in PROCEDURE_COLUMNS:
            if column.kind in ("date", "fill_date"):
                values.append(date(2026, 9, 1) if column.kind == "date" else None)
            elif column.kind == "int":
                values.append(number)
            elif column.key == "code":
                values.append(f"2511-621024-04-01-{number:06d}")
            elif column.kind == "fill":
                values.append(None)
            else:
                values.append(f"环县100MW风电项目第{number}期")
        sheet.append_form(values)
    source = tmp_path / "progress.xlsx"
    with source.open("wb") as stream:
        book.save(stream)
    pdf, pdf_info = to_pdf(source)
    assert "841.89 x 595.3" in pdf_info
    text = page_text(pdf, 1)
    assert "项目进度表 · 手续进度 环县 截至 2026-10-31" in text
    for visible in headers[:-1]:
        assert visible in text, visible
    assert headers[-1] not in text  # the hidden ref column does not print
    assert "2511-621024-04-01-000001" in text and "第 1 页" in text
