"""Column types that keep values exact and time zones honest on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import GenericFunction
from sqlalchemy.types import TypeDecorator

AMOUNT_SCALE = 10_000  # amounts are kept in 万元: 1 亿元 = 10 000 万元, so 4 decimals of 亿元
_FOUR_PLACES = Decimal("0.0001")


class Amount(TypeDecorator[Decimal]):
    """An amount in 亿元, stored as a whole number of 万元 so sums stay exact everywhere."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        scaled = Decimal(value) * AMOUNT_SCALE
        if scaled != scaled.to_integral_value():
            raise ValueError(f"amount {value} has more than 4 decimals")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / AMOUNT_SCALE).quantize(_FOUR_PLACES)

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime, stored in UTC (naive on SQLite), returned aware in UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pass an aware one (see qy_landing.clock)")
        aware: datetime = value
        return aware.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        stored: datetime = value
        return stored.replace(tzinfo=UTC) if stored.tzinfo is None else stored.astimezone(UTC)

    @property
    def python_type(self) -> type[datetime]:
        return datetime


class exact_sum(GenericFunction[Any]):
    """``SUM`` that never overflows: exact for any data on both databases.

    PostgreSQL's ``sum(bigint)`` is already exact (``numeric``). SQLite's ``sum()`` stops
    with "integer overflow" past 2⁶³, so there it is ``qy_exact_sum()``, an aggregate with
    Python integers that the connection registers (:class:`ExactSum`).
    """

    name = "exact_sum"
    inherit_cache = True


@compiles(exact_sum)
def _exact_sum_default(element: exact_sum, compiler: SQLCompiler, **kw: Any) -> str:
    return f"sum({compiler.process(element.clauses, **kw)})"


@compiles(exact_sum, "sqlite")
def _exact_sum_sqlite(element: exact_sum, compiler: SQLCompiler, **kw: Any) -> str:
    return f"qy_exact_sum({compiler.process(element.clauses, **kw)})"


class ExactSum:
    """The SQLite aggregate behind :class:`exact_sum` (big results come back as text)."""

    def __init__(self) -> None:
        self.total: int | None = None

    def step(self, value: Any) -> None:
        if value is not None:
            self.total = (self.total or 0) + int(value)

    def finalize(self) -> int | str | None:
        if self.total is None or -(2**63) <= self.total < 2**63:
            return self.total
        return str(self.total)


class json_rows(GenericFunction[Any]):
    """The rows of a group as one JSON array of arrays of the arguments (``[]`` for none
    on SQLite, NULL on PostgreSQL): a parent row and its children in one statement.

    SQLite ``json_group_array(json_array(…))``; PostgreSQL ``json_agg(json_build_array(…))``.
    Dates come back as ISO strings, booleans as 0/1 (SQLite) or true/false; the order of
    the rows is not guaranteed.
    """

    name = "json_rows"
    inherit_cache = True


@compiles(json_rows)
def _json_rows_default(element: json_rows, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_agg(json_build_array({compiler.process(element.clauses, **kw)}))"


@compiles(json_rows, "sqlite")
def _json_rows_sqlite(element: json_rows, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_group_array(json_array({compiler.process(element.clauses, **kw)}))"
