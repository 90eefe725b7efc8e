"""One acting scheduler at a time: the leader lock.

APScheduler must never share a job store between two running schedulers (every fire
time would run in both). The daemon that holds this lock acts; any other waits as a hot
standby and retries every few seconds, taking over when the holder dies:

- PostgreSQL: ``pg_try_advisory_lock`` on a dedicated connection held for the daemon's
  life; the server frees it when that connection ends, also when the process is killed.
- SQLite: an exclusive file lock (``filelock``) on ``<database>.scheduler.lock`` next to
  the database file; the operating system frees it when the process ends.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Protocol

from qy_landing.errors import ConfigError, Msg
from qy_landing.store.database import Database, redact

# One 64-bit advisory lock key for "the qy-landing scheduler" (advisory locks are per database).
ADVISORY_KEY = int.from_bytes(
    hashlib.sha256(b"qy-landing scheduler").digest()[:8], "big", signed=True
)


class LeaderLock(Protocol):
    description: str

    def acquire(self) -> bool:
        """Take the lock if it is free; never waits."""

    def alive(self) -> bool:
        """Whether we still hold it (a PostgreSQL connection can break)."""

    def release(self) -> None: ...


class FileLeaderLock:
    def __init__(self, path: Path) -> None:
        from filelock import FileLock

        self.path = path
        self.description = str(path)
        # not thread-local: the lock watch runs in a worker thread
        self._lock = FileLock(str(path), timeout=0, thread_local=False)

    def acquire(self) -> bool:
        from filelock import Timeout

        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            return False
        return True

    def alive(self) -> bool:
        return self._lock.is_locked

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)


class PostgresLeaderLock:
    def __init__(self, url: str, key: int = ADVISORY_KEY) -> None:
        self.url = url
        self.key = key
        self.description = f"pg_advisory_lock({key}) @ {redact(url)}"
        self._engine: Any = None
        self._connection: Any = None

    def acquire(self) -> bool:
        from sqlalchemy import create_engine, text
        from sqlalchemy.exc import SQLAlchemyError
        from sqlalchemy.pool import NullPool

        if self._engine is None:
            self._engine = create_engine(self.url, poolclass=NullPool)
        try:
            connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            got = bool(
                connection.execute(
                    text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}
                ).scalar()
            )
        except SQLAlchemyError:
            return False
        if not got:
            connection.close()
            return False
        self._connection = connection
        return True

    def alive(self) -> bool:
        from sqlalchemy import text
        from sqlalchemy.exc import SQLAlchemyError

        if self._connection is None:
            return False
        try:
            self._connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def release(self) -> None:
        from sqlalchemy import text
        from sqlalchemy.exc import SQLAlchemyError

        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
            except SQLAlchemyError:
                pass  # the connection is gone, and with it the lock
            finally:
                connection.close()
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def leader_lock(db: Database) -> LeaderLock:
    """The right lock for the database: advisory lock on PostgreSQL, a file lock on SQLite."""
    if db.is_postgres:
        return PostgresLeaderLock(db.url)
    path = db.sqlite_path
    if path is None:
        raise ConfigError(redact(db.url), Msg("remind.daemon.needs_file"))
    return FileLeaderLock(path.with_name(path.name + ".scheduler.lock"))
