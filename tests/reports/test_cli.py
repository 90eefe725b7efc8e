"""The report commands as a person runs them: exit codes, files, and the text on screen."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from qy_landing.cli import app
from qy_landing.clock import FixedClock
from qy_landing.services.context import Context
from tests.reports.data import add, code, people


@pytest.fixture
def cli(sqlite_url):
    """Run qy-landing on a SQLite database holding two stuck projects (as of 2026-10-12)."""
    ctx = Context.open(sqlite_url, actor="测试员", clock=FixedClock.on(date(2026, 10, 12)))
    people(ctx)
    add(ctx, 1, signed_on=date(2026, 8, 3), name="=cmd|' /C calc'!A0", first_responsible=["张伟"])
    add(ctx, 2, code=code(2, "621002"), unit="西峰区", signed_on=date(2026, 5, 6))
    ctx.db.dispose()
    runner = CliRunner()

    def invoke(*args, lang="zh"):
        return runner.invoke(
            app, ["--db", sqlite_url, "--lang", lang, *args], env={"COLUMNS": "100"}
        )

    return invoke


def test_export_stuck_to_xlsx_file(cli, tmp_path):
    """-o FILE.xlsx writes the workbook and says how many projects it holds."""
    path = tmp_path / "卡滞.xlsx"
    result = cli("export", "stuck", "--as-of", "2026-10-12", "-o", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"已导出 2 个卡滞项目（截至 2026-10-12）到 {path}"
    sheet = load_workbook(path)["卡滞项目"]
    assert sheet["B2"].value == code(2, "621002")
    assert sheet["C3"].value == "'=cmd|' /C calc'!A0"


def test_export_stuck_csv_to_stdout_by_default(cli):
    """Without -o the CSV (with BOM) goes to standard output."""
    result = cli("export", "stuck", "--as-of", "2026-10-12", "--unit", "环县", lang="en")
    assert result.exit_code == 0, result.output
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][1] == "Project code"
    assert [r[1] for r in rows[1:]] == [code(1)]


def test_export_stuck_json_and_markdown_to_stdout(cli):
    """--format json or md with -o - prints that format."""
    result = cli("export", "stuck", "--as-of", "2026-10-12", "-f", "json", "-o", "-")
    assert json.loads(result.stdout)["count"] == 2
    result = cli("export", "stuck", "--as-of", "2026-10-12", "--format", "md", "--idle-days", "5")
    assert result.stdout.startswith("# 卡滞项目清单（截至 2026-10-12）")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2026-13-01"], "2026-13-01"),
        (["--unit", "火星县"], "火星县"),
        (["-o", "out.txt"], ".txt"),
        (["--idle-days", "many"], "many"),
        (["-o", "/proc/version.csv"], "Cannot write /proc/version.csv"),
    ],
)
def test_export_stuck_bad_input_is_one_line(cli, args, message):
    """A bad option gives one line naming the value, exit code 1, and no traceback."""
    result = cli("export", "stuck", *args, lang="en")
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_report_monthly_html_and_terminal_summary(cli, tmp_path):
    """-o FILE.html writes the pack; without -o a per-unit summary is shown."""
    path = tmp_path / "pack.html"
    result = cli("report", "monthly", "--month", "2026-10", "-o", str(path))
    assert result.exit_code == 0, result.output
    assert "chart-funnel" in path.read_text(encoding="utf-8")
    result = cli("report", "monthly", "--month", "2026-10", lang="en")
    assert result.exit_code == 0, result.output
    assert "Monthly dispatch pack 2026-10" in result.stdout
    assert "环县" in result.stdout and "西峰区" in result.stdout
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
    assert sheet["C1"].value == "责任单位" and sheet["C2"].value == "环县"
    assert sheet["C2"].fill.fgColor.rgb == "FFFFC7CE"  # red row
    assert sheet["C3"].fill.fgColor.rgb == "FF404040"  # black row
    page = tmp_path / "rb.html"
    assert cli("report", "redblack", "--month", "2026-10", "-o", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert '<tr class="red"><td class="n">1</td>' in html and '<tr class="black">' in html


def test_target_import_and_list(cli, tmp_path):
    """target import reads the city's sheet; target list shows target, done, rate, rank."""
    sheet = tmp_path / "targets.csv"
    sheet.write_text("单位,签约项目(个),走访企业\n环县,2,100\n西峰区,4,\n", encoding="gb18030")
    result = cli("target", "import", str(sheet), "--year", "2026", lang="en")
    assert result.exit_code == 0, result.output
    assert "3 targets added" in result.stdout
    listed = cli("target", "list", "--as-of", "2026-10-31", "--json")
    units = json.loads(listed.stdout)["units"]
    assert [(u["unit"], u["rank"], u["completion"]) for u in units] == [
        ("西峰区", 1, 25.0),
        ("环县", 1, 25.0),  # (50 % + 0 of 100 visits) ÷ 2: ties share a rank
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("单位,签约项目\n火星县,1\n", encoding="utf-8")
    refused = cli("target", "import", str(bad), lang="en")
    assert refused.exit_code == 1 and "火星县" in refused.stdout + refused.stderr


def test_unit_import_and_introducing_unit(cli, tmp_path):
    """unit import adds departments; project add --introduced-by; stats --group-by introducing."""
    sheet = tmp_path / "units.csv"
    sheet.write_text("单位名称,单位类别\n市商务局,市直部门\n", encoding="utf-8")
    result = cli("unit", "import", str(sheet), lang="en")
    assert result.exit_code == 0, result.output
    assert "1 units added" in result.stdout
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


def test_funds_add_and_list(cli):
    """funds add records funds in place; funds list shows them with the total."""
    result = cli("funds", "add", code(1), "2.5", "--on", "2026-09-01", lang="en")
    assert result.exit_code == 0, result.output
    assert "2.5" in result.stdout and "out of province" in result.stdout
    cli("funds", "add", code(1), "0.75", "--on", "2026-09-02", "--in-province", "--note", "首期")
    listed = cli("funds", "list", code(1))
    assert "首期" in listed.stdout and "合计 3.25 亿元" in listed.stdout
    data = json.loads(cli("funds", "list", code(1), "--json").stdout)
    assert data["total"] == "3.2500" and len(data["records"]) == 2
    bad = cli("funds", "add", code(1), "-1", lang="en")
    assert bad.exit_code != 0
