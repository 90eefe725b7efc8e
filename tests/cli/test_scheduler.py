"""`qy-landing scheduler jobs|status`: what a person sees before and after the daemon ran."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from qy_landing.cli import app

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
AS_OF = "2026-10-12T09:00"


def cli(url: str, *args: str, lang: str = "en"):
    return CliRunner().invoke(app, ["--db", url, "--lang", lang, *args], env={"COLUMNS": "200"})


def test_scheduler_jobs_before_the_daemon_ran(office_url):
    result = cli(office_url, "scheduler", "jobs")
    assert result.exit_code == 0
    assert "monthly-digest" in result.output and "(not stored yet)" in result.output
    assert "The daemon has not run yet" in result.output
    data = json.loads(cli(office_url, "scheduler", "jobs", "--json").output)
    assert [j["id"] for j in data] == ["monthly-digest", "daily-scan", "send-reminders"]


def test_scheduler_status_tells_who_leads_the_token_last_runs_and_backlog(office_url):
    """`scheduler status`: the leading daemon and its token, each job's last run, the outbox."""
    from qy_landing.reminders.lock import Lease, begin_job, end_job
    from qy_landing.store.database import Database

    assert cli(office_url, "remind", "run", "--as-of", AS_OF).exit_code == 0
    before = cli(office_url, "scheduler", "status")
    assert before.exit_code == 0, before.output
    assert before.output.splitlines()[0] == "No scheduler leads now (last fencing token 0)"
    assert "No job has run yet" in before.output
    db = Database(office_url)
    try:
        lease = Lease(db, "host:123:abc")
        assert lease.try_acquire()
        assert begin_job(db, "send-reminders", lease)
        end_job(db, "send-reminders", "ok")
        result = cli(office_url, "scheduler", "status")
        data = json.loads(cli(office_url, "scheduler", "status", "--json").output)
    finally:
        db.dispose()
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Leading scheduler: host:123:abc since ")
    assert "(fencing token 1)" in result.output
    assert "send-reminders" in result.output and "host:123:abc #1" in result.output
    assert "Outbox: 7 pending (7 due now), 0 being sent, 0 failed" in result.output
    assert (data["holder"], data["token"], data["backlog"]["pending"]) == ("host:123:abc", 1, 7)
    assert [(r["job"], r["outcome"], r["token"]) for r in data["runs"]] == [
        ("send-reminders", "ok", 1)
    ]
