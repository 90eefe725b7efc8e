"""The monthly dispatch pack: who is in it, what it says, and the files it makes."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from qy_landing.reports.charts import standalone
from qy_landing.reports.monthly import monthly_pack
from qy_landing.reports.monthly_files import all_charts, write_monthly_html, write_monthly_xlsx
from qy_landing.reports.writers import open_target
from qy_landing.services import problems, procedures, projects
from tests.reports.data import add, code, people, start

OCTOBER = date(2026, 10, 1)
WEST = "621002"  # 西峰区


@pytest.fixture
def month(ctx):
    """Projects in and out of October 2026's pack (clock: 2026-10-12)."""
    people(ctx)
    # 1: 环县, in flight: filing overdue, EIA approved in October, soil plan due 10-23,
    #    a problem opened in October, persons assigned
    add(ctx, 1, signed_on=date(2026, 9, 1), first_responsible=["张伟"], direct_responsible=["李娜"])
    procedures.set_status(ctx, code(1), "filing", "submitted", on=date(2026, 9, 25))
    procedures.set_status(ctx, code(1), "eia_form", "submitted", on=date(2026, 9, 1))
    procedures.set_status(ctx, code(1), "eia_form", "approved", on=date(2026, 10, 9))
    procedures.set_status(ctx, code(1), "soil_water", "submitted", on=date(2026, 10, 9))
    problems.open_problem(ctx, code(1), "用地指标未落实", on=date(2026, 10, 8))
    # 2: 西峰区, started in October
    add(ctx, 2, code=code(2, WEST), unit="西峰区", signed_on=date(2026, 3, 2))
    start(ctx, code(2, WEST), date(2026, 10, 9), approved_on=date(2026, 9, 1))
    # 3: started in September: landed before the month, not in the pack
    add(ctx, 3, signed_on=date(2026, 3, 2))
    start(ctx, code(3), date(2026, 9, 10))
    # 4 terminated in October (in), 5 terminated in September (out), 6 suspended (in)
    for n in (4, 5, 6):
        add(ctx, n, signed_on=date(2026, 6, 1), name=f"项目{n}<script>alert(1)</script>")
    projects.terminate(ctx, code(4), reason="企业撤资", on=date(2026, 10, 8))
    projects.terminate(ctx, code(5), reason="企业撤资", on=date(2026, 9, 8))
    projects.suspend(ctx, code(6), reason="资金未到位", on=date(2026, 9, 8))
    return ctx


def test_pack_holds_projects_not_landed_and_those_closed_this_month(month):
    """In flight, suspended, started or terminated in October are in; earlier landings are not."""
    pack = monthly_pack(month, OCTOBER)
    assert (pack.month, pack.last, pack.as_of) == (OCTOBER, date(2026, 10, 31), date(2026, 10, 12))
    codes = [p.code for p in pack.projects()]
    assert codes == [code(2, WEST), code(1), code(4), code(6)]  # 西峰区 first, then by code
    summaries = {s.unit: s for s in pack.summaries}
    assert summaries["西峰区"].projects == 1 and summaries["西峰区"].started == 1
    assert summaries["环县"].projects == 3
    assert summaries["环县"].approved == 1
    assert (summaries["环县"].due, summaries["环县"].overdue) == (2, 1)
    assert summaries["环县"].problems == 1


def test_a_project_s_month_changes_approvals_dues_problems_and_persons(month):
    """Project 1 shows October's events, the EIA approval, what is due and overdue."""
    pack = monthly_pack(month, OCTOBER)
    project = next(p for p in pack.projects() if p.code == code(1))
    assert [a.step for a in project.approved] == ["eia_form"]
    assert project.approved_on == ((date(2026, 10, 9), date(2026, 10, 19)),)
    # filing due 9-30 is 4 working days overdue; the soil plan (submitted 10-09, 10 working
    # days, 10-10 a make-up Saturday) is due 10-22: 8 working days left on 10-12
    assert [(d.step, left) for d, left in zip(project.due, project.due_left, strict=True)] == [
        ("filing", -4),
        ("soil_water", 8),
    ]
    assert project.overdue_count == 1
    assert project.due_label(0, "zh") == "项目备案：2026-09-30 到期，已逾期 4 个工作日"
    assert [p.text for p in project.problems] == ["用地指标未落实"]
    assert project.first_responsible == ("张伟",) and project.direct_responsible == ("李娜",)
    changes = [c.label("zh") for c in project.changes]
    assert changes == [
        "10-08 提出问题：用地指标未落实",
        "10-09 手续状态：环境影响评价（报告表） 已提交 → 已批复",
        "10-09 手续状态：水土保持方案 待办 → 已提交",
        "10-12 指定责任人：第一责任人 张伟",
        "10-12 指定责任人：直接责任人 李娜",
    ]


def test_charts_count_the_funnel_ageing_and_trend(month):
    """Funnel per unit (signed this year), ageing of running procedures, monthly starts."""
    pack = monthly_pack(month, OCTOBER)
    funnel = dict(pack.funnel)
    # 环县: 1, 3, 6 in the funnel (3 started; 4 and 5 terminated are left out)
    assert funnel["环县"] == [3, 1, 1, 1, 1]
    assert funnel["西峰区"] == [1, 1, 1, 1, 1]
    # running: filing (9-25, 7 working days) and soil plan (10-09, 2 working days), county
    assert pack.ageing["county"] == [1, 1, 0, 0, 0, 0]
    trend = {m.month: (s, g) for m, s, g in pack.trend}
    assert trend[10] == (1, 0) and trend[9] == (1, 1) and trend[3] == (0, 2)


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


def test_empty_month(ctx, tmp_path):
    """A month with no project still gives a complete page that says so."""
    pack = monthly_pack(ctx, OCTOBER)
    path = tmp_path / "empty.html"
    with open_target(path) as stream:
        assert write_monthly_html(pack, stream, "en") == 0
    assert "No project to dispatch this month." in path.read_text(encoding="utf-8")


def test_pack_reports_progress_by_stage_and_by_level(month, tmp_path):
    """The pack counts procedures done per approval stage and per level, overall and per project."""
    pack = monthly_pack(month, OCTOBER)
    assert pack.progress.by_stage == {
        "project_land": [1, 4],
        "engineering": [4, 12],
        "construction": [2, 8],
    }
    assert pack.progress.by_level == {"provincial": [0, 0], "city": [2, 4], "county": [5, 20]}
    first = next(p for p in pack.projects() if p.code == code(1))
    assert first.progress.label("zh") == (
        "立项用地规划许可 0/1 · 工程建设许可 1/3 · 施工许可 0/2；市级 1/1 · 县级 0/5"
    )
    assert first.as_dict()["progress"]["by_stage"]["engineering"] == {"done": 1, "total": 3}
    assert pack.as_dict()["progress"]["by_level"]["county"] == {"done": 5, "total": 20}
    path = tmp_path / "pack.html"
    with open_target(path) as stream:
        write_monthly_html(pack, stream, "zh")
    html = path.read_text(encoding="utf-8")
    assert "手续进度（按审批阶段和层级）" in html
    assert '<td>工程建设许可</td><td class="n">4</td><td class="n">12</td>' in html
    xlsx = tmp_path / "pack.xlsx"
    with open_target(xlsx) as stream:
        write_monthly_xlsx(pack, stream, "en")
    rows = [[c.value for c in row] for row in load_workbook(xlsx)["Progress"].iter_rows()]
    assert ["engineering permits", 4, 12] in rows and ["county", 5, 20] in rows
