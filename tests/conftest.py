"""Fixtures shared by the whole suite.

``ctx`` is an initialised database with a fixed clock, parametrized over SQLite and a
real PostgreSQL server the fixtures start themselves (test ids say which). Under
``CI=true`` a PostgreSQL that cannot start is a failure, not a skip.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from qy_landing.clock import FixedClock
from qy_landing.services.context import Context
from qy_landing.testing import pgserver

BACKENDS = ["sqlite", "postgres"]
ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
_counter = itertools.count()


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's database, language or configuration."""
    for name in (
        "QY_LANDING_DB",
        "QY_LANDING_LANG",
        "QY_LANDING_USER",
        "QY_LANDING_CONFIG",
        "QY_LANDING_WORKFLOWS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[pgserver.LocalPostgres]:
    reason = pgserver.available()
    if reason:
        if ON_CI:
            pytest.fail(f"PostgreSQL is required under CI=true: {reason}")
        pytest.skip(reason)
    server = pgserver.LocalPostgres()
    try:
        server.start()
    except Exception as exc:  # pragma: no cover - depends on the machine
        server.stop()
        if ON_CI:
            pytest.fail(f"PostgreSQL did not start: {exc}")
        pytest.skip(f"PostgreSQL did not start: {exc}")
    yield server
    server.stop()


@pytest.fixture
def clock() -> FixedClock:
    """2026-10-12 09:00 in Qingyang: a Monday, just after the National Day holidays."""
    return FixedClock.on(date(2026, 10, 12))


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    context = Context.open(
        f"sqlite:///{path}", actor="setup", clock=FixedClock.on(date(2026, 1, 5))
    )
    from qy_landing.services.setup import init_database

    init_database(context)
    context.db.dispose()
    return path


@pytest.fixture(scope="session")
def _postgres_template(postgres: pgserver.LocalPostgres) -> str:
    from qy_landing.services.setup import init_database

    url = postgres.create_database("qy_template")
    context = Context.open(url, actor="setup", clock=FixedClock.on(date(2026, 1, 5)))
    init_database(context)
    context.db.dispose()
    return "qy_template"


def fresh_database(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of a new, initialised database of ``backend`` (copied from a template)."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("_sqlite_template")
        target = tmp_path / "landing.db"
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"
    server: pgserver.LocalPostgres = request.getfixturevalue("postgres")
    template_name = request.getfixturevalue("_postgres_template")
    name = f"t{os.getpid()}_{next(_counter)}"
    return server.create_database(name, template=template_name)


@pytest.fixture
def fresh_databases(
    backend: str, request: pytest.FixtureRequest
) -> Callable[[], contextlib.AbstractContextManager[str]]:
    """A maker of new initialised databases of ``backend``, one per call and gone after it
    (property tests need one per example: a function-scoped fixture is made only once)."""

    @contextlib.contextmanager
    def make() -> Iterator[str]:
        if backend == "sqlite":
            template: Path = request.getfixturevalue("_sqlite_template")
            folder = Path(tempfile.mkdtemp())
            try:
                shutil.copyfile(template, folder / "p.db")
                yield f"sqlite:///{folder / 'p.db'}"
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            return
        server: pgserver.LocalPostgres = request.getfixturevalue("postgres")
        template_name = request.getfixturevalue("_postgres_template")
        name = f"h{os.getpid()}_{next(_counter)}"
        try:
            yield server.create_database(name, template=template_name)
        finally:
            server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    return make


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An initialised database (units seeded, workflows loaded) on each backend."""
    return fresh_database(backend, request, tmp_path)


@pytest.fixture
def ctx(db_url: str, clock: FixedClock) -> Iterator[Context]:
    context = Context.open(db_url, actor="测试员", clock=clock)
    yield context
    context.db.dispose()


@pytest.fixture
def sqlite_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An initialised SQLite database, for tests about one backend only (CLI, files …)."""
    return fresh_database("sqlite", request, tmp_path)


@pytest.fixture
def sqlite_ctx(sqlite_url: str, clock: FixedClock) -> Iterator[Context]:
    context = Context.open(sqlite_url, actor="测试员", clock=clock)
    yield context
    context.db.dispose()
