"""The monthly dispatch pack: who is in it, what it says, and the files it makes."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from qy_landing.reports.monthly import monthly_pack
from qy_landing.reports.monthly_files import write_monthly_html, write_monthly_xlsx
from qy_landing.reports.writers import open_target
from qy_landing.services import projects
from tests.reports.data import add, code, october_office

OCTOBER = date(2026, 10, 1)
WEST = "621002"  # 西峰区


@pytest.fixture
def month(ctx):
    """Projects in and out of October 2026's pack (clock: 2026-10-12)."""
    return october_office(ctx)


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


def test_xlsx_pack_compares_the_year_to_date_with_a_year_earlier(month, tmp_path):
    """同比增长: 1 January – 10-12 against the same days of 2025 (a later 2025 signing is out)."""
    add(month, 7, signed_on=date(2025, 5, 5))
    add(month, 8, signed_on=date(2025, 11, 1))
    path = tmp_path / "pack.xlsx"
    with open_target(path) as stream:
        write_monthly_xlsx(monthly_pack(month, OCTOBER), stream, "en")
    sheet = load_workbook(path)["Year on year"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]  # under the title
    periods = ["2026-01-01 – 2026-10-12", "2025-01-01 – 2025-10-12"]
    assert rows[0] == ["Figure", "This period", "A year earlier", "Growth %", "Period", rows[0][5]]
    assert rows[1] == ["Projects signed", 6, 1, 500, *periods]  # (6 − 1) ÷ 1
    assert rows[3] == ["Projects started", 2, 0, None, *periods]  # nothing a year earlier


def test_pack_grouped_by_introducing_unit(month):
    """--group-by introducing: project 1 counts for 市商务局 who brought it in, the rest stay
    with their landing unit; --unit then picks the department's own projects."""
    from qy_landing.services.units import add_unit

    add_unit(month, "市商务局", kind="department")
    projects.update_project(month, code(1), introduced_by="市商务局")
    pack = monthly_pack(month, OCTOBER, group_by="introducing")
    summaries = {s.unit: (s.projects, s.approved, s.due, s.problems) for s in pack.summaries}
    assert summaries == {"西峰区": (1, 0, 0, 0), "环县": (2, 0, 0, 0), "市商务局": (1, 1, 2, 1)}
    assert pack.as_dict()["group_by"] == "introducing"
    mine = monthly_pack(month, OCTOBER, unit="市商务局", group_by="引进单位")
    assert [(p.code, p.unit) for p in mine.projects()] == [(code(1), "市商务局")]
    assert monthly_pack(month, OCTOBER).summaries[1].projects == 3  # by landing: 环县 has all 3
