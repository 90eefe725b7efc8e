"""A SQLite office with two stuck projects (as of 2026-10-12), and qy-landing run on it."""

from __future__ import annotations

from datetime import date

from typer.testing import CliRunner

from qy_landing.cli import app
from qy_landing.clock import FixedClock
from qy_landing.services.context import Context
from tests.reports.data import add, code, people


def office_cli(sqlite_url):
    """Run qy-landing on a SQLite database holding two stuck projects (as of 2026-10-12)."""
    ctx = Context.open(sqlite_url, actor="测试员", clock=FixedClock.on(date(2026, 10, 12)))
    people(ctx)
    add(ctx, 1, signed_on=date(2026, 8, 3), name="=cmd|' /C calc'!A0", first_responsible=["张伟"])
    add(ctx, 2, code=code(2, "621002"), unit="西峰区", signed_on=date(2026, 5, 6))
    ctx.db.dispose()
    runner = CliRunner()

    def invoke(*args, lang="zh"):
        return runner.invoke(
            app, ["--db", sqlite_url, "--lang", lang, *args], env={"COLUMNS": "100"}
        )

    return invoke
