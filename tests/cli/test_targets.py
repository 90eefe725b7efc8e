"""`qy-landing target …` as a person runs it: the city's sheet imported, targets listed."""

from __future__ import annotations

import json

import pytest

from tests.cli.report_office import office_cli


@pytest.fixture
def cli(sqlite_url):
    """qy-landing on an office with two stuck projects (as of 2026-10-12)."""
    return office_cli(sqlite_url)


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
