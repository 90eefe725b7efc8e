"""The systemd unit files in docs/deploy/ say what the operations guide promises."""

from __future__ import annotations

import configparser
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[1] / "docs" / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / name, encoding="utf-8")
    return parser


def test_the_scheduler_unit_restarts_and_stops_cleanly():
    """Restart=always with a pause, SIGTERM for a clean stop, private files, the daemon."""
    service = unit("qy-landing-scheduler.service")["Service"]
    assert service["Restart"] == "always" and service["RestartSec"] == "5"
    assert service["KillSignal"] == "SIGTERM" and service["UMask"] == "0077"
    assert service["ExecStart"].split()[1:3] == ["scheduler", "run"]


def test_the_backup_timer_runs_the_backup_command_nightly():
    """The timer fires nightly (catching up after downtime) and runs `backup --keep`."""
    assert unit("qy-landing-backup.timer")["Timer"]["Persistent"] == "true"
    command = unit("qy-landing-backup.service")["Service"]["ExecStart"].split()
    assert "backup" in command and "--keep" in command
