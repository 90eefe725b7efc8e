"""The monthly pack's files: one self-contained HTML page, an xlsx with a sheet per kind of row."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from datetime import date, datetime
from html import escape
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qy_landing.reports.charts import FONT_FAMILIES, standalone
from qy_landing.reports.monthly import monthly_pack
from qy_landing.reports.monthly_files import (
    _CSS,
    all_charts,
    write_monthly_html,
    write_monthly_xlsx,
)
from qy_landing.reports.writers import open_target
from tests.conftest import ON_CI
from tests.reports.data import add, october_office, people

OCTOBER = date(2026, 10, 1)
WEST = "621002"  # 西峰区


@pytest.fixture
def month(ctx):
    """Projects in and out of October 2026's pack (clock: 2026-10-12)."""
    return october_office(ctx)


def test_html_is_one_self_contained_file_with_three_charts(month, tmp_path):
    """No external URL, no script; the funnel, ageing and trend charts are inline SVG."""
    pack = monthly_pack(month, OCTOBER)
    path = tmp_path / "pack.html"
    with open_target(path) as stream:
        assert write_monthly_html(pack, stream) == 4
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"\b(src|href)=\"(?!#)", html)
    assert "<script>" not in html  # a project name is escaped, never markup
    assert "项目4&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for chart in ("chart-funnel", "chart-ageing", "chart-trend"):
        match = re.search(rf'<svg id="{chart}"[^>]*>(.*?)</svg>', html, re.S)
        assert match, chart
        assert "<title" in match.group(1) and "<rect" in match.group(1)
    assert "2026-10 项目落地月度调度材料" in html
    assert html.count('<section class="unit"') == 2
    assert "已逾期 4 个工作日" in html


def test_xlsx_pack_has_a_sheet_per_kind_of_row(month, tmp_path):
    """Summary, projects, approvals, due, problems and changes, each frozen and filtered."""
    pack = monthly_pack(month, OCTOBER)
    path = tmp_path / "pack.xlsx"
    with open_target(path) as stream:
        write_monthly_xlsx(pack, stream, "zh")
    book = load_workbook(path)
    assert book.sheetnames == [
        "概况",
        "项目",
        "本月办结手续",
        "到期逾期手续",
        "未解决问题",
        "本月动态",
        "手续进度",
        "同比增长",
        "目标完成情况",
        "红黑榜·县区",
        "红黑榜·园区",
        "红黑榜·市直部门",
        "红黑榜·市属国企",
        "红黑榜·驻外招商机构",
    ]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A3"
        assert sheet.auto_filter.ref.startswith("A2:")
        assert sheet["A1"].value.startswith("2026-10 项目落地月度调度材料 · ")
    summary = [[c.value for c in row] for row in book["概况"].iter_rows(min_row=2)]
    assert summary[0][:3] == ["责任单位", "调度项目", "本月开工"]
    assert summary[-1][:2] == ["合计", 4]
    approved = [[c.value for c in row] for row in book["本月办结手续"].iter_rows(min_row=3)]
    assert len(approved) == 1
    assert approved[0][3] == "环境影响评价（报告表）"
    assert approved[0][5] == datetime(2026, 10, 9) and approved[0][7] == "是"
    due = [[c.value for c in row] for row in book["到期逾期手续"].iter_rows(min_row=3)]
    assert [(r[3], r[7], r[8]) for r in due] == [("项目备案", None, 4), ("水土保持方案", 8, None)]
    names = [c.value for c in book["项目"]["C"][2:]]
    assert all(not n.startswith(("=", "+", "-", "@")) for n in names)


def test_standalone_chart_files_carry_the_svg_namespace(month):
    """A chart saved as its own .svg file is a valid standalone SVG document."""
    svg = standalone(all_charts(monthly_pack(month, OCTOBER), "en")["chart-trend"])
    assert svg.startswith("<?xml") and 'xmlns="http://www.w3.org/2000/svg"' in svg


