"""``qy-landing init``: create or upgrade the database, seed units, load workflows."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qy_landing.cli import app
from qy_landing.store.database import HEAD


def test_init_creates_a_new_database_and_says_what_to_do_next(tmp_path):
    """A new file: created, units seeded, both workflows loaded, the next steps suggested."""
    url = f"sqlite:///{tmp_path / 'new.db'}"
    result = CliRunner().invoke(app, ["--db", url, "--lang", "zh", "init"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"已创建数据库：{url}（结构版本 {HEAD}）",
        "新增责任单位 11 个",
        "流程 data_center：已载入 v1",
        "流程 standard：已载入 v1",
        "下一步：qy-landing person add 登记人员，qy-landing project add 或 project import 登记项目",
    ]


@pytest.mark.backends
def test_init_again_changes_nothing(cli, cli_url):
    """Running init on a ready database says it is ready and every workflow unchanged."""
    result = cli("init")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Database ready: {cli_url} (schema {HEAD})",
        "Workflow data_center: v1 unchanged",
        "Workflow standard: v1 unchanged",
    ]


def test_commands_before_init_say_to_run_init(tmp_path):
    """Any command on an empty database says to run init first, in one line."""
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = CliRunner().invoke(app, ["--db", url, "--lang", "en", "project", "list"])
    assert result.exit_code == 1
    assert result.stderr == f"The database {url} is not initialised; run qy-landing init first\n"
