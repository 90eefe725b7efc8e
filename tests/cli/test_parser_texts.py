"""Chinese all the way: the parser's own texts, help wrapped by display width, choices, typos."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys

import pytest

from qy_landing import i18n
from qy_landing.cli.parser_texts import translate, wrap
from qy_landing.errors import ChoiceError
from qy_landing.i18n import display_width
from qy_landing.vocabulary import fold, resolve

# what click/typer write in English by themselves
CLICK_PHRASES = (
    "Usage:",
    "Options:",
    "Commands:",
    "Arguments:",
    "[required]",
    "[default:",
    "Show this message",
    "No such command",
    "No such option",
    "Got unexpected",
    "Missing option",
    "Missing argument",
    "for help.",
    "Error:",
    "Did you mean",
    "Invalid value",
)
# commands, options and placeholders are typed as they are: not English prose
_NOT_PROSE = (
    re.compile(r"qy-landing(?: [a-z][\w-]*)*"),
    re.compile(r"--?[\w-]+(?:[ =][A-Z_|]+)?"),
    re.compile(r"\{[^}]*\}"),
    re.compile(r"`[^`]*`"),
)
_PROSE = re.compile(r"\b[A-Za-z]{2,}(?:[ ,']+[A-Za-z]{2,}){2,}")


def english_fragments(text: str) -> list[str]:
    """click's own phrases, and runs of three English words outside commands and options."""
    found = [phrase for phrase in CLICK_PHRASES if phrase in text]
    for pattern in _NOT_PROSE:
        text = pattern.sub(" ", text)
    return found + _PROSE.findall(text)


WALK = """
import os
from typer.testing import CliRunner
from qy_landing.cli import app
from qy_landing.cli.docgen import walk
runner = CliRunner()
for doc in walk():
    result = runner.invoke(app, [*doc.path.split()[1:], "--help"], terminal_width=80)
    print("=====", doc.path)
    print(result.output)
"""


def test_every_command_help_in_chinese_has_no_english_fragment():
    """Every command's help in Chinese mode: no click phrase, no English prose."""
    env = {**os.environ, "QY_LANDING_LANG": "zh", "COLUMNS": "80"}
    done = subprocess.run(
        [sys.executable, "-c", WALK], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    pages = done.stdout.split("===== ")[1:]
    assert len(pages) > 40
    problems = {page.split("\n", 1)[0]: english_fragments(page.split("\n", 1)[1]) for page in pages}
    assert {path: found for path, found in problems.items() if found} == {}
    for page in pages:
        for line in page.splitlines()[1:]:
            assert display_width(line) <= 80, line


def test_every_catalogue_message_in_chinese_has_no_english_fragment():
    """Every Chinese text of every catalogue is free of English prose."""
    areas = {"core", "cli", "reminders", "reports", "demo"}
    problems = {}
    for area in sorted(areas):
        messages = importlib.import_module(f"qy_landing.i18n.{area}").MESSAGES
        for key, (zh, _en) in messages.items():
            found = english_fragments(zh)
            if found:
                problems[key] = found
    assert problems == {}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["prject"], "错误：没有命令“prject”。您是不是要找 project、correct？"),
        (["project", "list", "extra"], "错误：多余的参数：extra。"),
        (["project", "add"], "错误：缺少选项 --code。"),
        (["--bogus"], "错误：没有选项 --bogus。"),
    ],
)
def test_usage_errors_are_chinese(args, expected):
    """Usage errors: usage line, hint and error in Chinese, exit code 2."""
    env = {**os.environ, "QY_LANDING_LANG": "zh"}
    done = subprocess.run(
        [sys.executable, "-m", "qy_landing", *args],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith("用法：qy-landing")
    assert "查看帮助。" in done.stderr
    assert done.stderr.rstrip().endswith(expected)
    assert english_fragments(done.stderr) == []


def test_usage_errors_stay_english_in_english():
    """In English the parser's texts are click's own."""
    assert translate("Usage: x [OPTIONS]", "en") == "Usage: x [OPTIONS]"
    assert translate("Show this message and exit.", "zh") == "显示此帮助并退出。"


def test_wrap_counts_display_width_and_keeps_marks_off_line_starts():
    """Chinese breaks between characters within the width; 、 and ） never open a line."""
    text = "数据库地址（否则取 QY_LANDING_DB，否则为用户数据目录下的 SQLite 文件）、备注"
    for width in range(12, 40):
        lines = wrap(text, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(not line.startswith(("、", "，", "）")) for line in lines)
        # a line may pass the width only by a word longer than it, or closing marks
        assert all(display_width(line) <= max(width, 14) + 4 for line in lines)
    assert wrap("digital economy", 8) == ["digital", "economy"]  # never "dig/ital"


def test_choices_accept_both_languages_and_both_bracket_widths():
    """A status by key, Chinese or English name; brackets full-width or half-width alike."""
    assert resolve("status", "waived") == resolve("status", "不适用") == "waived"
    assert resolve("status", "Waived") == "waived"
    assert fold("环境影响评价(报告表)") == fold("环境影响评价（报告表）")


def test_a_typo_gets_a_close_match_hint():
    """An unknown choice lists the allowed ones and suggests the closest."""
    with pytest.raises(ChoiceError) as caught:
        resolve("status", "aproved")
    message = caught.value.render("zh")
    assert "您是不是要找" in message and "已批复" in message


def test_counted_nouns_are_singular_for_one():
    """'1 projects' is never written: English messages count in the singular for one."""
    one = i18n.t("report.monthly.written", "en", month="2026-10", file="x", count=1)
    assert one.endswith("(1 project)")
    many = i18n.t("report.monthly.written", "en", month="2026-10", file="x", count=3)
    assert many.endswith("(3 projects)")
