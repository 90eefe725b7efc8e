"""``qy-landing commitment add | done | withdraw | list`` and commitments in ``project show``."""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len

from tests.builders import CODE, person, project


@pytest.fixture
def signed(cli_ctx):
    project(cli_ctx)
    person(cli_ctx, "张伟")
    return CODE


@pytest.mark.backends
def test_add_done_list_and_show(cli, signed):
    """A commitment is recorded, listed with filters and --json, done, and shown on the project."""
    added = cli(
        "commitment",
        "add",
        CODE,
        "推动用地预审",
        "--who",
        "张伟",
        "--by",
        "2026-09-30",
        "--on",
        "2026-09-01",
        "--meeting",
        "2026-08",
        lang="zh",
    )
    assert added.exit_code == 0, added.stderr
    assert added.stdout == f"已记录承诺事项 #1（{CODE}）：张伟，2026-09-30 前完成\n"
    listed = cli("commitment", "list", "--who", "张伟", "--as-of", "2026-10-09", lang="zh")
    assert "推动用地预审" in listed.stdout and "逾期未办" in listed.stdout
    assert max(cell_len(line) for line in listed.stdout.splitlines()) <= 80
    data = json.loads(cli("commitment", "list", "--meeting", "2026-08", "--json").stdout)
    assert [(d["id"], d["person"], d["due_on"]) for d in data] == [(1, "张伟", "2026-09-30")]
    assert cli("commitment", "list", "--status", "done").stdout == "No commitments\n"
    done = cli("commitment", "done", "#1", "--note", "预审意见已取得", "--on", "2026-09-29")
    assert done.stdout == "Commitment #1 done on 2026-09-29 (due 2026-09-30, kept)\n"
    shown = cli("project", "show", CODE)
    assert "Commitments" in shown.stdout and "→ 预审意见已取得" in shown.stdout
    as_json = json.loads(cli("project", "show", CODE, "--json").stdout)
    assert as_json["commitments"][0]["status"] == "done"
    history = cli("project", "history", CODE).stdout
    assert "commitment made" in history and "commitment done" in history


def test_errors_are_one_line(cli, signed):
    """Bad status, unknown id and a closed commitment each give one line and exit 1."""
    bad = cli("commitment", "list", "--status", "late")
    assert bad.exit_code == 1
    assert bad.stderr.count("\n") == 1 and "open, missed, done, withdrawn" in bad.stderr
    unknown = cli("commitment", "done", "7", "--note", "x", lang="zh")
    assert unknown.stderr == "没有编号为 #7 的承诺事项（用 commitment list 查看编号）\n"
    cli("commitment", "add", CODE, "x", "--who", "张伟", "--by", "3")
    cli("commitment", "withdraw", "1", "--reason", "不再需要")
    again = cli("commitment", "done", "1", "--note", "x")
    assert again.exit_code == 1
    assert "already withdrawn" in again.stderr
