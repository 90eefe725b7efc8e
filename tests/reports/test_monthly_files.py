"""The monthly pack's files: one self-contained HTML page, an xlsx with a sheet per kind of row."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from qy_landing.reports.charts import standalone
from qy_landing.reports.monthly import monthly_pack
from qy_landing.reports.monthly_files import all_charts, write_monthly_html, write_monthly_xlsx
from qy_landing.reports.writers import open_target
from tests.reports.data import october_office

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
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
    summary = [[c.value for c in row] for row in book["概况"].iter_rows()]
    assert summary[0][:3] == ["责任单位", "调度项目", "本月开工"]
    assert summary[-1][:2] == ["合计", 4]
    approved = [[c.value for c in row] for row in book["本月办结手续"].iter_rows(min_row=2)]
    assert len(approved) == 1
    assert approved[0][3] == "环境影响评价（报告表）"
    assert approved[0][5] == datetime(2026, 10, 9) and approved[0][7] == "是"
    due = [[c.value for c in row] for row in book["到期逾期手续"].iter_rows(min_row=2)]
    assert [(r[3], r[7], r[8]) for r in due] == [("项目备案", None, 4), ("水土保持方案", 8, None)]
    names = [c.value for c in book["项目"]["C"][1:]]
    assert all(not n.startswith(("=", "+", "-", "@")) for n in names)


def test_standalone_chart_files_carry_the_svg_namespace(month):
    """A chart saved as its own .svg file is a valid standalone SVG document."""
    svg = standalone(all_charts(monthly_pack(month, OCTOBER), "en")["chart-trend"])
    assert svg.startswith("<?xml") and 'xmlns="http://www.w3.org/2000/svg"' in svg
