"""Rendering the Core tables module from the models: faithful, and it notices a change."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, false

from qy_landing.store import tablegen


def _run(source: str) -> MetaData:
    namespace: dict[str, object] = {}
    exec(compile(source, "<tables>", "exec"), namespace)
    metadata = namespace["metadata"]
    assert isinstance(metadata, MetaData)
    return metadata


def test_the_rendered_source_rebuilds_the_models_schema():
    """Executed, the rendered module describes exactly the models' schema."""
    models = tablegen.models_metadata()
    assert tablegen.describe(_run(tablegen.render(models))) == tablegen.describe(models)


def test_a_changed_schema_renders_and_describes_differently():
    """A new column, length or index changes both the text and the description: the
    equality test of tests/store/test_tables.py cannot miss it."""

    def schema(length: int, extra: bool) -> MetaData:
        metadata = MetaData()
        Table("unit", metadata, Column("id", Integer, primary_key=True))
        columns = [
            Column("id", Integer, primary_key=True),
            Column("unit_id", Integer, ForeignKey("unit.id"), nullable=False, index=True),
            Column("name", String(length), nullable=False, server_default="x"),
        ]
        if extra:
            columns.append(Column("flag", Integer, server_default=false()))
        Table("thing", metadata, *columns)
        return metadata

    base = schema(20, False)
    assert tablegen.describe(_run(tablegen.render(base))) == tablegen.describe(base)
    for changed in (schema(21, False), schema(20, True)):
        assert tablegen.render(changed) != tablegen.render(base)
        assert tablegen.describe(changed) != tablegen.describe(base)


def test_a_default_it_cannot_write_is_refused_by_name():
    """A computed default is not silently dropped: the error names table and column."""
    metadata = MetaData()
    Table("t", metadata, Column("id", Integer, primary_key=True, default=lambda: 1))
    with pytest.raises(TypeError, match=r"t\.id"):
        tablegen.render(metadata)


def test_main_writes_the_module_once_then_says_it_is_up_to_date(tmp_path, monkeypatch, capsys):
    """`python -m qy_landing.store.tablegen` writes tables.py, and a second run changes
    nothing."""
    target = tmp_path / "tables.py"
    monkeypatch.setattr(tablegen, "TARGET", target)
    assert tablegen.main() == 0
    assert target.read_text(encoding="utf-8") == tablegen.render(tablegen.models_metadata())
    assert tablegen.main() == 0
    assert capsys.readouterr().out.splitlines() == [
        f"wrote {target}",
        f"{target} is up to date",
    ]
