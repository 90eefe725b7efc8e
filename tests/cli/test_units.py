"""``qy-landing unit list | add``."""

from __future__ import annotations

import json

import pytest

from qy_landing.cli.docgen import JSON_SHAPES


def test_list_shows_the_seeded_counties_and_parks(cli):
    """The 8 counties/districts and 3 parks are there, with their kind in Chinese."""
    result = cli("unit", "list", lang="zh")
    assert result.exit_code == 0, result.stderr
    assert "环县" in result.stdout
    assert "621022" in result.stdout
    assert "县区" in result.stdout
    assert "庆阳经济技术开发区" in result.stdout
    assert "园区" in result.stdout


def test_list_in_english_shows_english_names(cli):
    """English output adds the English names and kinds."""
    out = cli("unit", "list", "--kind", "park").stdout
    assert "Changqingqiao Industrial Cluster" in out
    assert "industrial park" in out
    assert "环县" not in out


@pytest.mark.backends
def test_add_a_department_then_the_duplicate_is_refused(cli):
    """Adding 市招商促进中心 works once; the second time names the duplicate."""
    added = cli("unit", "add", "市招商促进中心", "--kind", "department", "--code", "QY-D1",
                lang="zh")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert added.stdout == "已新增责任单位 市招商促进中心（市直部门，代码 QY-D1）\n"
    again = cli("unit", "add", "市招商促进中心")
    assert again.exit_code == 1
    assert again.stderr == "unit '市招商促进中心' already exists\n"
    units = json.loads(cli("unit", "list", "--json").stdout)
    assert [key for key, _ in JSON_SHAPES["unit list --json"]] == list(units[0])
    assert units[-1]["name"] == "市招商促进中心"
    assert units[-1]["kind"] == "department"


def test_unknown_kind_lists_the_kinds(cli):
    """An unknown kind names every allowed kind."""
    result = cli("unit", "add", "某单位", "--kind", "bureau")
    assert result.exit_code == 1
    assert result.stderr.startswith("Unknown unit kind 'bureau'; allowed: county/district")
