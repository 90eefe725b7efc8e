"""`qy-landing remind …` exit codes and what a person sees."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from qy_landing.cli import app
from qy_landing.i18n import display_width
from qy_landing.services.context import Context

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
AS_OF = "2026-10-12T09:00"


def cli(url: str, *args: str, lang: str = "en"):
    return CliRunner().invoke(app, ["--db", url, "--lang", lang, *args], env={"COLUMNS": "200"})


def test_run_twice_generates_once_and_then_reports_what_exists(office_url):
    first = cli(office_url, "remind", "run", "--as-of", AS_OF)
    assert first.exit_code == 0, first.output
    assert "As of 2026-10-12 09:00" in first.output
    assert "Monthly digest month: 2026-10" in first.output
    assert "│ monthly digest │ 2         │ 0               │" in first.output
    assert "│ overdue        │ 3         │ 0               │" in first.output
    second = cli(office_url, "remind", "run", "--as-of", AS_OF)
    assert "│ monthly digest │ 0         │ 2               │" in second.output


def test_run_in_chinese_and_dry_run(office_url):
    result = cli(office_url, "remind", "run", "--as-of", AS_OF, "--dry-run", lang="zh")
    assert result.exit_code == 0
    assert "演练：未写入任何内容" in result.output and "将生成" in result.output
    assert cli(office_url, "remind", "list", "--json").output.strip() == "[]"


def test_run_json_counts_per_kind(office_url):
    data = json.loads(cli(office_url, "remind", "run", "--as-of", AS_OF, "--json").output)
    assert data["kinds"] == {
        "monthly": {"generated": 2, "existing": 0},
        "overdue": {"generated": 3, "existing": 0},
        "stall": {"generated": 2, "existing": 0},
        "commitment": {"generated": 0, "existing": 0},
    }


def test_bad_kind_and_future_as_of_are_one_line_errors(office_url):
    result = cli(office_url, "remind", "run", "--kind", "weekly")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Unknown reminder kind 'weekly'; allowed: monthly, overdue, all"
    )
    future = cli(office_url, "remind", "run", "--as-of", "2099-01-01")
    assert future.exit_code == 1 and "only --dry-run may look ahead" in future.output


def test_list_filters_by_status_person_period_and_kind(office_url):
    cli(office_url, "remind", "run", "--as-of", AS_OF)
    rows = json.loads(cli(office_url, "remind", "list", "--status", "pending", "--json").output)
    assert len(rows) == 7 and {r["status"] for r in rows} == {"pending"}
    mine = json.loads(
        cli(
            office_url,
            "remind",
            "list",
            "--person",
            "张伟",
            "--period",
            "2026-10",
            "--kind",
            "monthly",
            "--json",
        ).output
    )
    assert [r["title"] for r in mine] == ["【月度调度】2026年10月 项目调度提醒：张伟（2 个项目）"]
    table = cli(office_url, "remind", "list", "--limit", "2")
    assert "Showing 2 of 7" in table.output
    bad = cli(office_url, "remind", "list", "--status", "lost")
    assert bad.exit_code == 1 and "pending, sending, sent, failed" in bad.output
    month = cli(office_url, "remind", "list", "--period", "2026-13")
    assert month.exit_code == 1
    kind = cli(office_url, "remind", "list", "--kind", "weekly")
    assert kind.exit_code == 1 and "monthly, overdue, stall" in kind.output


def test_preview_shows_the_digest_and_writes_nothing(office_url):
    result = cli(office_url, "remind", "preview", "李娜", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.output.startswith("[Monthly dispatch] October 2026: 李娜, 1 project\n")
    assert "(preview, not written)" in result.output
    nobody = cli(office_url, "remind", "preview", "赵六", "--as-of", AS_OF)
    assert "赵六 has no open project to dispatch for 2026-10" in nobody.output
    assert cli(office_url, "remind", "list", "--json").output.strip() == "[]"


def test_send_prints_console_reminders_and_the_summary(office_url):
    cli(office_url, "remind", "run", "--as-of", AS_OF, "--kind", "monthly")
    result = cli(office_url, "remind", "send")
    assert result.exit_code == 0
    assert "提醒编号：monthly:" in result.output
    assert result.output.rstrip().endswith("Sent 2, to retry 0, failed 0")


def test_failed_reminders_are_listed_and_can_be_retried(office_url, tmp_path):
    """E-mail not configured: failed at once, shown with the reason, queued again by retry."""
    from qy_landing.services.context import Context
    from tests.reminders.conftest import use_channel

    context = Context.open(office_url)
    use_channel(context, "email")
    context.db.dispose()
    cli(office_url, "remind", "run", "--as-of", AS_OF, "--kind", "monthly")
    sent = cli(office_url, "remind", "send")
    assert "Sent 0, to retry 0, failed 2" in sent.output
    assert "remind list --status failed" in sent.output
    failed = cli(office_url, "remind", "list", "--status", "failed")
    assert "error: email: channels.email.host" in failed.output
    assert cli(office_url, "remind", "retry").output.strip() == "Queued 2 reminders again"
    missing = cli(office_url, "remind", "retry", "monthly:999:2026-10")
    assert missing.exit_code == 1


def test_bad_configuration_is_one_line_naming_the_key(office_url, tmp_path):
    config = tmp_path / "qy-landing.toml"
    config.write_text("[reminders]\nmax_atempts = 3\n", encoding="utf-8")
    result = cli(office_url, "remind", "send", "--config", str(config))
    assert result.exit_code == 1
    assert "unknown key reminders.max_atempts" in result.output


@pytest.mark.parametrize(
    "command",
    [
        ["remind", "run"],
        ["remind", "send"],
        ["remind", "list"],
        ["remind", "preview"],
        ["remind", "retry"],
        ["scheduler", "run"],
        ["scheduler", "jobs"],
    ],
)
def test_every_command_has_help(office_url, command):
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "remind.help" not in result.output
    assert len(result.output.splitlines()) > 3


def test_send_and_list_show_the_channel_that_delivered_and_its_receipt(
    office_url, platforms, tmp_path
):
    """Routed by role: 张伟 falls through WeCom to SMS (result awaited), 李娜 gets WeCom."""
    from datetime import UTC, datetime

    from qy_landing.services.context import Context
    from tests.reminders.conftest import SMS_SECRET_KEY, WECOM_SECRET, set_route

    context = Context.open(office_url)
    set_route(context, "张伟")
    set_route(context, "李娜")
    context.db.dispose()
    platforms.wecom.unreachable.add("zhangwei")
    platforms.sms.now = lambda: datetime.now(UTC)  # the command runs on the real clock
    settings = platforms.config()
    config = tmp_path / "qy-landing.toml"
    config.write_text(
        f"""
