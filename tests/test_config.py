"""The one loader of qy-landing.toml and the environment: every section, every variable."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import qy_landing
from qy_landing import config
from qy_landing.cli import app
from qy_landing.config import load_config
from qy_landing.errors import ChoiceError, ConfigError

PACKAGE = Path(qy_landing.__file__).parent
REDBLACK = "[redblack]\ntop = 1\n[redblack.weights]\nlanding = 1\non_time = 0\n"


def test_every_section_is_read_by_one_loader(tmp_path: Path) -> None:
    """[reminders], [scheduler], [channels] and [redblack] come back from one load_config."""
    path = tmp_path / "qy-landing.toml"
    path.write_text(
        '[reminders]\nmonthly_at = "08:30"\n[scheduler]\nlock_check_seconds = 3\n'
        '[channels.webhook]\nurl = "https://example.gov.cn/hook"\n' + REDBLACK,
        encoding="utf-8",
    )
    loaded = load_config(path)
    assert loaded.monthly_at.hour == 8 and loaded.lock_check_seconds == 3
    assert loaded.webhook.url is not None
    county = loaded.redblack.board_for("county")
    assert loaded.redblack.top == 1 and county.weights["landing"] == 1
    assert county.weights["overdue"] == 0  # [redblack.weights] replaces the defaults


def test_redblack_section_leaves_reminders_and_scheduler_working(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With [redblack] in the file, remind run and scheduler jobs exit 0 (was: unknown key)."""
    path = tmp_path / "qy-landing.toml"
    path.write_text(REDBLACK, encoding="utf-8")
    monkeypatch.setenv("QY_LANDING_CONFIG", str(path))
    runner = CliRunner()
    base = ["--db", sqlite_url, "--lang", "en"]
    remind = runner.invoke(app, [*base, "remind", "run", "--as-of", "2026-10-12", "--dry-run"])
    assert remind.exit_code == 0, remind.output
    jobs = runner.invoke(app, [*base, "scheduler", "jobs", "--json"])
    assert jobs.exit_code == 0, jobs.output
    ranked = runner.invoke(app, [*base, "report", "redblack", "--month", "2026-10", "--json"])
    assert ranked.exit_code == 0, ranked.output
    assert json.loads(ranked.stdout)["config"]["top"] == 1


def test_a_wrong_key_names_file_key_and_allowed_once_in_chinese(tmp_path: Path) -> None:
    """An unknown [redblack] key is one message naming the file, the key and the known keys."""
    path = tmp_path / "qy-landing.toml"
    path.write_text("[redblack]\ncolour = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = caught.value.render("zh")
    assert message == (
        f"配置 {path} 有误：未知配置项 redblack.colour；可用：weights、boards、top、"
        "min_projects、min_indicators、red_min_score、reason_below"
    )


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("[channels.email]\npassword = 123456789\n", "123456789"),
        ("[channels.webhook]\ntoken = 987654321\n", "987654321"),
        ("[channels.dingtalk]\nurl = 'https://x.example/robot'\nsecret = 55555555\n", "55555555"),
        ("[channels.wecom]\nurl = 424242424242\n", "424242424242"),
    ],
)
def test_a_secret_of_the_wrong_type_is_named_but_never_shown(
    tmp_path: Path, text: str, secret: str
) -> None:
    """A number where a secret belongs is refused without echoing the number."""
    path = tmp_path / "qy-landing.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    for lang in ("zh", "en"):
        assert secret not in caught.value.render(lang)
    assert "its value is not shown" in caught.value.render("en")


def test_environment_variables_are_read_only_in_environment() -> None:
    """No module but environment.py (config's lower half) touches os.environ or os.getenv."""
    readers = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "environment.py" and path.parent == PACKAGE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv")) or (
                isinstance(node, ast.ImportFrom)
                and node.module == "os"
                and any(a.name in ("environ", "getenv") for a in node.names)
            ):
                readers.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert readers == []


def test_only_documented_variables_can_be_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """env() reads the variables of the table; a name outside it is a programming error."""
    monkeypatch.setenv("QY_LANDING_USER", "王明")
    monkeypatch.setenv("QY_LANDING_DB", "")
    assert config.actor_name() == "王明"
    assert config.database_url() is None  # empty counts as unset
    with pytest.raises(KeyError):
        config.env("HOME")


def test_workflow_folders_split_on_the_path_separator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QY_LANDING_WORKFLOWS holds several folders, empty parts ignored."""
    import os

    monkeypatch.setenv("QY_LANDING_WORKFLOWS", f"{tmp_path / 'a'}{os.pathsep}{os.pathsep}b")
    assert config.workflow_folders() == [tmp_path / "a", Path("b")]


def test_language_from_option_variable_then_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """--lang wins over QY_LANDING_LANG, which wins over the locale; a bad one lists zh, en."""
    monkeypatch.setenv("QY_LANDING_LANG", "en")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert config.detect_lang("中文") == "zh"
    assert config.detect_lang(None) == "en"
    monkeypatch.delenv("QY_LANDING_LANG")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert config.detect_lang(None) == "zh"
    with pytest.raises(ChoiceError):
        config.detect_lang("klingon")
    assert config.early_lang(["--lang", "klingon"]) == "zh"  # falls back to the environment
    assert config.early_lang(["--lang=en", "project", "list"]) == "en"


def test_child_environment_adds_only_our_variables() -> None:
    """A child process of ours gets this environment plus our own variables."""
    child = config.environment_with(QY_LANDING_LANG="zh")
    assert child["QY_LANDING_LANG"] == "zh"
    with pytest.raises(KeyError):
        config.environment_with(PATH="/nowhere")
