"""`qy-landing funds add|list`: funds in place recorded and listed, bad amounts refused."""

from __future__ import annotations

import json

import pytest

from tests.cli.report_office import office_cli
from tests.reports.data import code


@pytest.fixture
def cli(sqlite_url):
    """qy-landing on an office with two stuck projects (as of 2026-10-12)."""
    return office_cli(sqlite_url)


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
