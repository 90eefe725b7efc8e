"""``qy-landing demo``: builds, prints figures, dashboard and a hint; never touches real data."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner, Result

from qy_landing import demo
from qy_landing.clock import FixedClock
from qy_landing.services.context import Context
from qy_landing.store.models import Project


def _codes(ctx: Context) -> list[str]:
    with ctx.db.read() as session:
        return list(session.execute(select(Project.code).order_by(Project.code)).scalars())


def _run(*args: str, lang: str = "en") -> Result:
    from qy_landing.cli import app

    return CliRunner().invoke(app, ["--lang", lang, *args], env={"COLUMNS": "120"})


def test_cli_builds_the_demo_and_shows_figures_and_dashboard(tmp_path):
    """``qy-landing demo --db FILE`` builds the demo, prints the figures and the dashboard."""
    target = tmp_path / "demo.db"
    result = _run("demo", "--db", str(target), "--as-of", "2026-03-31")
    assert result.exit_code == 0, result.output
    assert target.exists()
    assert "Demo database ready" in result.stdout
    assert "Headline figures, 2026-01-01 to 2026-03-31" in result.stdout
    assert "Landing dashboard as of 2026-03-31" in result.stdout
    assert (
        f"Try next: qy-landing --db {target} status --as-of 2026-03-31, "
        "stats --from 2026-01-01 --to 2026-03-31, project list"
    ) in result.stdout
    assert demo.inspect_target(f"sqlite:///{target}").kind == "demo"


def test_cli_default_file_and_reset(tmp_path, monkeypatch):
    """Without --db the demo goes to ./qy-landing-demo.db; rebuilding it needs --reset."""
    monkeypatch.chdir(tmp_path)
    first = _run("demo", "--as-of", "2026-01-31", "--json", lang="zh")
    assert first.exit_code == 0, first.output
    assert (tmp_path / demo.DEFAULT_FILE).exists()
    data = json.loads(first.stdout)  # --json: the summary alone on stdout
    assert (data["seed"], data["as_of"]) == (2026, "2026-01-31")
    assert data["figures"]["fair"] == 0  # the fair is in July
    assert data["by_state"]["started"] > 0  # projects signed in 2024/25 building already
    again = _run("demo", "--as-of", "2026-01-31", lang="zh")
    assert again.exit_code == 1
    assert "已是一个演示数据库" in again.stderr and "--reset" in again.stderr
    rebuilt = _run("demo", "--as-of", "2026-01-31", "--reset")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "Removed the old demo database" in rebuilt.stdout


def test_cli_leaves_real_data_alone_even_with_reset(sqlite_url):
    """A database with real data is refused, --reset or not, and stays as it was."""
    from tests.builders import project

    real = Context.open(sqlite_url, actor="王敏", clock=FixedClock.on(date(2026, 10, 12)))
    project(real)
    real.db.dispose()
    result = _run("--db", sqlite_url, "demo", "--reset")
    assert result.exit_code == 1
    assert "not a demo database" in result.stderr
    assert Path(sqlite_url.removeprefix("sqlite:///")).exists()
    check = Context.open(sqlite_url)
    try:
        assert _codes(check) == ["2601-621022-04-01-123456"]
    finally:
        check.db.dispose()
