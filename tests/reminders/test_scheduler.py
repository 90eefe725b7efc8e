"""The scheduler daemon: fire times, persistence, catch-up after downtime, one leader."""

from __future__ import annotations

import io
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from qy_landing.config import Config
from qy_landing.reminders import jobs
from qy_landing.reminders.deliver import list_reminders
from qy_landing.reminders.scheduler import (
    MONTHLY_ID,
    FirstWorkdayTrigger,
    list_jobs,
    run_daemon,
)
from qy_landing.store.database import Database

SH = ZoneInfo("Asia/Shanghai")
FAST = Config(lock_check_seconds=0.1, standby_retry_seconds=0.2)


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SH)


def test_monthly_trigger_skips_holidays_to_the_first_working_day():
    """After the National Day holidays October 2026 fires on the 8th; then 11-02, 12-01."""
    trigger = FirstWorkdayTrigger(9, 0, "Asia/Shanghai")
    first = trigger.get_next_fire_time(None, at(2026, 9, 20, 12))
    assert first == at(2026, 10, 8)
    second = trigger.get_next_fire_time(first, at(2026, 10, 12))
    assert second == at(2026, 11, 2)
    assert trigger.get_next_fire_time(second, second) == at(2026, 12, 1)
    assert trigger.get_next_fire_time(None, at(2026, 10, 8)) == at(2026, 10, 8)


def test_monthly_trigger_skips_new_years_day_of_a_provisional_year():
    """With no 2027 schedule published, January 2027 fires on Monday the 4th, not 01-01."""
    trigger = FirstWorkdayTrigger(9, 0, "Asia/Shanghai")
    assert trigger.get_next_fire_time(None, at(2026, 12, 2)) == at(2027, 1, 4)
    assert trigger.get_next_fire_time(None, at(2027, 1, 20)) == at(2027, 2, 1)


def test_monthly_trigger_follows_office_overrides_and_survives_pickling():
    """An office closure on 10-08 moves the digest to 10-09; the trigger pickles for the store."""
    trigger = FirstWorkdayTrigger(9, 30, "Asia/Shanghai", {date(2026, 10, 8): False})
    restored = pickle.loads(pickle.dumps(trigger))
    assert restored.get_next_fire_time(None, at(2026, 9, 20)) == at(2026, 10, 9, 9, 30)


def _daemon(url: str, config: Config) -> tuple[threading.Thread, threading.Event, list[str]]:
    stop = threading.Event()
    said: list[str] = []
    thread = threading.Thread(
        target=run_daemon,
        args=(url, config),
        kwargs={"notify": lambda m: said.append(m.key), "stop": stop, "stream": io.StringIO()},
        daemon=True,
    )
    thread.start()
    return thread, stop, said


def _until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def _jobs(url: str) -> dict[str, object]:
    db = Database(url)
    try:
        return {j.id: j for j in list_jobs(db, FAST, datetime.now(SH)) if j.stored}
    finally:
        db.dispose()


def test_jobs_persist_and_a_missed_monthly_run_fires_once_at_start_up(octx, office_url):
    """Down from 09-21 to 10-12: on start the October digest runs once, then waits for 11-02."""
    with time_machine.travel(at(2026, 9, 21, 12), tick=True):
        thread, stop, said = _daemon(office_url, FAST)
        _until(lambda: len(_jobs(office_url)) == 3)
        stop.set()
        thread.join(20)
    assert said[0] == "remind.daemon.leader" and said[-1] == "remind.daemon.stopped"
    stored = _jobs(office_url)
    assert stored[MONTHLY_ID].next_run_time == at(2026, 10, 8)  # kept across the restart
    assert list_reminders(octx)[1] == 0
    with time_machine.travel(at(2026, 10, 12, 10), tick=True):
        thread, stop, said = _daemon(office_url, FAST)
        _until(lambda: {"monthly", "daily", "send"} <= {name for name, _ in jobs.runtime().runs})
        _until(lambda: jobs.wait_idle(0.1))
        stop.set()
        thread.join(20)
        runs = Counter(name for name, _ in jobs.runtime().runs)
    assert said == ["remind.daemon.leader", "remind.daemon.stopped"]  # the lock held throughout
    assert runs["monthly"] == 1  # coalesced: once, however long it was down
    rows, _ = list_reminders(octx, kind="monthly", limit=None)
    assert sorted(r.person for r in rows) == ["张伟", "李娜"]
    assert _jobs(office_url)[MONTHLY_ID].next_run_time == at(2026, 11, 2)


def test_jobs_are_listed_before_the_daemon_ever_ran(sqlite_url):
    """`scheduler jobs` shows what the daemon would store, marked not stored."""
    db = Database(sqlite_url)
    try:
        infos = list_jobs(db, Config(), at(2026, 9, 20, 12))
    finally:
        db.dispose()
    assert [(i.id, i.stored) for i in infos] == [
        ("monthly-digest", False),
        ("daily-scan", False),
        ("send-reminders", False),
    ]
    assert infos[0].next_run_time == at(2026, 10, 8)
    assert infos[1].next_run_time == at(2026, 9, 21, 9, 30)


