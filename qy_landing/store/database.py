"""Engines and sessions for SQLite (the embedded default) and PostgreSQL.

SQLite: WAL journal, a busy timeout, foreign keys on, and ``BEGIN IMMEDIATE`` for every
write transaction, so concurrent writers queue instead of losing updates (4 processes ×
150 read-modify-write transactions lost hundreds of updates with the default settings and
with WAL alone, none with WAL + ``BEGIN IMMEDIATE``; tests/services/test_concurrency.py
checks that of two writers one wins and one gets a conflict; the recipe is SQLAlchemy's,
in its SQLite dialect docs under "Serializable isolation / Savepoints / Transactional
DDL"). Reads use a plain deferred ``BEGIN`` and
never block writers.
PostgreSQL: READ COMMITTED plus the project version column.

The schema is managed by Alembic (``store/migrations``); :func:`Database.check_schema`
refuses a database whose schema is newer than this code.
"""

from __future__ import annotations

import os
import re
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DatabaseError as SQLDatabaseError
from sqlalchemy.exc import OperationalError, ProgrammingError

from qy_landing.environment import database_url
from qy_landing.errors import (
    DatabaseError,
    DatabaseUrlError,
    NotOurDatabaseError,
    NotPermittedError,
    SchemaMissingError,
    SchemaTooNewError,
)

# Every revision this code knows, oldest first; the last is the head. A test keeps this
# list equal to the Alembic scripts, so start-up can check the schema without Alembic.
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

REVISIONS = (
    "0001",
    "0002_person_channels",
    "0002_commitments",
    "0003_catalogue_facts",
    "0002_rate_limit",
    "0003_scheduler_lease",
    "0004_calendar_state",
    "0005_corrections",
    "0006_units_targets",
    "0007_row_security",
    "0008_staff_rekey",
    "0009_row_owner",
    "0010_reminder_error_message",
)
HEAD = REVISIONS[-1]


def default_url() -> str:
    """``QY_LANDING_DB``, else a SQLite file in the user's data directory."""
    configured = database_url()
    if configured:
        return configured
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("qy-landing", appauthor=False))
    return f"sqlite:///{folder / 'qy-landing.db'}"


# a URL's scheme without its slashes (``sqlite:/x``), not a Windows drive (``C:\\x``)
_SCHEME_ONLY = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+:")


def normalise_url(url: str) -> str:
    """Accept plain paths and ``postgresql://`` URLs; pick the drivers we ship.

    Any other kind of URL (``mysql://`` …) is a :class:`DatabaseUrlError`, and so is a
    scheme without its slashes (``sqlite:/x``), which would otherwise become a folder
    named ``sqlite:``.
    """
    if "://" not in url:
        if _SCHEME_ONLY.match(url):
            raise DatabaseUrlError(redact(url))
        return f"sqlite:///{Path(url).expanduser()}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith(("sqlite://", "sqlite+pysqlite://", "postgresql+psycopg://")):
        return url
    raise DatabaseUrlError(redact(url))