[channels.wecom_app]
corp_id = "ww0123456789"
agent_id = 1000002
base_url = "{settings.wecom_app.base_url}"

[channels.sms]
endpoint = "{settings.sms.endpoint}"
secret_id = "{settings.sms.secret_id.reveal()}"
sdk_app_id = "1400006666"
templates.default = {{ id = "2100001", params = ["person", "key"] }}

[routing.roles]
first_responsible = ["wecom_app", "sms"]
direct_responsible = ["wecom_app", "sms"]
""",
        encoding="utf-8",
    )
    config.chmod(0o600)
    env = {
        "COLUMNS": "200",
        "QY_LANDING_WECOM_APP_SECRET": WECOM_SECRET,
        "QY_LANDING_SMS_SECRET_KEY": SMS_SECRET_KEY,
    }
    runner = CliRunner()
    base = ["--db", office_url, "--lang", "en", "remind"]
    runner.invoke(app, [*base, "run", "--as-of", AS_OF, "--kind", "monthly"], env=env)
    sent = runner.invoke(app, [*base, "send", "--config", str(config)], env=env)
    assert sent.exit_code == 0, sent.output
    assert "Sent 2, to retry 0, failed 0" in sent.output
    assert "Fell through to the next channel 1, delivery results recorded 0" in sent.output
    listed = runner.invoke(app, [*base, "list", "--config", str(config)], env=env)
    assert "SMS" in listed.output and "result awaited" in listed.output
    assert "WeCom app message" in listed.output
    rows = json.loads(runner.invoke(app, [*base, "list", "--json"], env=env).output)
    assert sorted((r["person"], r["delivered_via"], r["receipt"]) for r in rows) == [
        ("张伟", "sms", "pending"),
        ("李娜", "wecom_app", None),
    ]
    assert WECOM_SECRET not in sent.output + listed.output


def test_preview_renders_markdown_on_a_terminal(office_url, monkeypatch):
    """On a terminal the body is rendered (no ### or **); piped, it is the message as sent."""
    piped = cli(office_url, "remind", "preview", "李娜", "--as-of", AS_OF).output
    assert "**" in piped or "#" in piped
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    shown = cli(office_url, "remind", "preview", "李娜", "--as-of", AS_OF).output
    assert "**" not in shown and "###" not in shown
    assert "李娜" in shown


def test_list_at_80_columns_hides_by_priority_and_keeps_titles_readable(office_url):
    """80 columns: key, attempts and channel give way; no line wider than 80; --wide shows all."""
    cli(office_url, "remind", "run", "--as-of", AS_OF)
    narrow = CliRunner().invoke(
        app, ["--db", office_url, "--lang", "zh", "remind", "list"], env={"COLUMNS": "80"}
    )
    lines = narrow.output.splitlines()
    assert max(display_width(line) for line in lines) <= 80
    assert "未显示：提醒编号、尝试（加 --wide 显示全部列）" in narrow.output
    assert "【月度调度】2026年10月" in narrow.output  # the title keeps room, not a letter a line
    wide = CliRunner().invoke(
        app, ["--db", office_url, "--lang", "zh", "remind", "list", "--wide"],
        env={"COLUMNS": "80"},
    )  # fmt: skip
    assert "未显示" not in wide.output
    assert any("monthly:" in line for line in wide.output.splitlines())


def test_each_failed_send_is_reported_once_in_the_users_language(office_url):
    """A failed delivery: one Chinese line per reminder, no English log line beside it."""
    from qy_landing.services.context import Context
    from tests.reminders.conftest import use_channel

    context = Context.open(office_url)
    use_channel(context, "email")
    context.db.dispose()
    cli(office_url, "remind", "run", "--as-of", AS_OF, "--kind", "monthly")
    # a process of its own: pytest's log capture would hide Python's last-resort handler
    sent = subprocess.run(
        [sys.executable, "-m", "qy_landing", "--db", office_url, "--lang", "zh", "remind", "send"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    problems = [line for line in sent.stderr.splitlines() if "monthly:" in line]
    assert len(problems) == 2 and len({p.split("：")[0] for p in problems}) == 2, sent.stderr
    assert "gave up" not in sent.stderr and "attempt" not in sent.stderr
    assert "email：未配置 channels.email.host、channels.email.from" in problems[0]
    assert "失败 2" in sent.stdout


def test_list_shows_a_stored_failure_in_the_users_language(office_url, receiver, tmp_path):
    """A robot's refusal, recorded by a real send, is listed in Chinese with no English
    beside it (only the platform's own words, marked 平台原文), and in English in English."""
    from tests.cli.test_parser_texts import english_fragments
    from tests.reminders.conftest import refusing_robot

    config = refusing_robot(office_url, receiver, tmp_path, "T0KEN5678")
    cli(office_url, "remind", "run", "--as-of", AS_OF, "--kind", "monthly")
    sent = cli(office_url, "remind", "send", "--config", str(config), lang="zh")
    assert "失败 2" in sent.output and len(receiver.requests) == 2
    zh = cli(office_url, "remind", "list", "--status", "failed", lang="zh").output
    reason = "钉钉群机器人拒收：错误码 310000（关键词不匹配或签名错误）"
    assert zh.count(f"错误：{reason}；平台原文：keywords not in content") == 2, zh
    ours = zh.replace("平台原文：keywords not in content", "")
    assert english_fragments(ours) == [] and "errcode" not in zh and "dingtalk:" not in zh
    en = cli(office_url, "remind", "list", "--status", "failed").output
    expected = "error: dingtalk: errcode 310000 (keywords not matched or signature wrong): "
    assert en.count(expected + "keywords not in content") == 2, en
    assert "钉钉" not in en and "T0KEN5678" not in zh + en
    rows = json.loads(cli(office_url, "remind", "list", "--json", lang="zh").output)
    assert {r["error_key"] for r in rows} == {"remind.delivery.refused"}
    assert {r["error"] for r in rows} == {f"{reason}；平台原文：keywords not in content"}
    assert {r["last_error"] for r in rows} == {expected[7:] + "keywords not in content"}


def test_list_shows_the_english_kept_on_a_failure_recorded_before_the_message_was(office_url):
    """A row failed before 0010 (English text, no message key): listed with that text in
    either language, beside a new row shown in Chinese."""
    from sqlalchemy import text

    from tests.reminders.conftest import use_channel

    context = Context.open(office_url)
    use_channel(context, "email")
    cli(office_url, "remind", "run", "--as-of", AS_OF, "--kind", "monthly")
    cli(office_url, "remind", "send")
    with context.db.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE reminder SET error_key = NULL, error_fields = NULL, "
                "last_error = 'email: SMTP server gone' WHERE id = (SELECT min(id) FROM reminder)"
            )
        )
    context.db.dispose()
    zh = cli(office_url, "remind", "list", "--status", "failed", lang="zh").output
    assert "错误：email: SMTP server gone" in zh
    assert "错误：email：未配置 channels.email.host、channels.email.from" in zh
    en = cli(office_url, "remind", "list", "--status", "failed").output
    assert "error: email: SMTP server gone" in en
    assert "error: email: channels.email.host, channels.email.from not configured" in en
