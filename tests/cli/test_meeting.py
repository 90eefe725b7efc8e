"""``qy-landing meeting --plain | --json``: the agenda as text, and option errors."""

from __future__ import annotations

import json

import pytest

from tests.builders import CODE
from tests.meeting_office import CODE2, CODE3, build_meeting_office


@pytest.fixture
def office(cli_ctx):
    build_meeting_office(cli_ctx)
    return cli_ctx


@pytest.mark.backends
def test_plain_agenda_without_a_filter_is_the_running_order(cli, office):
    """No filter: one line per person with their open projects, and how to print one."""
    result = cli("meeting", "--plain", "--month", "2026-11", lang="zh")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["2026 年 11 月 一对一项目调度会议程", ""]
    rows = [[c.strip() for c in line.split("│")[1:-1]] for line in lines if line.startswith("│")]
    assert rows == [["1", "王芳", "西峰区", "1"], ["2", "张伟", "环县", "2"]]
    assert lines[-3] == "共 2 人"
    assert lines[-2].startswith("逐人议程：qy-landing meeting --plain --person 姓名[@单位]")
    assert CODE not in result.stdout  # no project line: those come with a filter or --all


def test_plain_agenda_by_unit_without_a_filter_lists_units(cli, office):
    """--by unit without a filter: one line per unit and the hint to pick one."""
    result = cli("meeting", "--plain", "--month", "2026-11", "--by", "unit")
    assert result.exit_code == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert [r.split("│")[2].strip() for r in rows] == ["西峰区", "环县"]
    assert "2 units" in result.stdout and "--unit UNIT" in result.stdout


@pytest.mark.backends
def test_plain_agenda_in_chinese(cli, office):
    """--all: the printed agenda lists persons in order with their projects and counts."""
    result = cli("meeting", "--plain", "--all", "--month", "2026-11", lang="zh")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "2026 年 11 月 一对一项目调度会议程",
        "",
        "1. 王芳（西峰区）— 1 个项目，逾期手续 0 项，未解决问题 0 个",
        f"   {CODE3}  西峰区光伏项目  [已签约]",
        "",
        "2. 张伟（环县）— 2 个项目，逾期手续 1 项，未解决问题 1 个",
        f"   {CODE}  环县 100MW 风电项目  [市级手续办理中]  逾期手续 1",  # 80 columns:
        "     · 问题 1",  # a longer line folds under itself
        f"   {CODE2}  环县数据中心项目  [已签约]",
    ]


def test_plain_agenda_by_unit_in_english_and_json(cli, office):
    """--by unit groups by unit; --json gives the same agenda as data."""
    result = cli("meeting", "--plain", "--month", "2026-11", "--by", "unit", "--unit", "环县")
    assert result.stdout.splitlines()[:3] == [
        "Dispatch meeting agenda, 2026-11",
        "",
        "1. 环县 — 2 projects, 1 overdue procedures, 1 open problems",
    ]
    data = json.loads(cli("meeting", "--json", "--month", "2026-11").stdout)
    assert [s["name"] for s in data["subjects"]] == ["王芳", "张伟"]
    assert data["subjects"][1]["projects"][0]["overdue_procedures"] == 1


def test_bad_options_are_one_line_errors(cli, office):
    """A bad month, grouping or person is refused before any screen opens."""
    month = cli("meeting", "--plain", "--month", "2026-13")
    assert month.exit_code == 1
    assert month.stderr.startswith("Invalid month '2026-13': expected a month from 1990 to 2100")
    grouping = cli("meeting", "--by", "county")
    assert grouping.exit_code == 1 and "allowed: person, unit" in grouping.stderr
    nobody = cli("meeting", "--person", "赵六")
    assert nobody.exit_code == 1 and "赵六" in nobody.stderr


def test_plain_agenda_of_stuck_projects_at_a_level(cli, office):
    """--stuck and --level narrow the printed agenda; an unknown level is one line."""
    result = cli("meeting", "--plain", "--month", "2026-11", "--stuck", "--level", "city")
    assert result.exit_code == 0, result.stderr
    projects = [line for line in result.stdout.splitlines() if line[:4].strip().isdigit()]
    assert [line.split()[0] for line in projects] == [CODE]  # (folded lines start blank)
    bad = cli("meeting", "--plain", "--level", "town")
    assert bad.exit_code == 1 and "provincial" in bad.stderr and "Traceback" not in bad.stderr
