"""Alembic environment: runs on the connection handed over by Database.upgrade()."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import qy_landing.store.models  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as connection:
            _run(connection)
        return
    _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER columns
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
