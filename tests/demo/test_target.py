"""The target database: told apart (absent, empty, demo, real data, foreign) and left alone."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.clock import FixedClock
from qy_landing.demo.target import inspect_target, remove_demo_file
from qy_landing.errors import DemoTargetNotEmptyError
from qy_landing.services.context import Context


def test_target_kinds(built_ctx, sqlite_url, tmp_path):
    """A missing file, an empty database, a demo, real data and a foreign file are told apart."""
    from tests.builders import person

    empty = inspect_target(sqlite_url)
    real = Context.open(sqlite_url, actor="王敏", clock=FixedClock.on(date(2026, 10, 12)))
    person(real)
    real.db.dispose()
    foreign = tmp_path / "notes.db"
    foreign.write_text("not a database", encoding="utf-8")
    assert empty.kind == "empty" and empty.is_file
    assert inspect_target(f"sqlite:///{tmp_path / 'none.db'}").kind == "absent"
    demo = inspect_target(built_ctx.db.url)
    assert (demo.kind, demo.projects) == ("demo", 492)
    assert inspect_target(sqlite_url).kind == "other"
    assert inspect_target(f"sqlite:///{foreign}").kind == "foreign"


def test_remove_demo_file_deletes_only_demo_files(sqlite_url, tmp_path):
    """Deleting refuses a database with real data and does nothing where nothing is."""
    from tests.builders import project

    real = Context.open(sqlite_url, actor="王敏", clock=FixedClock.on(date(2026, 10, 12)))
    project(real)
    real.db.dispose()
    with pytest.raises(DemoTargetNotEmptyError):
        remove_demo_file(sqlite_url)
    assert inspect_target(sqlite_url).kind == "other"
    remove_demo_file(f"sqlite:///{tmp_path / 'none.db'}")  # absent: nothing to do
