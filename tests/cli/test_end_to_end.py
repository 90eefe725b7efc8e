"""``qy-landing`` as a real program: one project's life on a temporary SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CODE = "2601-621022-04-01-123456"


@pytest.mark.slow
def test_a_project_from_signing_to_construction_start(tmp_path: Path):
    """init, person add, project add, advance, procedure set, show --json, history."""
    env = {
        **os.environ,
        "QY_LANDING_DB": str(tmp_path / "landing.db"),
        "QY_LANDING_USER": "落地办小王",
        "QY_LANDING_LANG": "zh",
        "COLUMNS": "80",
    }

    def run(*args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "qy_landing", *args],
            capture_output=True, text=True, encoding="utf-8", env=env, check=False,
        )  # fmt: skip
        assert done.returncode == expect, (args, done.stdout, done.stderr)
        return done

    assert "已创建数据库" in run("init").stdout
    assert "已登记 张伟（环县）" in run("person", "add", "张伟", "--unit", "环县").stdout
    run("person", "add", "李娜", "--unit", "环县", "--channel", "email", "--email", "ln@x.cn")
    added = run(
        "project", "add", "--code", CODE, "--name", "环县 100MW 风电项目",
        "--investor", "甘肃某新能源有限公司", "--unit", "环县", "--chain", "energy",
        "--amount", "12.5", "--signed-on", "2026-07-10", "--first-responsible", "张伟",
    )  # fmt: skip
    assert "适用手续 6 项" in added.stdout
    run("project", "assign", CODE, "--role", "direct_responsible", "--person", "李娜")

    moved = run("project", "advance", CODE, "--on", "2026-07-15")
    assert "自动通过" in moved.stdout  # no provincial procedure: that level passes
    assert "当前状态：市级手续办理中" in moved.stdout

    # the city level: one environmental assessment
    run("procedure", "set", CODE, "eia_form", "submitted", "--on", "2026-07-16")
    run("procedure", "set", CODE, "eia_form", "approved", "--on", "2026-08-14")
    run("project", "advance", CODE, "--on", "2026-08-14")
    # the county level, in dependency order
    day = 17
    for step in ("filing", "soil_water", "construction_planning",
                 "drawing_review", "construction_permit"):  # fmt: skip
        run("procedure", "set", CODE, step, "submitted", "--on", f"2026-08-{day:02d}")
        run("procedure", "set", CODE, step, "approved", "--on", f"2026-08-{day + 1:02d}")
        day += 2
    blocked = run("procedure", "set", CODE, "filing", "rejected", "--on", "2026-09-01", expect=1)
    assert "不能改为「退回」" in blocked.stderr

    started = run("project", "advance", CODE, "start_construction", "--on", "2026-09-01",
                  "--note", "开工仪式")  # fmt: skip
    assert "县级手续办理中 → 已开工" in started.stdout

    view = json.loads(run("project", "show", CODE, "--json").stdout)
    assert view["state"] == "started"
    assert view["started_on"] == "2026-09-01"
    assert {p["status"] for p in view["procedures"]} == {"approved"}
    assert [(a["role"], a["person"]) for a in view["assignments"]] == [
        ("first_responsible", "张伟"),
        ("direct_responsible", "李娜"),
    ]

    events = json.loads(run("project", "history", CODE, "--json").stdout)
    assert {e["actor"] for e in events} == {"落地办小王"}
    states = [(e["old"], e["new"]) for e in events if e["field"] == "state"]
    assert states == [
        (None, "signed"),
        ("signed", "provincial"),
        ("provincial", "city"),
        ("city", "county"),
        ("county", "started"),
    ]
    assert events[-1]["note"] == "开工仪式"

    human = run("--lang", "en", "project", "history", CODE).stdout
    assert "started" in human
    assert "note: 开工仪式" in human

    closed = run("--lang", "en", "project", "advance", CODE, expect=1)
    assert closed.stdout == ""
    assert closed.stderr.count("\n") == 1