def _spawn(url: str, config_file: Path) -> tuple[subprocess.Popen[str], queue.Queue[str]]:
    command = [
        str(Path(sys.executable).with_name("qy-landing")),
        "--db",
        url,
        "--lang",
        "en",
        "scheduler",
        "run",
        "--config",
        str(config_file),
        "--log-level",
        "WARNING",
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.strip())

    threading.Thread(target=read, daemon=True).start()
    return process, lines


def _expect(lines: queue.Queue[str], start: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        if line.startswith(start):
            return line


def _config(tmp_path: Path, lease: float) -> Path:
    config_file = tmp_path / "qy-landing.toml"
    config_file.write_text(
        "[scheduler]\nstandby_retry_seconds = 0.2\nlock_check_seconds = 0.2\n"
        f"lease_seconds = {lease}\n",
        encoding="utf-8",
    )
    return config_file


def _lease(url: str) -> tuple[str | None, int]:
    from sqlalchemy import select

    from qy_landing.reminders.lock import T_LEASE

    db = Database(url)
    try:
        with db.read() as session:
            row = session.execute(select(T_LEASE.c.holder, T_LEASE.c.token)).one()
        return row.holder, int(row.token)
    finally:
        db.dispose()


def _stop_all(*processes: subprocess.Popen[str] | None) -> None:
    for process in processes:
        if process is not None and process.poll() is None:
            os.kill(process.pid, signal.SIGCONT)
            process.kill()
            process.wait()


@pytest.mark.slow
def test_standby_daemon_takes_over_when_the_leader_dies(db_url, tmp_path):
    """Two daemons: one acts, one waits; SIGKILL the first and the second takes over."""
    config_file = _config(tmp_path, 1.5)
    first, first_lines = _spawn(db_url, config_file)
    second = None
    try:
        assert "fencing token 1" in _expect(first_lines, "Holding the scheduler lease")
        second, second_lines = _spawn(db_url, config_file)
        _expect(second_lines, "Another scheduler holds the lease")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        assert "fencing token 2" in _expect(second_lines, "Holding the scheduler lease")
        second.send_signal(signal.SIGTERM)
        assert second.wait(20) == 0
        assert _expect(second_lines, "Scheduler stopped")
        assert _lease(db_url) == (None, 2)  # handed back on a clean stop
    finally:
        _stop_all(first, second)


@pytest.mark.slow
def test_a_frozen_leader_is_replaced_and_steps_down_when_it_wakes(db_url, tmp_path):
    """SIGSTOP the leader: the standby takes over; after SIGCONT the old one only stands by."""
    config_file = _config(tmp_path, 1.5)
    first, first_lines = _spawn(db_url, config_file)
    second = None
    try:
        _expect(first_lines, "Holding the scheduler lease")
        second, second_lines = _spawn(db_url, config_file)
        _expect(second_lines, "Another scheduler holds the lease")
        os.kill(first.pid, signal.SIGSTOP)
        assert "fencing token 2" in _expect(second_lines, "Holding the scheduler lease")
        os.kill(first.pid, signal.SIGCONT)
        _expect(first_lines, "Lost the scheduler lease")
        _expect(first_lines, "Another scheduler holds the lease")
        holder, token = _lease(db_url)
        assert token == 2 and holder is not None and f":{second.pid}:" in holder
        for process in (first, second):
            process.send_signal(signal.SIGTERM)
            assert process.wait(20) == 0
    finally:
        _stop_all(first, second)


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_a_leader_whose_connections_are_terminated_keeps_leading_alone(db_url, tmp_path):
    """pg_terminate_backend on every daemon connection, repeatedly: the leader reconnects and
    renews, the standby never takes over, so never do two act at once."""
    from sqlalchemy import create_engine, text

    config_file = _config(tmp_path, 3)
    first, first_lines = _spawn(db_url, config_file)
    second = None
    killer = create_engine(db_url)
    try:
        _expect(first_lines, "Holding the scheduler lease")
        second, second_lines = _spawn(db_url, config_file)
        _expect(second_lines, "Another scheduler holds the lease")
        terminated = 0
        for _ in range(8):
            with killer.connect() as connection:
                terminated += len(
                    connection.execute(
                        text(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        )
                    ).all()
                )
            time.sleep(0.4)
        assert terminated > 0
        holder, token = _lease(db_url)
        assert token == 1 and holder is not None and f":{first.pid}:" in holder
        assert first.poll() is None and second.poll() is None
        said = []
        while not second_lines.empty():
            said.append(second_lines.get())
        assert not [line for line in said if line.startswith("Holding")]
    finally:
        killer.dispose()
        _stop_all(first, second)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_changed_schedule_moves_the_stored_job(octx, office_url):
    """monthly_at changed to 10:00: the stored monthly job moves when no run is pending."""
    with time_machine.travel(at(2026, 9, 21, 12), tick=True):
        for config in (
            FAST,
            Config(lock_check_seconds=0.1, monthly_at=datetime(2026, 1, 1, 10).time()),
        ):
            thread, stop, _ = _daemon(office_url, config)
            _until(lambda: len(_jobs(office_url)) == 3)
            time.sleep(0.3)
            stop.set()
            thread.join(20)
    assert _jobs(office_url)[MONTHLY_ID].next_run_time == at(2026, 10, 8, 10)
