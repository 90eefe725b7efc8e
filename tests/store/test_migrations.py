"""Migrations over existing data: 0002_person_channels keeps the channels persons chose."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlalchemy import text

from qy_landing.store.database import HEAD, Database, _alembic_config

_names = itertools.count()


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'old.db'}"
    server = request.getfixturevalue("postgres")
    return str(server.create_database(f"mig_{next(_names)}"))


def test_upgrading_from_0001_keeps_chosen_channels_and_adds_the_new_columns(empty_url):
    """A person with e-mail keeps exactly e-mail (fallback ""); a console one follows the office."""
    from alembic import command

    db = Database(empty_url, create=True)
    with db.engine.begin() as connection:
        config = _alembic_config(db.url)
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO unit (id, name, kind) VALUES (1, '环县', 'county')"))
        connection.execute(
            text(
                "INSERT INTO person (name, unit_id, channel, lang, supervisor, active) VALUES "
                "('张伟', 1, 'email', 'zh', false, true), ('李娜', 1, 'console', 'en', false, true)"
            )
        )
    db.upgrade()
    assert db.current_revision() == HEAD
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT name, fallback FROM person ORDER BY name")).all()
        tokens = connection.execute(text("SELECT count(*) FROM channel_token")).scalar_one()
        columns = connection.execute(
            text("SELECT route, delivered_via, external_id, receipt, receipt_at FROM reminder")
        ).all()
    assert sorted(tuple(r) for r in rows) == sorted([("张伟", ""), ("李娜", None)])
    assert (tokens, columns) == (0, [])
    db.dispose()


def test_0007_row_security_downgrades_and_upgrades_again(empty_url):
    """Down to 0003_scheduler_lease drops accounts, actor_login and the policies; up again works."""
    from alembic import command

    db = Database(empty_url)
    db.upgrade()

    def policies() -> int:
        if db.is_sqlite:
            return 0
        with db.engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM pg_policies")).scalar_one())

    assert policies() > 0 or db.is_sqlite
    with db.engine.begin() as connection:
        config = _alembic_config(db.url)
        config.attributes["connection"] = connection
        command.downgrade(config, "0003_scheduler_lease")
    assert policies() == 0
    from sqlalchemy import inspect

    with db.engine.connect() as connection:
        assert "account" not in inspect(connection).get_table_names()
    db.upgrade()
    assert db.current_revision() == HEAD
    assert policies() > 0 or db.is_sqlite
    db.dispose()


def test_0009_row_owner_copies_the_units_onto_rows_already_there(postgres, tmp_path, request):
    """Upgrading a database with projects fills every procedure's and event's copy of its
    project's unit, so county logins keep seeing their rows after the upgrade."""
    from alembic import command

    from qy_landing.services.context import Context
    from tests.builders import project
    from tests.conftest import fresh_database

    url = fresh_database("postgres", request, tmp_path)
    ctx = Context.open(url, actor="管理员")
    project(ctx)
    with ctx.db.engine.begin() as connection:
        config = _alembic_config(ctx.db.url)
        config.attributes["connection"] = connection
        command.downgrade(config, "0008_staff_rekey")
    ctx.db.upgrade()
    copies = (
        "SELECT count(*), count(*) FILTER (WHERE t.project_unit_id = p.unit_id) "
        "FROM {table} t JOIN project p ON p.id = t.project_id"
    )
    with ctx.db.engine.connect() as connection:
        for table in ("procedure", "event"):
            rows, copied = connection.exec_driver_sql(copies.format(table=table)).one()
            assert rows > 0 and copied == rows, table
    ctx.db.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_0010_reminder_error_message_keeps_failures_recorded_before_it(kind, tmp_path, request):
    """Down to 0009 and up again: a failure recorded before has no message key, and is
    listed with its English text in either language; the next failure gets one."""
    from alembic import command

    from qy_landing.config import Config
    from qy_landing.reminders.deliver import list_reminders, requeue_failed, send_pending
    from qy_landing.reminders.generate import generate
    from qy_landing.services.context import Context
    from tests.conftest import fresh_database
    from tests.reminders.conftest import build_office, use_channel

    ctx = Context.open(fresh_database(kind, request, tmp_path), actor="管理员")
    build_office(ctx)
    use_channel(ctx, "email")  # not configured: fails at once
    generate(ctx, config=Config(), kind="monthly")
    send_pending(ctx, config=Config())
    with ctx.db.engine.begin() as connection:
        config = _alembic_config(ctx.db.url)
        config.attributes["connection"] = connection
        command.downgrade(config, "0009_row_owner")
    ctx.db.upgrade()
    assert ctx.db.current_revision() == HEAD
    english = (
        "email: channels.email.host, channels.email.from not configured (set in qy-landing.toml)"
    )
    rows, _ = list_reminders(ctx, status="failed")
    assert len(rows) == 2
    assert all(r.error is None and r.error_text("zh") == english for r in rows)
    requeue_failed(ctx)
    send_pending(ctx, config=Config())
    rows, _ = list_reminders(ctx, status="failed")
    assert {r.error_text("zh") for r in rows} == {
        "email：未配置 channels.email.host、channels.email.from（在 qy-landing.toml 中设置）"
    }
    ctx.db.dispose()