CELL = 96  # pixels per character cell in the glyph page
SAMPLE = "卡滞项目第一责任人环县"


def chromium() -> str:
    """The Chromium binary, or skip (fail under CI)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if ON_CI:
            pytest.fail("Chromium is required under CI=true")
        pytest.skip("Chromium is not installed")
    return found


def screenshot(page: Path, width: int, height: int) -> tuple[int, int, list[bytes]]:
    """A screenshot of ``page``: width, height and one bytes object of RGB(A) per row."""
    out = page.with_suffix(".png")
    done = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={page.parent / 'chromium-profile'}",
            f"--window-size={width},{height}",
            f"--screenshot={out}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and out.exists(), done.stderr
    return read_png(out.read_bytes())


def read_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                guess = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + guess) & 0xFF
        rows.append(bytes(line) if channels == 3 else _rgb(line))
        previous = line
    return width, height, rows


def _rgb(line: bytearray) -> bytes:
    return bytes(b for i, b in enumerate(line) if i % 4 != 3)


def ink(rows: list[bytes], left: int, top: int, size: int) -> frozenset[tuple[int, int]]:
    """The dark pixels of a square cell, relative to its corner."""
    return frozenset(
        (x, y)
        for y in range(size)
        for x in range(size)
        if sum(rows[top + y][(left + x) * 3 : (left + x) * 3 + 3]) < 384
    )


def test_png_reader_reads_a_tiny_image():
    """The decoder returns the pixels of a 2×1 RGB PNG written by hand (filter 1, 'sub')."""
    raw = bytes([1, 255, 0, 0, 1, 1, 1])  # red, then red + (1, 1, 1)
    header = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", 0)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
    assert read_png(png) == (2, 1, [bytes([255, 0, 0, 0, 1, 1])])


def installed_families() -> set[str]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return set()
    found = subprocess.run(
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout
    return {name.strip() for line in found.splitlines() for name in line.split(",")}


@pytest.mark.slow
def test_chinese_renders_as_glyphs_in_the_reports_fonts(tmp_path):
    """Each character of a Chinese sample draws its own glyph: no blanks, no identical boxes."""
    chromium()
    if not installed_families() & set(FONT_FAMILIES):
        if ON_CI:
            pytest.fail("no font of the report's font stack is installed (fonts-noto-cjk)")
        pytest.skip("no Chinese font of the report's font stack is installed")
    cells = "".join(
        f'<span style="flex:none;width:{CELL}px;height:{CELL}px;line-height:{CELL}px;'
        'text-align:center;overflow:hidden">'
        f"{escape(char)}</span>"
        for char in SAMPLE
    )
    page = tmp_path / "glyphs.html"
    page.write_text(
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{_CSS}</style>'
        '</head><body style="margin:0;font-size:80px">'
        f'<div style="display:flex">{cells}</div></body></html>',
        encoding="utf-8",
    )
    _width, _height, rows = screenshot(page, CELL * len(SAMPLE), 400)
    shapes = [ink(rows, index * CELL, 0, CELL) for index in range(len(SAMPLE))]
    assert all(len(shape) > 200 for shape in shapes), [len(s) for s in shapes]
    assert len(set(shapes)) == len(SAMPLE)  # tofu would draw the same box for every character


@pytest.mark.slow
def test_monthly_page_renders_in_chromium(ctx, tmp_path):
    """The monthly page opens in the browser and draws its title, table and charts."""
    people(ctx)
    add(ctx, 1, signed_on=date(2026, 9, 1), first_responsible=["张伟"])
    path = tmp_path / "pack.html"
    with open_target(path) as stream:
        write_monthly_html(monthly_pack(ctx, date(2026, 10, 1)), stream)
    width, height, rows = screenshot(path, 1000, 700)
    assert (width, height) == (1000, 700)
    dark = sum(1 for row in rows for i in range(0, len(row), 3) if sum(row[i : i + 3]) < 384)
    assert dark > 2000  # text and chart lines, not a blank page
