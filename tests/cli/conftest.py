"""Fixtures of the CLI tests: a runner bound to a real initialised database.

The CLI runs on SQLite by default. Tests marked ``@pytest.mark.backends`` — a smoke subset
of every command group — run on SQLite *and* on the PostgreSQL server the suite starts,
so the commands (and their one-line errors) are checked on both backends. Data fixtures
set up through ``cli_ctx``, a library context on the same database as ``cli``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from qy_landing.cli import app
from qy_landing.clock import FixedClock
from qy_landing.services.context import Context
from tests.conftest import BACKENDS, fresh_database

Invoke = Callable[..., Result]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("backends") and "cli_backend" in (
        metafunc.fixturenames
    ):
        metafunc.parametrize("cli_backend", BACKENDS, indirect=True)


@pytest.fixture
def cli_backend(request: pytest.FixtureRequest) -> str:
    """``sqlite``, or each backend in turn for tests marked ``backends``."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def cli_url(cli_backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The database the CLI runs on (on SQLite the very database of ``sqlite_url``)."""
    if cli_backend == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return fresh_database(cli_backend, request, tmp_path)


@pytest.fixture
def cli_ctx(cli_url: str, clock: FixedClock) -> Iterator[Context]:
    """A library context on the CLI's database, to set up data before a command runs."""
    context = Context.open(cli_url, actor="测试员", clock=clock)
    yield context
    context.db.dispose()


@pytest.fixture
def cli(cli_url: str) -> Invoke:
    """``cli("project", "list", lang="zh")``: one run of qy-landing on the test database.

    The terminal is 80 columns wide; the actor is 测试员. The CLI uses the real clock, so
    tests pass explicit ``--on`` dates that are not in the future.
    """
    runner = CliRunner()

    def invoke(*args: str, lang: str = "en", columns: int = 80, **kwargs: Any) -> Result:
        argv = ["--db", cli_url, "--lang", lang, "--as", "测试员", *args]
        return runner.invoke(app, argv, env={"COLUMNS": str(columns)}, **kwargs)

    return invoke


def lines(text: str) -> list[str]:
    """Non-empty output lines without trailing blanks."""
    return [line.rstrip() for line in text.splitlines() if line.strip()]


# The reminder office (persons, projects, overdue procedures) of tests/reminders/, for the
# `remind` and `scheduler` command tests that live here beside their modules.
from tests.reminders.conftest import (  # noqa: E402, F401
    _office_postgres,
    _office_sqlite,
    office_url,
    platforms,
    receiver,
)
