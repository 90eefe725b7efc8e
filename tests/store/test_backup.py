"""Backups: online SQLite copies, verified and rotated; a tested restore; pg_dump advice."""

from __future__ import annotations

import stat
import threading
from datetime import UTC, datetime, timedelta

import pytest

from qy_landing.errors import BackupError
from qy_landing.services import people
from qy_landing.store.backup import backup_sqlite, pg_dump_command, restore_sqlite, verify
from qy_landing.store.database import HEAD, Database
from tests.builders import person

AT = datetime(2026, 10, 12, 1, 30, tzinfo=UTC)
sqlite_only = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


@sqlite_only
def test_an_online_backup_while_someone_writes_is_verified_and_private(ctx, tmp_path):
    """A backup taken while another thread keeps adding persons is complete and consistent."""
    stop = threading.Event()
    added = []

    def staff() -> None:
        while not stop.is_set() and len(added) < 200:
            person(ctx, f"专员{len(added):03d}")
            added.append(1)

    writer = threading.Thread(target=staff)
    writer.start()
    try:
        result = backup_sqlite(ctx.db, tmp_path / "backups", at=AT, keep=3)
    finally:
        stop.set()
        writer.join(60)
    assert result.path.name == "qy-landing-20261012-013000.db"
    assert result.revision == HEAD and verify(result.path) == HEAD
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(result.path.parent.stat().st_mode) == 0o700
    assert not list(result.path.parent.glob(".*.part"))


@sqlite_only
def test_rotation_keeps_the_newest(ctx, tmp_path):
    """Four backups with keep=2: the two newest remain, the others are removed."""
    folder = tmp_path / "b"
    results = [
        backup_sqlite(ctx.db, folder, at=AT + timedelta(days=day), keep=2) for day in range(4)
    ]
    assert sorted(p.name for p in folder.iterdir()) == sorted(r.path.name for r in results[2:])
    assert [p.name for p in results[3].removed] == [results[1].path.name]


@sqlite_only
def test_restore_brings_back_the_data_of_the_backup(ctx, tmp_path):
    """Backup, change, restore: the persons are those of the backup moment."""
    person(ctx, "张伟")
    saved = backup_sqlite(ctx.db, tmp_path / "b", at=AT).path
    person(ctx, "李娜")
    assert restore_sqlite(saved, ctx.db) == HEAD
    assert [p.name for p in people.list_people(ctx)] == ["张伟"]


@sqlite_only
def test_a_damaged_or_foreign_backup_is_refused_and_nothing_restored(ctx, tmp_path):
    """A truncated copy, or a file that is not ours, is refused with a clear reason."""
    person(ctx, "张伟")
    saved = backup_sqlite(ctx.db, tmp_path / "b", at=AT).path
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(saved.read_bytes()[:5000])
    text = tmp_path / "notes.db"
    text.write_text("hello", encoding="utf-8")
    for bad, reason in ((damaged, "integrity check failed"), (text, "integrity check failed")):
        with pytest.raises(BackupError) as caught:
            restore_sqlite(bad, ctx.db)
        assert reason in caught.value.render("en")
    assert [p.name for p in people.list_people(ctx)] == ["张伟"]


def test_postgres_gets_the_pg_dump_command_without_the_password(tmp_path):
    """No password ever appears: it comes from ~/.pgpass or PGPASSWORD."""
    db = Database("postgresql://luodiban:s3cret@db.example:5433/qy_landing")
    command = pg_dump_command(db, tmp_path, at=AT)
    assert "s3cret" not in command
    assert command == (
        "pg_dump --format=custom --enable-row-security "
        f"--file={tmp_path}/qy-landing-20261012-013000.dump "
        "postgresql://luodiban@db.example:5433/qy_landing"
    )
