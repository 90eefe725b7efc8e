"""Set-based writes for large batches (ledger imports, benchmarks' data, the outbox).

SQLAlchemy's executemany builds a parameter dictionary per row through the compiled
statement; for hundreds of thousands of rows that costs more than the database's own
work. ``insert_many`` converts each column once with the column type's own bind
processor (so stored values are exactly what the ORM would store) and hands plain tuples
to the driver's ``executemany``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection


def insert_many(
    connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]], *, chunk: int = 10_000
) -> int:
    """Insert ``rows`` (dicts with the same keys) into ``table``; returns how many."""
    if not rows:
        return 0
    columns = list(rows[0])
    dialect = connection.dialect
    processors: list[Callable[[Any], Any] | None] = [
        table.c[name].type._cached_bind_processor(dialect) for name in columns
    ]
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    preparer = dialect.identifier_preparer
    sql = (
        f"INSERT INTO {preparer.format_table(table)} "
        f"({', '.join(preparer.quote(name) for name in columns)}) "
        f"VALUES ({', '.join([marker] * len(columns))})"
    )
    getter = itemgetter(*columns) if len(columns) > 1 else (lambda row: (row[columns[0]],))
    converted = [(n, process) for n, process in zip(columns, processors, strict=True) if process]
    for start in range(0, len(rows), chunk):
        part: Sequence[Mapping[str, Any]] = rows[start : start + chunk]
        if converted:
            copies = [dict(row) for row in part]
            for name, process in converted:
                memo: dict[Any, Any] = {}  # dates and flags repeat: convert each value once
                for row in copies:
                    value = row[name]
                    try:
                        row[name] = memo[value]
                    except KeyError:
                        row[name] = memo[value] = process(value)
                    except TypeError:  # unhashable
                        row[name] = process(value)
            part = copies
        connection.exec_driver_sql(sql, [getter(row) for row in part])
    return len(rows)
