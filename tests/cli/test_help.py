"""Every command, argument and option has help, in Chinese and English; exit codes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from qy_landing.cli import app
from qy_landing.cli.docgen import missing_help, walk

COMMANDS = [doc.path.split()[1:] for doc in walk()]


def test_every_command_and_option_has_help():
    """Walking the whole app (sub-apps of every owner included), nothing lacks help text."""
    assert missing_help() == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_exists_in_both_languages(lang):
    """The help texts chosen at import exist in both catalogues (no raw keys)."""
    env = {**os.environ, "QY_LANDING_LANG": lang}
    done = subprocess.run(
        [sys.executable, "-m", "qy_landing.cli.docgen", "--lang", lang, "--missing"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def test_chinese_help_is_chinese():
    """With --lang zh the help of a command is in Chinese."""
    done = subprocess.run(
        [sys.executable, "-m", "qy_landing", "--lang", "zh", "project", "show", "--help"],
        capture_output=True, text=True, check=False,
        env={**os.environ, "COLUMNS": "100"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "查看项目：状态、各项手续及时限、责任人、问题、最近动态" in done.stdout
    assert "以 JSON 输出" in done.stdout


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) or "root" for p in COMMANDS])
def test_every_command_answers_help(path):
    """--help works for every command and group and exits 0."""
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.stdout


def test_unknown_option_is_a_usage_error():
    """A typo in an option is a usage error: exit 2."""
    result = CliRunner().invoke(app, ["project", "list", "--unti", "环县"])
    assert result.exit_code == 2


def test_unknown_language_is_a_usage_error():
    """--lang fr is refused as a usage error naming --lang."""
    result = CliRunner().invoke(app, ["--lang", "fr", "unit", "list"])
    assert result.exit_code == 2
    assert "--lang" in result.output
