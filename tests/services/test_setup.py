"""Creating or upgrading a database: schema, seed units and workflows; safe to run again."""

from __future__ import annotations

from qy_landing.services import units, workflows
from qy_landing.services.context import Context
from qy_landing.services.setup import init_database


def test_a_new_database_gets_schema_units_and_workflows(tmp_path, clock):
    """On an empty file init creates the schema, the seed units and the shipped workflows."""
    context = Context.open(f"sqlite:///{tmp_path / 'new.db'}", actor="setup", clock=clock)
    try:
        report = init_database(context)
        assert report.revision_before is None
        assert report.revision
        assert report.units_added == len(units.list_units(context)) > 0
        loaded = {w.name for w in workflows.list_workflows(context)}
        assert {"standard", "data_center"} <= loaded
    finally:
        context.db.dispose()


def test_running_init_again_changes_nothing(ctx):
    """An initialised database: same revision, no unit added, every workflow unchanged."""
    before = [u.name for u in units.list_units(ctx)]
    report = init_database(ctx)
    assert report.revision_before == report.revision
    assert report.units_added == 0
    assert [u.name for u in units.list_units(ctx)] == before
    assert report.workflows and {r.action for r in report.workflows} == {"unchanged"}
