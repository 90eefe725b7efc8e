"""Backups and restores of the database.

- **SQLite**: SQLite's online backup API copies a consistent snapshot while staff keep
  working (WAL: readers never block writers), to ``qy-landing-YYYYMMDD-HHMMSS.db`` in the
  backup folder (created 0700, the file 0600, written beside and moved into place). The
  copy is verified — ``PRAGMA integrity_check`` says ``ok`` and it holds a qy-landing
  schema revision — before it counts; then only the newest ``keep`` backups are kept.
- **Restore** (SQLite): the backup is verified first, then copied *into* the database
  with the same backup API (one write transaction: other connections see the old or the
  new content, never a mixture); the file keeps its owner and mode. Stop the scheduler
  daemon first, as for any restore.
- **PostgreSQL**: the commands to run (``pg_dump`` / ``pg_restore``), with the URL
  without its password: give the password through ``~/.pgpass`` or ``PGPASSWORD``.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from qy_landing.errors import BackupError, Msg, OutputFileError
from qy_landing.store.database import REVISIONS, Database

PREFIX, SUFFIX = "qy-landing-", ".db"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    revision: str
    removed: list[Path] = field(default_factory=list)


def default_folder(db: Database) -> Path:
    """``backups/`` beside a SQLite database; ``./backups`` otherwise."""
    path = db.sqlite_path
    return (path.parent if path is not None else Path.cwd()) / "backups"


def verify(path: Path) -> str:
    """The schema revision of a usable backup; :class:`BackupError` otherwise."""
    shown = str(path)
    if not path.is_file():
        raise BackupError(shown, Msg("backup.reason.missing"))
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchone()
            if result is None or result[0] != "ok":
                raise BackupError(shown, Msg("backup.reason.integrity"))
            try:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.DatabaseError:
                row = None
    except sqlite3.DatabaseError:
        raise BackupError(shown, Msg("backup.reason.integrity")) from None
    if row is None or str(row[0]) not in REVISIONS:
        raise BackupError(shown, Msg("backup.reason.not_ours"))
    return str(row[0])


def _sqlite_source(db: Database) -> Path:
    path = db.sqlite_path
    if path is None or not path.is_file():
        raise BackupError(str(path or db.url), Msg("backup.reason.missing"))
    return path


def backup_sqlite(db: Database, folder: Path, *, at: datetime, keep: int = 7) -> BackupResult:
    """A verified online copy of ``db`` in ``folder``; older copies beyond ``keep`` removed."""
    source = _sqlite_source(db)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        name = f"{PREFIX}{at:%Y%m%d-%H%M%S}"
        target = folder / f"{name}{SUFFIX}"
        counter = 1
        while target.exists():
            counter += 1
            target = folder / f"{name}-{counter}{SUFFIX}"
        partial = folder / f".{target.name}.part"
        os.close(os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise OutputFileError(str(folder), exc.strerror or type(exc).__name__) from None
    try:
        with (
            contextlib.closing(sqlite3.connect(source)) as origin,
            contextlib.closing(sqlite3.connect(partial)) as copy,
        ):
            origin.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
        revision = verify(partial)
        partial.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    kept = sorted(folder.glob(f"{PREFIX}*{SUFFIX}"), key=lambda p: (p.stat().st_mtime, p.name))
    removed = kept[: max(0, len(kept) - max(1, keep))]
    for old in removed:
        old.unlink()
    return BackupResult(target, target.stat().st_size, revision, removed)


def restore_sqlite(backup: Path, db: Database) -> str:
    """Replace the content of ``db`` by a verified ``backup``; the revision restored."""
    revision = verify(backup)
    target = db.sqlite_path
    if target is None:
        raise BackupError(db.url, Msg("backup.reason.missing"))
    db.dispose()
    if not target.exists():
        db._create_private(target)
    with (
        contextlib.closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as origin,
        contextlib.closing(sqlite3.connect(target, timeout=30)) as into,
    ):
        origin.backup(into)
    return revision


def _url_without_password(db: Database) -> str:
    url = make_url(db.url)._replace(drivername="postgresql", password=None)
    return url.render_as_string(hide_password=False)


def pg_dump_command(db: Database, folder: Path, *, at: datetime) -> str:
    """The ``pg_dump`` command that backs up ``db`` to a dated file (never a password).

    ``--enable-row-security``: without it ``pg_dump`` refuses every table whose forced
    policies (0007_row_security) bind the login, the owner included, and leaves a partial
    file; with it the owner (a member of ``qy_office``, whose policies show every row)
    dumps every row, and a superuser or ``BYPASSRLS`` login is unaffected.
    """
    target = folder / f"{PREFIX}{at:%Y%m%d-%H%M%S}.dump"
    return shlex.join(
        [
            "pg_dump",
            "--format=custom",
            "--enable-row-security",
            f"--file={target}",
            _url_without_password(db),
        ]
    )


def pg_restore_command(db: Database, backup: Path) -> str:
    """The ``pg_restore`` command that puts a ``pg_dump`` file back (never a password)."""
    return shlex.join(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            f"--dbname={_url_without_password(db)}",
            str(backup),
        ]
    )
