"""`qy-landing report …`, `stats` and `status` as a person runs them: exit codes, files, text."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from tests.cli.report_office import office_cli
from tests.reports.data import code


@pytest.fixture
def cli(sqlite_url):
    """qy-landing on an office with two stuck projects (as of 2026-10-12)."""
    return office_cli(sqlite_url)


def test_report_monthly_html_and_terminal_summary(cli, tmp_path):
    """-o FILE.html writes the pack; without -o the summary and growth; bad options refused."""
    path = tmp_path / "pack.html"
    result = cli("report", "monthly", "--month", "2026-10", "-o", str(path))
    assert result.exit_code == 0, result.output
    assert "chart-funnel" in path.read_text(encoding="utf-8")
    result = cli("report", "monthly", "--month", "2026-10", lang="en")
    assert result.exit_code == 0, result.output
    assert "Monthly dispatch pack 2026-10" in result.stdout
    assert "环县" in result.stdout and "西峰区" in result.stdout
    assert "Year on year" in result.stdout  # the growth table follows the summary
    result = cli("report", "monthly", "--month", "2026-10", "--group-by", "x", lang="en")
    assert result.exit_code == 1
    assert "allowed: landing unit, introducing unit" in result.stderr
    result = cli("report", "monthly", "--month", "2026-10", "-o", "pack.pdf", lang="en")
    assert result.exit_code == 1 and "xlsx" in result.stderr


def test_report_redblack_terminal_json_and_file(cli, tmp_path):
    """Boards on screen, as JSON and as coloured xlsx, csv and html files."""
    # one project each, not started, nothing running: one indicator only, so both apart
    data = json.loads(cli("report", "redblack", "--month", "2026-10", "--json").stdout)
    county = data["boards"][0]
    assert (county["board"], county["ranking"]) == ("county", [])
    assert {"环县", "西峰区"} <= {r["unit"] for r in county["apart"]}
    # targets make them judgeable: 环县 1 of 2 signed (50 %), 西峰区 1 of 4 (25 %)
    assert cli("target", "set", "环县", "signed_count", "2", "--year", "2026").exit_code == 0
    assert cli("target", "set", "西峰区", "签约项目", "4", "--year", "2026").exit_code == 0
    result = cli("report", "redblack", "--month", "2026-10")
    assert result.exit_code == 0, result.output
    assert "红榜：环县" in result.stdout
    assert "西峰区 —— 年度目标平均完成 25.0%；落地率 0.0%（签约 1 个，开工 0 个）" in result.stdout
    data = json.loads(cli("report", "redblack", "--month", "2026-10", "--json").stdout)
    ranking = data["boards"][0]["ranking"]
    # 100 × (0.2 × 0.5 + 0.15 × 0) / 0.35 and 100 × (0.2 × 0.25) / 0.35
    assert [(r["unit"], r["score"], r["rank"]) for r in ranking] == [
        ("环县", 28.6, 1),
        ("西峰区", 14.3, 2),
    ]
    path = tmp_path / "rb.xlsx"
    assert cli("report", "redblack", "--month", "2026-10", "-o", str(path)).exit_code == 0
    sheet = load_workbook(path)["红黑榜·县区"]
    assert sheet["A1"].value.startswith("红黑榜 2026-10 · 红黑榜·县区  全部单位  截至 ")
    assert sheet["C2"].value == "责任单位" and sheet["C3"].value == "环县"
    assert sheet["C3"].fill.fgColor.rgb == "FFFFC7CE"  # red row
    assert sheet["C4"].fill.fgColor.rgb == "FF404040"  # black row
    page = tmp_path / "rb.html"
    assert cli("report", "redblack", "--month", "2026-10", "-o", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert '<tr class="red"><td class="n">1</td>' in html and '<tr class="black">' in html


def test_stats_json_and_text(cli):
    """stats --json gives exact strings; the text shows two decimals."""
    data = json.loads(cli("stats", "--from", "2026-01-01", "--to", "2026-10-12", "--json").stdout)
    assert data["signed"] == {"count": 2, "amount": "25.0000"}
    text = cli("stats", "--from", "2026-01-01", "--to", "2026-10-12").stdout
    assert "2 个，25.00 亿元" in text
    bad = cli("stats", "--from", "2026-10-12", "--to", "2026-01-01", lang="en")
    assert bad.exit_code == 1


def test_status_dashboard(cli):
    """status shows the funnel, the units and the most stuck projects."""
    result = cli("status", "--as-of", "2026-10-12", lang="en")
    assert result.exit_code == 0, result.output
    assert "Landing dashboard as of 2026-10-12" in result.stdout
    assert "The ten most stuck projects" in result.stdout
    assert (
        json.loads(cli("status", "--as-of", "2026-10-12", "--json").stdout)["funnel"]["signed"] == 2
    )


def test_unit_import_and_introducing_unit(cli, tmp_path):
    """unit import adds departments; project add --introduced-by; stats --group-by introducing."""
    sheet = tmp_path / "units.csv"
    sheet.write_text("单位名称,单位类别\n市商务局,市直部门\n", encoding="utf-8")
    result = cli("unit", "import", str(sheet), lang="en")
    assert result.exit_code == 0, result.output
    assert "1 unit added" in result.stdout
    added = cli(
        "project", "add", "--code", code(3), "--name", "测试项目3", "--investor", "某公司",
        "--unit", "环县", "--introduced-by", "市商务局", "--chain", "energy", "--amount", "3",
        "--signed-on", "2026-09-01",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    shown = json.loads(cli("project", "show", code(3), "--json").stdout)
    assert shown["introduced_by"] == "市商务局"
    data = json.loads(
        cli("stats", "--from", "2026-01-01", "--to", "2026-10-12", "--group-by", "introducing",
            "--json").stdout
    )  # fmt: skip
    assert {f["key"] for f in data["signed_by_unit"]} == {"环县", "西峰区", "市商务局"}
    assert data["group_by"] == "introducing"
