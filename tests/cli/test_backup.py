"""``qy-landing backup`` and ``restore`` as a person runs them."""

from __future__ import annotations

from typer.testing import CliRunner

from qy_landing.cli import app
from qy_landing.store.database import HEAD


def test_backup_and_restore_commands(sqlite_url, tmp_path):
    """`backup --to DIR` then `restore FILE --yes`; without --yes nothing is replaced."""
    runner = CliRunner()

    def cli(*args: str):
        return runner.invoke(app, ["--db", sqlite_url, "--lang", "en", *args])

    assert cli("person", "add", "张伟", "--unit", "环县").exit_code == 0
    made = cli("backup", "--to", str(tmp_path / "b"), "--keep", "2")
    assert made.exit_code == 0, made.output
    assert made.stdout.startswith(f"Backed up to {tmp_path / 'b'}/qy-landing-")
    assert made.stdout.rstrip().endswith(f"schema {HEAD}, integrity check ok)")
    [saved] = (tmp_path / "b").iterdir()
    assert cli("person", "add", "李娜", "--unit", "环县").exit_code == 0
    refused = cli("restore", str(saved))
    assert refused.exit_code == 1 and "add --yes to confirm" in refused.stderr
    done = cli("restore", str(saved), "--yes")
    assert done.exit_code == 0, done.output
    listed = cli("person", "list", "--json")
    assert '"李娜"' not in listed.stdout and '"张伟"' in listed.stdout
