"""Column types: exact amounts (4 decimals of 亿元), datetimes in UTC, sums that never overflow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from qy_landing.store.types import Amount, UTCDateTime, exact_sum, json_rows

metadata = MetaData()
SAMPLE = Table(
    "sample",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("group_id", Integer),
    Column("amount", Amount()),
    Column("at", UTCDateTime()),
)


@pytest.fixture
def connection(ctx):
    with ctx.db.engine.begin() as conn:
        metadata.create_all(conn)
        yield conn
        metadata.drop_all(conn)


def test_amounts_round_trip_exactly_and_refuse_a_fifth_decimal(connection):
    """12.3456 亿元 comes back as Decimal('12.3456'); 0.00001 is refused, not rounded."""
    connection.execute(insert(SAMPLE), [{"group_id": 1, "amount": Decimal("12.3456")}])
    assert connection.execute(select(SAMPLE.c.amount)).scalar_one() == Decimal("12.3456")
    with pytest.raises(Exception, match="more than 4 decimals"):
        connection.execute(insert(SAMPLE), [{"group_id": 1, "amount": Decimal("0.00001")}])


def test_datetimes_are_stored_in_utc_and_come_back_aware(connection):
    """A Shanghai time comes back as the same moment in UTC; a naive one is refused."""
    shanghai = datetime(2026, 11, 27, 10, tzinfo=timezone(timedelta(hours=8)))
    connection.execute(insert(SAMPLE), [{"group_id": 1, "at": shanghai}])
    back = connection.execute(select(SAMPLE.c.at)).scalar_one()
    assert back == shanghai and back.tzinfo == UTC and back.hour == 2
    with pytest.raises(Exception, match="naive datetime"):
        connection.execute(insert(SAMPLE), [{"group_id": 1, "at": datetime(2026, 11, 27)}])


def test_sums_stay_exact_past_the_64_bit_range(connection):
    """Two amounts near 2⁶³ 万元 sum exactly on both databases."""
    big = Decimal(2**62) / 10_000
    connection.execute(insert(SAMPLE), [{"group_id": 1, "amount": big}] * 3)
    total = connection.execute(select(exact_sum(SAMPLE.c.amount))).scalar_one()
    assert int(total) == 3 * 2**62


def test_json_rows_bring_children_in_one_statement(connection):
    """A group's rows as one JSON array of arrays (NULL or [] when there are none)."""
    connection.execute(insert(SAMPLE), [{"group_id": 1, "amount": 1}, {"group_id": 1, "amount": 2}])
    query = select(SAMPLE.c.group_id, json_rows(SAMPLE.c.id, SAMPLE.c.group_id)).group_by(
        SAMPLE.c.group_id
    )
    group, rows = connection.execute(query).one()
    import json

    parsed = json.loads(rows) if isinstance(rows, str) else rows
    assert group == 1 and sorted(parsed) == [[1, 1], [2, 1]]
    none = connection.execute(
        select(json_rows(SAMPLE.c.id)).where(SAMPLE.c.group_id == 99)
    ).scalar_one()
    assert none in (None, "[]")
