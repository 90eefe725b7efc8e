"""`qy-landing report …`, `stats` and `status` as a person runs them: exit codes, files, text."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from tests.cli.report_office import office_cli


@pytest.fixture
def cli(sqlite_url):
    """qy-landing on an office with two stuck projects (as of 2026-10-12)."""
    return office_cli(sqlite_url)


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
    """The ranking on screen, as JSON, and as a spreadsheet."""
    result = cli("report", "redblack", "--month", "2026-10")
    assert result.exit_code == 0, result.output
    assert "红榜" in result.stdout and "黑榜" in result.stdout
    data = json.loads(cli("report", "redblack", "--month", "2026-10", "--json").stdout)
    assert {r["unit"] for r in data["ranking"]} == {"环县", "西峰区"}
    assert data["config"]["weights"]["landing"] == 0.4
    path = tmp_path / "rb.xlsx"
    assert cli("report", "redblack", "--month", "2026-10", "-o", str(path)).exit_code == 0
    assert load_workbook(path).active["C1"].value == "责任单位"


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
