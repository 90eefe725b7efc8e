"""``qy-landing backup`` and ``restore``: the database's backups (store/backup.py)."""

from __future__ import annotations

from pathlib import Path

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h, t


def backup(
    to: Path | None = typer.Option(None, "--to", help=h("opt.backup_to"), metavar="DIR"),
    keep: str = typer.Option("7", "--keep", help=h("opt.keep"), metavar="N"),
) -> None:
    from qy_landing.cli.options import parse_positive_int
    from qy_landing.cli.render import say
    from qy_landing.store.backup import backup_sqlite, default_folder, pg_dump_command

    count = parse_positive_int(keep, "number")
    ctx = run.context()
    db = ctx.db
    folder = to or default_folder(db)
    if db.is_postgres:
        say(t("backup.postgres"))
        say(pg_dump_command(db, folder, at=ctx.clock.now()))
        return
    db.check_schema()
    result = backup_sqlite(db, folder, at=ctx.clock.now(), keep=count)
    say(t("backup.done", file=result.path, size=result.size, revision=result.revision))
    for old in result.removed:
        say(t("backup.removed", file=old))


def restore(
    file: Path = typer.Argument(..., help=h("opt.backup_file"), metavar="FILE"),
    yes: bool = typer.Option(False, "--yes", help=h("opt.yes")),
) -> None:
    from qy_landing.cli.render import say
    from qy_landing.store.backup import pg_restore_command, restore_sqlite, verify
    from qy_landing.store.database import redact

    db = run.context().db
    if db.is_postgres:
        say(t("restore.postgres"))
        say(pg_restore_command(db, file))
        return
    verify(file)
    if not yes:
        say(t("restore.confirm", file=file, url=redact(db.url)), err=True)
        raise typer.Exit(1)
    revision = restore_sqlite(file, db)
    say(t("restore.done", file=file, url=redact(db.url), revision=revision))
