"""Failover times of the scheduler daemon, measured with real processes (docs/reminders.md).

    python -m benchmarks.failover --db sqlite:////tmp/f.db [--lease 30 --renew 10 --retry 5]

For each scenario two daemons start (the first leads, the second stands by), then the
leader is killed (``SIGKILL``) or frozen (``SIGSTOP``; ``SIGCONT`` once the standby has
taken over). Printed: seconds from the signal until the standby leads, and for a frozen
leader the seconds from ``SIGCONT`` until it has stepped down. The database must be
initialised (``qy-landing --db URL init``).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def _spawn(url: str, config: Path) -> tuple[subprocess.Popen[str], queue.Queue[tuple[float, str]]]:
    command = [
        str(Path(sys.executable).with_name("qy-landing")),
        "--db",
        url,
        "--lang",
        "en",
        "scheduler",
        "run",
        "--config",
        str(config),
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
    lines: queue.Queue[tuple[float, str]] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put((time.monotonic(), line.strip()))

    threading.Thread(target=read, daemon=True).start()
    return process, lines


def _expect(lines: queue.Queue[tuple[float, str]], start: str, timeout: float = 300) -> float:
    deadline = time.monotonic() + timeout
    while True:
        at, line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        if line.startswith(start):
            return at


def scenario(url: str, config: Path, how: str) -> dict[str, float]:
    first, first_lines = _spawn(url, config)
    second = None
    try:
        _expect(first_lines, "Holding the scheduler lease")
        second, second_lines = _spawn(url, config)
        _expect(second_lines, "Another scheduler holds the lease")
        time.sleep(1.0)
        signalled = time.monotonic()
        os.kill(first.pid, signal.SIGKILL if how == "kill" else signal.SIGSTOP)
        took_over = _expect(second_lines, "Holding the scheduler lease")
        result = {"takeover_seconds": round(took_over - signalled, 2)}
        if how == "stop":
            woken = time.monotonic()
            os.kill(first.pid, signal.SIGCONT)
            stepped_down = _expect(first_lines, "Lost the scheduler lease")
            result["step_down_after_wake_seconds"] = round(stepped_down - woken, 2)
        return result
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                os.kill(process.pid, signal.SIGCONT)
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(60)
                except subprocess.TimeoutExpired:
                    process.kill()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--lease", type=float, default=30.0)
    parser.add_argument("--renew", type=float, default=10.0)
    parser.add_argument("--retry", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "qy-landing.toml"
        config.write_text(
            f"[scheduler]\nlease_seconds = {args.lease}\nlock_check_seconds = {args.renew}\n"
            f"standby_retry_seconds = {args.retry}\n",
            encoding="utf-8",
        )
        for _ in range(args.rounds):
            for how in ("kill", "stop"):
                print(json.dumps({"scenario": how, **scenario(args.db, config, how)}), flush=True)


if __name__ == "__main__":
    main()
