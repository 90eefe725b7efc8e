"""Reading a project imports no write path: ``project show`` starts as a reader only."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.builders import CODE, project

# The modules that change projects: a command that only reads must not pay for them.
WRITE_PATH = (
    "qy_landing.services.changes",
    "qy_landing.services.registration",
    "qy_landing.services.moves",
    "qy_landing.services.commitments",
    "qy_landing.ledger",
)

SHOW = """
import json, sys
from qy_landing.cli import main
sys.argv = ["qy-landing", "--db", sys.argv[1], "project", "show", sys.argv[2], *sys.argv[3:]]
try:
    main()
    code = 0
except SystemExit as exc:
    code = exc.code
loaded = sorted(m for m in sys.modules if m.startswith(("qy_landing", "yaml")))
print("MODULES " + json.dumps({"exit": code, "modules": loaded}))
"""


def show_in_a_fresh_process(url: str, *options: str) -> tuple[str, dict]:
    return in_a_fresh_process(SHOW, url, CODE, *options)


def in_a_fresh_process(script: str, *args: str) -> tuple[str, dict]:
    """What ``script`` printed, and its report: exit code and the modules it loaded."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QY_LANDING_LANG": "en"},
        timeout=120,
        check=False,
    )
    printed, _, report = done.stdout.rpartition("MODULES ")
    assert report, done.stderr
    return printed, json.loads(report)


# Building the SQLModel classes (a pydantic model and a mapper per table) costs about a third
# of `import sqlmodel, typer`: the read path uses the generated Core tables instead.
MODEL_CLASSES = ("qy_landing.store.models",)


@pytest.mark.slow
@pytest.mark.parametrize("options", [(), ("--json",)])
def test_project_show_imports_no_write_path(sqlite_ctx, sqlite_url, options):
    """`project show` (table or JSON) runs without importing changes, registration or moves,
    nor the SQLModel classes (it reads through qy_landing.store.tables), nor PyYAML, nor the
    settings file's loader."""
    project(sqlite_ctx)
    printed, report = show_in_a_fresh_process(sqlite_url, *options)
    assert report["exit"] == 0
    assert CODE in printed
    assert [m for m in WRITE_PATH if m in report["modules"]] == []
    assert [m for m in MODEL_CLASSES if m in report["modules"]] == []
    assert "qy_landing.services.project_views" in report["modules"]
    assert "qy_landing.store.tables" in report["modules"]
    assert "yaml" not in report["modules"]  # the shipped definitions' data come from JSON
    assert "qy_landing.config" not in report["modules"]  # environment.py is enough


LIST = SHOW.replace('"project", "show", sys.argv[2]', '"project", "list", sys.argv[2]').replace(
    '("qy_landing", "yaml")',
    '("qy_landing", "yaml", "rich", "typer._adapters", "chinese_", "sqlmodel", "pydantic", '
    '"sqlalchemy.orm")',
)

# What a long list needs no more than `project show` does: typer's pydantic validators for
# its options, the settings loader, the working-day calendar, the workflow definitions, rich;
# nor sqlmodel (pydantic) or SQLAlchemy's ORM, which `import sqlmodel, typer` (its baseline)
# pays for: the generated tables use plain String, the list reads on a plain connection.
NOT_FOR_A_LIST = (
    "sqlmodel",
    "pydantic",
    "sqlalchemy.orm",
    "typer._adapters",
    "qy_landing.config",
    "qy_landing.calendar",
    "chinese_calendar",
    "qy_landing.workflow.definition",
    "qy_landing.store.models",
    "rich",
    "yaml",
)


@pytest.mark.slow
@pytest.mark.parametrize("option", ["--all", "--json"])
def test_project_list_to_a_pipe_starts_as_a_plain_reader(sqlite_ctx, sqlite_url, option):
    """`project list --all`/`--json` into a pipe prints the projects without importing the
    write path, typer's pydantic validators, the settings loader, the calendar, the
    workflow definitions, the SQLModel classes (nor sqlmodel, pydantic or the ORM at all),
    rich or PyYAML."""
    project(sqlite_ctx)
    printed, loaded = in_a_fresh_process(LIST, sqlite_url, option)
    assert loaded["exit"] == 0
    assert CODE in printed
    assert [m for m in WRITE_PATH if m in loaded["modules"]] == []
    assert [m for m in NOT_FOR_A_LIST if m in loaded["modules"]] == []
