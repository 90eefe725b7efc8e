"""``qy-landing user …`` and what a county login sees through the CLI (PostgreSQL)."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from qy_landing.cli import app
from qy_landing.services.context import Context
from tests.builders import CODE, project
from tests.conftest import fresh_database

OTHER = "2601-621002-04-01-654321"
_names = itertools.count()


def _runner(url: str) -> Callable[..., Result]:
    runner = CliRunner()

    def invoke(*args: str, lang: str = "en", **kwargs: Any) -> Result:
        argv = ["--db", url, "--lang", lang, "--as", "张三", *args]
        return runner.invoke(app, argv, env={"COLUMNS": "120"}, **kwargs)

    return invoke


@pytest.fixture
def pg_url(request: pytest.FixtureRequest, tmp_path: Path, clock: Any) -> str:
    """A PostgreSQL database with a 环县 and a 西峰区 project."""
    url = fresh_database("postgres", request, tmp_path)
    admin = Context.open(url, actor="管理员", clock=clock)
    project(admin)
    project(admin, OTHER, name="西峰区 数据中心", unit="西峰区")
    admin.db.dispose()
    return url


def _login() -> str:
    return f"cli_{os.getpid()}_{next(_names)}"


def test_user_add_reads_the_password_from_stdin_and_never_prints_it(pg_url):
    """add --password-stdin: the role gets a SCRAM verifier; output names login, role, unit."""
    import psycopg

    cli, name = _runner(pg_url), _login()
    done = cli(
        "user",
        "add",
        name,
        "--role",
        "staff",
        "--unit",
        "环县",
        "--password-stdin",
        input="Secret-123\n",
    )
    assert done.exit_code == 0, done.output
    assert done.stdout.strip() == f"Added account {name} (unit staff, 环县)"
    assert "Secret-123" not in done.output
    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as connection:
        stored = connection.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (name,)
        ).fetchone()
    assert stored is not None and str(stored[0]).startswith("SCRAM-SHA-256$")


def test_user_list_grant_revoke_and_disable(pg_url):
    """list shows unit and roles; grant/revoke change the roles; disable stops the login."""
    cli, name = _runner(pg_url), _login()
    cli("user", "add", name, "--role", "staff", "--unit", "环县", "--no-password")
    granted = cli("user", "grant", name, "auditor")
    assert granted.exit_code == 0, granted.output
    listed = json.loads(cli("user", "list", "--json").stdout)
    mine = next(u for u in listed if u["name"] == name)
    assert (mine["unit"], mine["roles"], mine["can_login"]) == ("环县", ["auditor", "staff"], True)
    cli("user", "revoke", name, "auditor")
    import psycopg

    dsn = pg_url.replace("postgresql+psycopg://postgres@", f"postgresql://{name}@")
    with psycopg.connect(dsn, autocommit=True):
        disabled = cli("user", "disable", name)
    assert "disabled" in disabled.stdout
    assert disabled.stdout.strip().endswith(f"1 open session(s) of {name} ended")
    listed = json.loads(cli("user", "list", "--json").stdout)
    mine = next(u for u in listed if u["name"] == name)
    assert (mine["roles"], mine["can_login"], mine["disabled"]) == (["staff"], False, True)


def test_bad_names_duplicates_and_staff_without_unit_are_refused_in_one_line(pg_url):
    """A reserved or malformed name, a second add, staff without --unit: one line, exit 1."""
    cli, name = _runner(pg_url), _login()
    bad = cli("user", "add", "qy_office", "--role", "office", "--no-password")
    assert bad.exit_code == 1 and "not starting with pg_ or qy_" in bad.stderr
    cli("user", "add", name, "--role", "leader", "--no-password")
    again = cli("user", "add", name, "--role", "leader", "--no-password")
    assert again.exit_code == 1 and name in again.stderr
    staff = cli("user", "add", _login(), "--role", "staff", "--no-password")
    assert staff.exit_code == 1
    assert staff.stderr.strip().endswith("(staff accounts belong to a unit)")


def test_user_commands_on_sqlite_say_accounts_need_postgresql(sqlite_url):
    """SQLite has no logins: the commands say so and that a shared file protects nothing."""
    done = _runner(sqlite_url)("user", "list")
    assert done.exit_code == 1
    assert "a SQLite file shared by several people protects nothing" in done.stderr
    who = _runner(sqlite_url)("user", "whoami")
    assert "the audit trail records 张三" in who.stdout


def test_a_county_login_sees_its_own_and_is_told_whose_the_others_are(pg_url):
    """project list shows one county; a change to another's project names its unit."""
    admin, name = _runner(pg_url), _login()
    admin("user", "add", name, "--role", "staff", "--unit", "环县", "--no-password")
    county = _runner(pg_url.replace("//postgres@", f"//{name}@"))
    listed = json.loads(county("project", "list", "--json").stdout)
    assert [p["code"] for p in listed] == [CODE]
    refused = county("procedure", "set", OTHER, "filing", "submitted", "--on", "2026-10-09")
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"Project {OTHER} belongs to 西峰区;")
    who = county("user", "whoami")
    assert who.stdout.splitlines() == [
        f"Account {name}, unit 环县, roles unit staff",
        "may read and change the projects of 环县 (and their procedures, assignments, "
        "problems, funds, commitments, audit trail)",
    ]
    history = json.loads(county("project", "history", CODE, "--json").stdout)
    assert all(e["actor_login"] == "postgres" for e in history)


