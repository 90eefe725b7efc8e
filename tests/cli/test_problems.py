"""``qy-landing problem add | resolve | list``."""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len

from qy_landing.cli.docgen import JSON_SHAPES
from tests.builders import CODE, person, project


@pytest.fixture
def signed(cli_ctx):
    project(cli_ctx)
    person(cli_ctx, "张伟")
    return CODE


@pytest.mark.backends
def test_add_resolve_and_list(cli, signed):
    """A problem is opened with an owner, listed as open, then resolved."""
    added = cli("problem", "add", CODE, "用地指标不足，需省厅协调", "--owner", "张伟",
                "--on", "2026-08-03", lang="zh")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert added.stdout == f"已记录问题 #1（项目 {CODE}，2026-08-03）\n"
    listed = cli("problem", "list", "--open", lang="zh")
    assert "用地指标不足，需省厅协调" in listed.stdout
    assert "负责人：张伟" in listed.stdout
    assert "2026-08-03 提出" in listed.stdout
    assert "未解决" in listed.stdout
    assert max(cell_len(line) for line in listed.stdout.splitlines()) <= 80
    resolved = cli("problem", "resolve", "#1", "--note", "省厅已调剂指标", "--on", "2026-09-01")
    assert resolved.exit_code == 0, resolved.stderr
    assert resolved.stdout == "Problem #1 resolved on 2026-09-01\n"
    assert cli("problem", "list", "--open").stdout == "No problems\n"
    everything = cli("problem", "list")
    assert "resolved 2026-09-01" in everything.stdout
    assert "→ 省厅已调剂指标" in everything.stdout


@pytest.mark.backends
def test_resolving_twice_is_refused(cli, signed):
    """A resolved problem cannot be resolved again; the message gives the date."""
    cli("problem", "add", CODE, "环评排期晚", "--on", "2026-08-03")
    cli("problem", "resolve", "1", "--note", "已排期", "--on", "2026-08-10")
    again = cli("problem", "resolve", "1", "--note", "x", lang="zh")
    assert again.exit_code == 1
    assert again.stderr == "问题 #1 已于 2026-08-10 解决\n"


def test_resolve_needs_a_note_and_a_known_id(cli, signed):
    """Without --note or with an unknown number the error says so."""
    cli("problem", "add", CODE, "环评排期晚", "--on", "2026-08-03")
    no_note = cli("problem", "resolve", "1")
    assert no_note.exit_code == 1
    assert "expected some text" in no_note.stderr
    unknown = cli("problem", "resolve", "99", "--note", "x")
    assert unknown.exit_code == 1
    assert "No problem '#99'" in unknown.stderr
    bad = cli("problem", "resolve", "one", "--note", "x")
    assert bad.exit_code == 1
    assert "a whole number above 0" in bad.stderr


def test_list_json_and_project_filter(cli, signed):
    """--project filters; --json has the documented keys."""
    cli("problem", "add", CODE, "环评排期晚", "--on", "2026-08-03")
    rows = json.loads(cli("problem", "list", "--project", CODE, "--json").stdout)
    assert [key for key, _ in JSON_SHAPES["problem list --json"]] == list(rows[0])
    assert rows[0]["opened_on"] == "2026-08-03"
    assert rows[0]["resolved_on"] is None
