"""Driver-level bulk inserts: the column types' conversions applied, in chunks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Column, Date, Integer, MetaData, String, Table, select

from qy_landing.store.bulk import insert_many
from qy_landing.store.types import Amount

metadata = MetaData()
ROWS = Table(
    "bulk_sample",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(20)),
    Column("on", Date),
    Column("flag", Boolean),
    Column("amount", Amount()),
)


def test_rows_are_inserted_in_chunks_with_their_types_converted(ctx):
    """Dates, flags and exact amounts read back as given, whatever the chunk size."""
    rows = [
        {"id": i, "name": f"项目{i}", "on": date(2026, 1, 1 + i % 28), "flag": i % 2 == 0,
         "amount": Decimal(i) / 4}
        for i in range(1, 26)
    ]  # fmt: skip
    with ctx.db.engine.begin() as conn:
        metadata.create_all(conn)
        assert insert_many(conn, ROWS, rows, chunk=7) == 25
        assert insert_many(conn, ROWS, []) == 0
        back = [dict(r._mapping) for r in conn.execute(select(ROWS).order_by(ROWS.c.id))]
        metadata.drop_all(conn)
    assert back == rows
