"""What every part of the benchmarks shares: sizes, the run's "today", paths, targets."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
DEFAULT_CACHE = ROOT / ".cache"
RESULTS = ROOT / "results"

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
BACKENDS = ("sqlite", "postgres")
DEFAULT_SEED = 20261129

# Every run happens "on" this moment (a Friday, 10:00 in Qingyang): the data are generated
# relative to it and the library's clock is fixed to it, so results never drift with the
# calendar. 2026 has an official holiday schedule; due dates reaching into 2027 are
# provisional, as they are for the office.
AS_OF = date(2026, 11, 27)
PAST_MONTH = date(2026, 10, 1)  # a past month's pack is read as of 2026-10-31
AS_OF_HOUR = 10
ACTOR = "benchmark"

# Bump when the generator's output changes: cached databases of older versions are rebuilt.
GENERATOR_VERSION = 4


def parse_size(text: str) -> int:
    """``1k``, ``10k``, ``100k``, ``1m`` or a plain number of projects."""
    key = text.strip().lower()
    if key in SIZES:
        return SIZES[key]
    if key.endswith("k") and key[:-1].isdigit():
        return int(key[:-1]) * 1_000
    if key.endswith("m") and key[:-1].isdigit():
        return int(key[:-1]) * 1_000_000
    if key.isdigit() and int(key) > 0:
        return int(key)
    raise ValueError(f"size {text!r}: expected 1k, 10k, 100k, 1m or a number of projects")


def size_label(size: int) -> str:
    for label, value in SIZES.items():
        if value == size:
            return label
    return str(size)


def persons_for(size: int) -> int:
    """How many persons a database of ``size`` projects has: a few thousand at 100k."""
    return max(200, min(50_000, size // 20))


def schema_fingerprint() -> str:
    """Changes when the schema or the shipped workflows change (cached databases go stale)."""
    from qy_landing.store import database

    digest = hashlib.sha256(f"generator {GENERATOR_VERSION}".encode())
    migrations = Path(database.__file__).parent / "migrations" / "versions"
    for path in sorted(migrations.glob("*.py")):
        digest.update(path.read_bytes())
    workflows = REPO / "workflows"
    for path in sorted(workflows.glob("*.yaml")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def cache_dir() -> Path:
    configured = os.environ.get("QY_BENCH_CACHE")
    return Path(configured) if configured else DEFAULT_CACHE


def office_clock() -> Any:
    from qy_landing.clock import FixedClock

    return FixedClock.on(AS_OF, hour=AS_OF_HOUR)


def as_of_datetime() -> datetime:
    return office_clock().now()  # type: ignore[no-any-return]


def context(url: str) -> Any:
    """A library context on ``url`` with the run's fixed clock."""
    from qy_landing.services.context import Context

    return Context.open(url, actor=ACTOR, clock=office_clock())


# --- targets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A goal: a ratio to the baseline (``ratio``), or an absolute time (``seconds``)."""

    ratio: float | None = None
    seconds: float | None = None
    text: str = ""

    def met(self, ours: float, ratio: float | None) -> bool | None:
        checks: list[bool] = []
        if self.ratio is not None:
            if ratio is None:
                return None
            checks.append(ratio <= self.ratio)
        if self.seconds is not None:
            checks.append(ours <= self.seconds)
        return all(checks) if checks else None


RSS_LIMIT_MB = 300.0


# --- plain drivers (for the baselines and the generator) ------------------------------------


def sqlite_path(url: str) -> str:
    return url.split(":///", 1)[1]


def sqlite_connect(url: str) -> sqlite3.Connection:
    """A sqlite3 connection set up as the library sets up its own (WAL, foreign keys)."""
    connection = sqlite3.connect(sqlite_path(url), timeout=30, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA busy_timeout=30000")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA synchronous=NORMAL")
    return connection


def pg_dsn(url: str) -> str:
    """A libpq connection string from a SQLAlchemy URL."""
    return "postgresql://" + url.split("://", 1)[1]


def pg_connect(url: str, **kwargs: Any) -> Any:
    import psycopg

    return psycopg.connect(pg_dsn(url), **kwargs)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def sqlite_stamp(value: datetime | None) -> str | None:
    """A naive UTC datetime as SQLAlchemy stores it on SQLite."""
    return None if value is None else value.strftime("%Y-%m-%d %H:%M:%S.%f")
