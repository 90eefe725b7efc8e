"""Fixtures of the CLI tests: a runner bound to a real initialised SQLite database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from qy_landing.cli import app

Invoke = Callable[..., Result]


@pytest.fixture
def cli(sqlite_url: str) -> Invoke:
    """``cli("project", "list", lang="zh")``: one run of qy-landing on the test database.

    The terminal is 80 columns wide; the actor is 测试员. The CLI uses the real clock, so
    tests pass explicit ``--on`` dates that are not in the future.
    """
    runner = CliRunner()

    def invoke(*args: str, lang: str = "en", columns: int = 80, **kwargs: Any) -> Result:
        argv = ["--db", sqlite_url, "--lang", lang, "--as", "测试员", *args]
        return runner.invoke(app, argv, env={"COLUMNS": str(columns)}, **kwargs)

    return invoke


def lines(text: str) -> list[str]:
    """Non-empty output lines without trailing blanks."""
    return [line.rstrip() for line in text.splitlines() if line.strip()]