def refused(exc: BaseException) -> bool:
    """A PostgreSQL refusal: no privilege, a row-level security check, the audit trail's
    append-only trigger (SQLSTATE 42501, insufficient_privilege)."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) == "42501"


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


class Database:
    """One database: a write engine and a read engine over the same URL."""

    def __init__(self, url: str | None = None, *, echo: bool = False, create: bool = False) -> None:
        self.url = normalise_url(url or default_url())
        self.echo = echo
        # a missing SQLite file is created only by init (upgrade), or when ``create`` says so
        self._creating = create
        self._write: Engine | None = None
        self._read: Engine | None = None
        # read-only views of the past opened over this database (closed with it)
        self.snapshots: list[Database] = []
        # The write connection kept between changes (see write_connection), the thread it
        # belongs to, and whether a change is using it now.
        self._kept: Connection | None = None
        self._kept_thread: int | None = None
        self._kept_busy = False

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def is_postgres(self) -> bool:
        return self.url.startswith("postgresql")

    @property
    def login(self) -> str:
        """The PostgreSQL login connected (``session_user``: a service file or PGUSER may
        name it, not the URL); the URL's user name if the database cannot be asked."""
        if self.is_sqlite:
            return ""
        try:
            with self.engine.connect() as connection:
                return str(connection.execute(text("SELECT session_user")).scalar())
        except SQLDatabaseError:
            return make_url(self.url).username or "?"

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        database = make_url(self.url).database
        return Path(database) if database and database != ":memory:" else None

    def _create_engine(self, *, immediate: bool) -> Engine:
        from sqlalchemy import create_engine

        if self.is_sqlite:
            path = self.sqlite_path
            if path is not None and not path.exists():
                if not self._creating:  # a command before init leaves nothing behind
                    raise SchemaMissingError(redact(self.url))
                self._create_private(path)
            engine = create_engine(self.url, echo=self.echo, connect_args={"timeout": 30})
            _configure_sqlite(engine, immediate=immediate)
            return engine
        return create_engine(self.url, echo=self.echo, pool_pre_ping=True)

    def _create_private(self, path: Path) -> None:
        """A new database file is created readable by its owner only (0600, folder 0700).

        It holds phone numbers and e-mail addresses; SQLite gives its ``-wal`` and
        ``-shm`` files the main file's permissions.
        """
        if path.exists():
            return
        try:
            if not path.parent.exists():
                path.parent.mkdir(parents=True, mode=0o700)
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            pass  # another process created it meanwhile
        except OSError as exc:
            raise DatabaseError(redact(self.url), exc.strerror or type(exc).__name__) from None

    @property
    def engine(self) -> Engine:
        """The write engine (``BEGIN IMMEDIATE`` on SQLite)."""
        if self._write is None:
            self._write = self._create_engine(immediate=True)
        return self._write

    @property
    def read_engine(self) -> Engine:
        if not self.is_sqlite:
            return self.engine
        if self._read is None:
            self._read = self._create_engine(immediate=False)
        return self._read

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        self.forget_snapshots()
        with (
            _session(self.engine) as session,
            self._translated(),
            session.begin(),
        ):
            yield session

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """One write transaction on a plain connection (statements without the ORM).

        The connection is kept for the next change of the same thread: checking one out of
        the pool and back costs more than a small change's statements (≈ 60 µs of the
        ≈ 300 µs a plain driver needs for a whole change; docs/performance.md). A nested
        change, or one from another thread, uses a pooled connection as before.
        """
        self.forget_snapshots()
        kept = self._take_kept()
        connection = kept if kept is not None else self.engine.connect()
        try:
            with self._translated(), connection.begin():
                yield connection
        finally:
            if kept is not None:
                self._kept_busy = False
            else:
                connection.close()

    def _take_kept(self) -> Connection | None:
        """This database's kept write connection, when free and this is its thread."""
        thread = threading.get_ident()
        if self._kept_busy or self._kept_thread not in (None, thread):
            return None
        if self._kept is None or self._kept.closed:
            self._kept = self.engine.connect()
            self._kept_thread = thread
            # closed properly even when nobody calls dispose() (returned to its pool)
            weakref.finalize(self, self._kept.close)
        self._kept_busy = True
        return self._kept

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction (a consistent snapshot on both backends)."""
        with (
            _session(self.read_engine) as session,
            self._translated(),
            session.begin(),
        ):
            yield session

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """A read-only transaction on a plain connection (Core statements, no ORM objects)."""
        with self._translated(), self.read_engine.connect() as connection, connection.begin():
            yield connection

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """The database's errors as ours: no statement, no parameters, no password."""
        try:
            yield
        except OperationalError as exc:
            raise self._operational(exc) from exc
        except SQLDatabaseError as exc:
            if "file is not a database" in str(exc.orig):
                raise NotOurDatabaseError(redact(self.url)) from exc
            if refused(exc):
                raise NotPermittedError(self.login) from exc
            raise

    def _operational(self, exc: SQLDatabaseError) -> Exception:
        """Our error for the database's, without the statement or its parameters."""
        message = str(exc.orig) if exc.orig is not None else type(exc).__name__
        if "file is not a database" in message:
            return NotOurDatabaseError(redact(self.url))
        if "no such table" in message or "does not exist" in message:
            if self._foreign():
                return NotOurDatabaseError(redact(self.url))
            return SchemaMissingError(redact(self.url))
        return DatabaseError(redact(self.url), (message.splitlines() or [""])[0])

    def _foreign(self) -> bool:
        """Tables, but none of ours: another program's database."""
        from sqlalchemy import inspect

        try:
            with self.read_engine.connect() as connection:
                names = set(inspect(connection).get_table_names())
        except SQLDatabaseError:
            return False
        return bool(names) and "alembic_version" not in names

    def forget_snapshots(self) -> None:
        """Close the views of the past opened over this database (a write may change the
        past they show: a correction, a record dated back); they are built again when read."""
        for snapshot in self.snapshots:
            snapshot.dispose()
        self.snapshots.clear()

    def dispose(self) -> None:
        self.forget_snapshots()
        if self._kept is not None:
            self._kept.close()
        self._kept, self._kept_thread, self._kept_busy = None, None, False
        for engine in (self._write, self._read):
            if engine is not None:
                engine.dispose()
        self._write = self._read = None

    # --- schema ---------------------------------------------------------------------------

    def current_revision(self) -> str | None:
        """The schema revision stored in the database, or None for an empty database.

        A database that holds other tables but no revision is another program's: it is
        refused (:class:`NotOurDatabaseError`), so ``init`` never writes into it. A SQLite
        file that does not exist yet is an empty database (and is not created here).
        """
        path = self.sqlite_path
        if path is not None and not path.exists():
            return None
        try:
            with self.read_engine.connect() as connection:
                row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        except (OperationalError, ProgrammingError) as exc:
            message = str(exc.orig)
            if "no such table" in message or "does not exist" in message:
                if self._has_tables():
                    raise NotOurDatabaseError(redact(self.url)) from None
                return None
            raise self._operational(exc) from None
        except SQLDatabaseError as exc:  # "file is not a database" …
            raise self._operational(exc) from None
        return None if row is None else str(row[0])

    def _has_tables(self) -> bool:
        from sqlalchemy import inspect

        try:
            with self.read_engine.connect() as connection:
                return bool(inspect(connection).get_table_names())
        except SQLDatabaseError as exc:
            raise self._operational(exc) from None

    def check_schema(self) -> None:
        """Refuse a database that is not initialised, or whose schema is newer than the code."""
        revision = self.current_revision()
        if revision is None:
            raise SchemaMissingError(redact(self.url))
        if revision not in REVISIONS:
            raise SchemaTooNewError(revision, HEAD)
        if revision != HEAD:
            # Older schema: this code needs the newer one; `init` upgrades it.
            raise SchemaMissingError(redact(self.url))

    def upgrade(self) -> None:
        """Create or upgrade the schema to this code's head (Alembic)."""
        revision = self.current_revision()
        if revision is not None and revision not in REVISIONS:
            raise SchemaTooNewError(revision, HEAD)
        from alembic import command

        self._creating = True
        with self.engine.begin() as connection:
            config = _alembic_config(self.url)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


def _alembic_config(url: str) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _configure_sqlite(engine: Engine, *, immediate: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below); the driver's own transaction handling would
        # start transactions late, after the first read.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if _ours_or_empty(cursor):  # never convert another program's database to WAL
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        from qy_landing.store.types import ExactSum

        dbapi_connection.create_aggregate("qy_exact_sum", 1, ExactSum)

    begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # Straight to the driver: through exec_driver_sql this one word cost a whole
        # statement's execution machinery (~35 µs), half the overhead of a transaction
        # of the change path (docs/performance.md).
        connection.connection.driver_connection.execute(begin)  # type: ignore[union-attr]


def _ours_or_empty(cursor: Any) -> bool:
    import sqlite3

    try:
        names = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError:  # not a database at all: the first statement says so
        return False
    return not names or "alembic_version" in names


def _session(engine: Engine) -> Session:
    """An ORM session on ``engine`` (the ORM imported here, not at start-up: a command that
    reads through plain connections never loads it)."""
    from sqlalchemy.orm import Session

    return Session(engine, expire_on_commit=False, autoflush=False)
