"""The tables a person reads at the desk, as they look at 80 and 120 columns (snapshots).

One office with long Chinese names (、 and （ inside them), national project codes and
problems; every table must keep codes and dates whole, never start a line with 、 or ）,
and fit the terminal.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from qy_landing.cli import app
from qy_landing.clock import FixedClock
from qy_landing.services import problems, procedures
from qy_landing.services.context import Context
from tests.builders import person, project
from tests.snapshot import assert_snapshot

CODES = ["2511-621022-04-01-971620", "2511-621002-04-01-971621", "2601-621022-07-02-000733"]
LONG = "庆阳数据中心集群二期配套光伏储能一体化示范项目（二期）、配套储能电站"


@pytest.fixture(scope="module")
def office(_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Three projects, their persons, a procedure moved and a problem (as of 2026-10-12)."""
    path = tmp_path_factory.mktemp("desk") / "desk.db"
    shutil.copyfile(_sqlite_template, path)
    url = f"sqlite:///{path}"
    ctx = Context.open(url, actor="测试员", clock=FixedClock.on(date(2026, 10, 12)))
    person(ctx, "张伟", "环县", title="副县长（分管招商引资、项目落地）",
           email="zhangwei.investment@huanxian.gov.example")  # fmt: skip
    person(ctx, "王强", "西峰区", title="区长")
    for number, code in enumerate(CODES):
        unit = "西峰区" if code[5:11] == "621002" else "环县"
        project(ctx, code=code, unit=unit, name=f"{LONG}{number}",
                signed_on=date(2026, 5, number + 1), first_responsible=["张伟"])  # fmt: skip
    procedures.set_status(ctx, CODES[0], "filing", "submitted", on=date(2026, 6, 1))
    problems.open_problem(
        ctx, CODES[0], "用地指标、林地手续（省级审批）需协调，压覆矿产评估未完成", owner="张伟"
    )
    ctx.db.dispose()
    return url


def run(url: str, columns: int, *args: str) -> str:
    result = CliRunner().invoke(
        app, ["--db", url, "--lang", "zh", *args], env={"COLUMNS": str(columns)}
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def check(text: str, columns: int) -> None:
    """Fits the width; no line of a table starts with 、 or ）; every code and date whole."""
    for line in text.splitlines():
        assert cell_len(line) <= columns, line
        inside = [cell.strip() for cell in re.split("[│┃]", line)[1:-1]]
        assert not any(cell.startswith(("、", "）", "，")) for cell in inside), line
    for found in re.finditer(r"\d{4}-\d{6}[-\d]*", text):
        assert found.group() in CODES, found.group()


TABLES = {
    "status": ("status", "--as-of", "2026-10-12"),
    "problem_list": ("problem", "list"),
    "person_list": ("person", "list"),
    "unit_list": ("unit", "list"),
    "history": ("project", "history", CODES[0]),
    "stats": ("stats", "--from", "2026-01-01", "--to", "2026-10-12"),
    "meeting_plain": ("meeting", "--plain", "--month", "2026-10"),
    "meeting_plain_person": ("meeting", "--plain", "--month", "2026-10", "--person", "张伟"),
}


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("name", list(TABLES))
def test_desk_tables_at_80_and_120_columns(office: str, name: str, columns: int) -> None:
    """Each table as a person sees it, kept as a snapshot; fits, codes whole, no stranded 、."""
    text = run(office, columns, *TABLES[name])
    check(text, columns)
    assert_snapshot(f"desk_{name}_{columns}", text)


WIDE = {
    "person_list": ("person", "list", "--wide"),
    "problem_list": ("problem", "list", "--wide"),
    "unit_list": ("unit", "list", "--wide"),
    "history": ("project", "history", "--wide", CODES[0]),
    "status": ("status", "--wide", "--as-of", "2026-10-12"),
}


@pytest.mark.parametrize("name", list(WIDE))
def test_wide_shows_every_column_at_80_columns(office: str, name: str) -> None:
    """--wide hides no column and says nothing about hidden ones, whatever the width."""
    text = run(office, 80, *WIDE[name])
    assert "--wide" not in text
    if name == "person_list":
        assert "职务" in text and "副县长（分管招商引资、项目落地）" in text


def test_person_list_at_80_keeps_addresses_whole_and_names_the_hidden_column(office: str) -> None:
    """An e-mail address is never split: the title hides instead, and a line says so."""
    text = run(office, 80, "person", "list")
    assert "zhangwei.investment@huanxian.gov.example" in text
    assert text.splitlines()[-1] == "终端较窄，未显示：职务（加 --wide 显示全部列）"
