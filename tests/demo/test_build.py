"""Building the demo: only into an empty database, checked against its plan, reproducible."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from qy_landing import demo
from qy_landing.clock import FixedClock
from qy_landing.errors import DemoExistsError, DemoTargetNotEmptyError, InvalidValueError
from qy_landing.services.context import Context
from qy_landing.store.models import Project

from .conftest import AS_OF


def _codes(ctx: Context) -> list[str]:
    with ctx.db.read() as session:
        return list(session.execute(select(Project.code).order_by(Project.code)).scalars())


def test_the_built_demo_passed_its_own_check(built):
    """build_demo() measured what it built: the figures equal the plan's and the target."""
    _ctx, summary = built
    assert summary.figures == demo.TARGET
    assert (summary.seed, summary.as_of) == (demo.DEFAULT_SEED, AS_OF)


def test_refuses_a_database_with_data(sqlite_ctx):
    """The demo is never written into a database that already holds projects."""
    from tests.builders import project

    project(sqlite_ctx)
    with pytest.raises(DemoTargetNotEmptyError):
        demo.build_demo(sqlite_ctx)
    assert _codes(sqlite_ctx) == ["2601-621022-04-01-123456"]


def test_refuses_a_date_before_2026(sqlite_url):
    """The history can be cut on 1 January 2026 at the earliest; nothing is written."""
    with pytest.raises(InvalidValueError) as caught:
        demo.build_demo(sqlite_url, as_of=date(2025, 12, 31))
    assert "2026-01-01" in caught.value.render("en")
    assert demo.inspect_target(sqlite_url).kind == "empty"


def test_create_demo_reports_its_phases_and_refuses_to_rebuild_without_reset(tmp_path):
    """create_demo() builds into a new file, telling each phase; a second call needs reset."""
    url = demo.default_demo_url(tmp_path)
    assert url == f"sqlite:///{tmp_path / demo.DEFAULT_FILE}"
    phases: list[str] = []
    summary = demo.create_demo(
        url, as_of=date(2026, 1, 9), on_progress=lambda phase, done, total: phases.append(phase)
    )
    assert list(dict.fromkeys(phases)) == ["setup", "plan", "people", "history", "check"]
    assert (summary.replaced, summary.figures.fair) == (False, 0)
    with pytest.raises(DemoExistsError):
        demo.create_demo(url, as_of=date(2026, 1, 9))


@pytest.mark.slow
def test_same_seed_same_database(built, tmp_path):
    """A second build with the same seed has the same codes and the same audit trail."""
    ctx, _summary = built
    again = Context.open(f"sqlite:///{tmp_path / 'again.db'}", clock=FixedClock.on(AS_OF))
    try:
        demo.build_demo(again)
        assert _codes(again) == _codes(ctx)
        assert demo.audit_digest(again) == demo.audit_digest(ctx)
    finally:
        again.db.dispose()
