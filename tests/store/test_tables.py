"""The generated Core tables: the same schema as the SQLModel classes, kept so by this test."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from qy_landing.store import tablegen, tables


def test_the_generated_module_is_what_the_models_render_now():
    """tables.py is exactly what `python -m qy_landing.store.tablegen` writes from the models:
    a model changed without regenerating fails here (run that command and commit)."""
    written = Path(tables.__file__).read_text(encoding="utf-8")
    assert written == tablegen.render(tablegen.models_metadata())


def test_every_table_column_key_and_index_equals_the_models():
    """Per table: columns (type, nullability, key, defaults), constraints and indexes."""
    models = tablegen.models_metadata()
    assert tablegen.describe(tables.metadata) == tablegen.describe(models)
    assert set(tables.TABLES) == set(models.tables)


def test_the_ddl_of_both_is_the_same_on_sqlite_and_postgresql():
    """CREATE TABLE and CREATE INDEX compile to the same SQL from either side (constraints
    compared as sets of lines: their order is the order they were made in)."""
    models = tablegen.models_metadata()
    for dialect in (sqlite.dialect(), postgresql.dialect()):
        for name, table in tables.TABLES.items():
            ours = str(CreateTable(table).compile(dialect=dialect)).splitlines()
            theirs = str(CreateTable(models.tables[name]).compile(dialect=dialect)).splitlines()
            assert sorted(line.strip(" ,") for line in ours) == sorted(
                line.strip(" ,") for line in theirs
            ), name
            indexes = {str(CreateIndex(i).compile(dialect=dialect)) for i in table.indexes}
            assert indexes == {
                str(CreateIndex(i).compile(dialect=dialect)) for i in models.tables[name].indexes
            }


def test_a_read_through_the_generated_tables_sees_the_stored_rows(ctx):
    """A statement over the generated project table reads what the models wrote."""
    from sqlalchemy import select

    from tests.builders import CODE, project

    made = project(ctx)
    with ctx.db.read_connection() as connection:
        row = connection.execute(select(tables.project).where(tables.project.c.code == CODE)).one()
    assert (row.id, row.name, row.amount, row.version) == (made.id, made.name, made.amount, 1)
