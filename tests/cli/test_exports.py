"""`qy-landing export …` as a person runs it: files, standard output, one-line errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from tests.cli.report_office import office_cli
from tests.reports.data import code


@pytest.fixture
def cli(sqlite_url):
    """qy-landing on an office with two stuck projects (as of 2026-10-12)."""
    return office_cli(sqlite_url)


def test_export_stuck_to_xlsx_file(cli, tmp_path):
    """-o FILE.xlsx writes the workbook and says how many projects it holds."""
    path = tmp_path / "卡滞.xlsx"
    result = cli("export", "stuck", "--as-of", "2026-10-12", "-o", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"已导出 2 个卡滞项目（截至 2026-10-12）到 {path}"
    sheet = load_workbook(path)["卡滞项目"]
    assert sheet["A1"].value.startswith("卡滞项目  全部单位  截至 2026-10-12  生成于 ")
    assert sheet["B3"].value == code(2, "621002")
    assert sheet["C4"].value == "'=cmd|' /C calc'!A0"


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
