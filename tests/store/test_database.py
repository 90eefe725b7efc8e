"""Storage: schema creation and upgrade, the newer-schema guard, SQLite settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from qy_landing.errors import SchemaMissingError, SchemaTooNewError
from qy_landing.services.context import Context
from qy_landing.services.setup import init_database
from qy_landing.store.database import HEAD, REVISIONS, Database, normalise_url

OWNER_COLUMNS = ("project_unit_id", "project_introducing_unit_id")  # 0009_row_owner


def test_known_revisions_match_the_alembic_scripts():
    """The start-up check's list of revisions is the Alembic history, oldest first."""
    from alembic.script import ScriptDirectory

    from qy_landing.store.database import _alembic_config

    scripts = ScriptDirectory.from_config(_alembic_config("sqlite://"))
    history = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert tuple(history) == REVISIONS


def test_models_and_migrations_agree(ctx):
    """A fresh database built by the migrations has exactly the tables and columns of the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import qy_landing.store.models  # noqa: F401

    with ctx.db.engine.connect() as connection:
        migration = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = [
            d
            for d in compare_metadata(migration, SQLModel.metadata)
            if not (isinstance(d, tuple) and "apscheduler" in str(d)) and not _owner_copy(d)
        ]
    assert differences == []


def _owner_copy(difference: object) -> bool:
    """0009_row_owner's copies of a project's units (PostgreSQL only, kept by triggers,
    never read by the application): a column or index not in the models, on purpose."""
    return isinstance(difference, tuple) and any(c in str(difference) for c in OWNER_COLUMNS)


def test_init_is_idempotent(ctx):
    again = init_database(ctx)
    assert again.units_added == 0
    assert {w.action for w in again.workflows} == {"unchanged"}


def test_uninitialised_database_is_refused_with_a_hint(tmp_path: Path):
    db = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(SchemaMissingError) as caught:
        db.check_schema()
    assert "qy-landing init" in caught.value.render("en")


def test_database_newer_than_the_code_is_refused(ctx):
    with ctx.db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaTooNewError) as caught:
        ctx.db.check_schema()
    assert "9999" in caught.value.render("en") and HEAD in caught.value.render("en")
    with pytest.raises(SchemaTooNewError):
        init_database(ctx)  # never "downgrades" someone else's newer database


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_ctx: Context):
    with sqlite_ctx.db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_urls_are_normalised():
    assert normalise_url("landing.db").startswith("sqlite:///")
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_a_new_sqlite_database_and_its_folder_are_private(tmp_path):
    """Created by init: the folder 0700, the database and its WAL files 0600."""
    import stat

    folder = tmp_path / "data" / "qy"
    path = folder / "landing.db"
    context = Context.open(f"sqlite:///{path}", actor="setup")
    try:
        init_database(context)
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        files = [p for p in folder.iterdir() if p.name.startswith("landing.db")]
        assert path in files
        assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in files} == {
            p.name: 0o600 for p in files
        }
    finally:
        context.db.dispose()