def test_a_leader_is_refused_a_change_without_a_database_error(pg_url):
    """A leader's procedure change: the catalogue's one line, no PostgreSQL text."""
    admin, name = _runner(pg_url), _login()
    admin("user", "add", name, "--role", "leader", "--no-password")
    leader = _runner(pg_url.replace("//postgres@", f"//{name}@"))
    assert len(json.loads(leader("project", "list", "--json").stdout)) == 2
    refused = leader("procedure", "set", CODE, "filing", "submitted", "--on", "2026-10-09")
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"Account {name} is not allowed to do this")
    assert "permission denied" not in refused.stderr


def test_a_county_logins_status_and_stuck_export_hold_only_that_county(pg_url):
    """status and export stuck as a county login: its project, nothing of 西峰区, no error."""
    admin, name = _runner(pg_url), _login()
    admin("user", "add", name, "--role", "staff", "--unit", "环县", "--no-password")
    county = _runner(pg_url.replace("//postgres@", f"//{name}@"))
    status = county("status")
    assert status.exit_code == 0, status.output
    assert CODE in status.stdout and "西峰区" not in status.stdout
    exported = county("export", "stuck", "--format", "csv", "--as-of", "2026-11-30")
    assert exported.exit_code == 0, exported.output
    assert CODE in exported.stdout and OTHER not in exported.stdout
    everything = admin("export", "stuck", "--format", "csv", "--as-of", "2026-11-30")
    assert OTHER in everything.stdout


def test_a_county_logins_boards_and_reports_hold_its_own_unit_only(pg_url, tmp_path):
    """stats, report monthly and the red/black list as a county login: 环县 alone, unranked,
    with the one-line note; an office login's boards still hold every unit."""
    admin, name = _runner(pg_url), _login()
    admin("user", "add", name, "--role", "staff", "--unit", "环县", "--no-password")
    county = _runner(pg_url.replace("//postgres@", f"//{name}@"))
    note = "Limited to what this account may read (环县's projects)"
    stats = county("stats")
    assert stats.exit_code == 0, stats.output
    assert note in stats.stdout and "西峰区" not in stats.stdout
    figures = json.loads(county("stats", "--json").stdout)
    assert figures["limited_to"] == "环县"
    assert [u["key"] for u in figures["signed_by_unit"]] == ["环县"]
    monthly = county("report", "monthly")
    assert note in monthly.stdout and "西峰区" not in monthly.stdout
    pack = json.loads(county("report", "monthly", "--json").stdout)
    assert [u["unit"] for u in pack["units"]] == ["环县"]
    rows = [u for b in pack["redblack"]["boards"] for u in b["ranking"] + b["apart"]]
    assert [(u["unit"], u["rank"]) for u in rows] == [("环县", None)]
    page = tmp_path / "pack.html"
    assert county("report", "monthly", "-o", str(page)).exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert "Limited to what this account may read" in text
    assert "西峰区" not in text and "庆城县" not in text
    boards = county("report", "redblack")
    assert boards.exit_code == 0, boards.output
    assert note in boards.stdout and "西峰区" not in boards.stdout
    everyone = json.loads(admin("report", "redblack", "--json").stdout)
    units = {u["unit"] for b in everyone["boards"] for u in b["ranking"] + b["apart"]}
    assert everyone["limited_to"] is None and {"环县", "西峰区", "庆城县"} <= units


def test_a_password_in_the_database_url_is_never_printed(pg_url):
    """init, user commands and a refusal over a URL with a password never show it."""
    name = _login()
    _runner(pg_url)("user", "add", name, "--role", "leader", "--no-password")
    secret = pg_url.replace("//postgres@", "//postgres:hunter2@")
    leader = pg_url.replace("//postgres@", f"//{name}:hunter2@")
    runs = [
        _runner(secret)("init"),
        _runner(secret)("user", "list"),
        _runner(leader)("user", "whoami"),
        _runner(leader)("procedure", "set", CODE, "filing", "submitted", "--on", "2026-10-09"),
        _runner(leader)("user", "list"),
    ]
    assert [r.exit_code for r in runs] == [0, 0, 0, 1, 1]
    assert "***" in runs[0].stdout
    assert all("hunter2" not in r.output for r in runs)


def test_an_auditor_reads_the_audit_trail_and_is_refused_the_rest(pg_url):
    """project history works for an auditor; procedure list is refused in one line."""
    admin, name = _runner(pg_url), _login()
    admin("user", "add", name, "--role", "auditor", "--no-password")
    auditor = _runner(pg_url.replace("//postgres@", f"//{name}@"))
    history = auditor("project", "history", OTHER, "--json")
    assert history.exit_code == 0, history.output
    assert json.loads(history.stdout)[0]["action"] == "create"
    procedures = auditor("procedure", "list", CODE)
    assert procedures.exit_code == 1
    assert procedures.stderr.startswith(f"Account {name} is not allowed to do this")
