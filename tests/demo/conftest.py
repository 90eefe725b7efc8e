"""Fixtures of the demo's tests: the definitions, a plan, and the demo built once.

The built demo takes a while (a year of history replayed through the services), so it is
built once per test session into a SQLite file and only read afterwards. Under
pytest-xdist the workers share that file: the first to need it builds it under a file lock,
the others read it and summarise it themselves.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from filelock import FileLock

from qy_landing import demo
from qy_landing.clock import FixedClock
from qy_landing.demo.model import WORKFLOWS, DemoPlan
from qy_landing.services.context import Context
from qy_landing.workflow.definition import Definition

AS_OF = date(2026, 10, 31)
PERIOD = (date(2026, 1, 1), AS_OF)


def shipped_definitions() -> dict[str, Definition]:
    """The shipped workflow definitions the demo uses, parsed from their files (no database)."""
    from qy_landing.services.workflows import workflow_files
    from qy_landing.workflow.definition import parse_definition

    found = {path.stem: path for path in workflow_files()}
    return {
        name: parse_definition(found[name].read_text(encoding="utf-8"), name) for name in WORKFLOWS
    }


@pytest.fixture(scope="session")
def definitions() -> dict[str, Definition]:
    return shipped_definitions()


@pytest.fixture(scope="session")
def plan(definitions: dict[str, Definition]) -> DemoPlan:
    """The plan of the default seed (2026)."""
    return demo.plan_demo(demo.DEFAULT_SEED, definitions)


@pytest.fixture(scope="session")
def built(
    tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> Iterator[tuple[Context, demo.DemoSummary]]:
    """The demo, built once per session into a SQLite file (shared by xdist workers)."""
    base = tmp_path_factory.getbasetemp()
    folder = base if worker_id == "master" else base.parent  # the session's own folder
    path = folder / "demo-built.db"
    url = f"sqlite:///{path}"
    with FileLock(str(folder / "demo-built.lock")):
        summary = _build(path, url) if not path.exists() else None
    ctx = Context.open(url, actor="测试员", clock=FixedClock.on(AS_OF, hour=18))
    if summary is None:
        summary = demo.summarise(ctx, seed=demo.DEFAULT_SEED, as_of=AS_OF)
    yield ctx, summary
    ctx.db.dispose()


def _build(path: Path, url: str) -> demo.DemoSummary:
    with pytest.MonkeyPatch.context() as patch:
        for name in [n for n in os.environ if n.startswith("QY_LANDING_")]:
            patch.delenv(name)
        return demo.build_demo(url)


@pytest.fixture
def built_ctx(built: tuple[Context, demo.DemoSummary]) -> Context:
    """A context on the built demo, as of 2026-10-31 18:00."""
    return built[0]
