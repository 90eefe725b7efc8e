"""``qy-landing procedure list | set``."""

from __future__ import annotations

import json
from datetime import date

import pytest

from qy_landing.cli.docgen import JSON_SHAPES
from tests.builders import CODE, project


@pytest.fixture
def signed(cli_ctx):
    project(cli_ctx)
    return CODE


@pytest.mark.backends
def test_set_submitted_gives_the_due_date_in_working_days(cli, signed):
    """Submitting starts the clock: 3 working days after 09-30 skip National Day and end on
    the make-up Saturday 10-10."""
    result = cli("procedure", "set", CODE, "filing", "submitted", "--on", "2026-09-30", lang="zh")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"项目 {CODE}：项目备案 待办 → 已提交",
        "到期日：2026-10-10",
    ]


def test_step_and_status_by_chinese_name(cli, signed):
    """Steps and statuses may be typed by their Chinese names."""
    cli("procedure", "set", CODE, "项目备案", "已提交", "--on", "2026-07-13")
    result = cli("procedure", "set", CODE, "项目备案", "已批复", "--on", "2026-07-14")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Project {CODE}: Project filing submitted → approved\n"


def test_waiving_needs_a_reason(cli, signed):
    """waived without --reason is refused; with a reason it is recorded."""
    refused = cli("procedure", "set", CODE, "soil_water", "waived", "--on", "2026-07-13",
                  lang="zh")  # fmt: skip
    assert refused.exit_code == 1
    assert refused.stderr == "不适用需要填写原因（--reason）\n"
    done = cli("procedure", "set", CODE, "soil_water", "waived", "--on", "2026-07-13",
               "--reason", "不涉及土石方")  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert "pending → waived" in done.stdout


def test_unknown_status_and_step_list_what_is_allowed(cli, signed):
    """A bad status names the statuses; an unknown step names the steps by key and name."""
    status = cli("procedure", "set", CODE, "filing", "done", "--on", "2026-07-13")
    assert status.exit_code == 1
    assert status.stderr.startswith("Unknown procedure status 'done'; allowed: pending, submitted")
    step = cli("procedure", "set", CODE, "permit", "submitted", "--on", "2026-07-13")
    assert step.exit_code == 1
    assert "Unknown procedure 'permit'; allowed: filing" in step.stderr  # key (name), …
    assert "approval" in step.stderr


def test_a_step_waiting_for_another_is_refused(cli, signed):
    """Submitting the drawing review before the construction planning permit is refused."""
    result = cli("procedure", "set", CODE, "drawing_review", "submitted",
                 "--on", "2026-07-13", lang="zh")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == (
        f"项目 {CODE} 的手续「施工图及消防设计审查」须待以下手续批复后办理：建设工程规划许可证\n"
    )


@pytest.mark.backends
def test_status_change_not_allowed_names_the_allowed_ones(cli, signed):
    """pending cannot jump to approved; the allowed next statuses are named."""
    result = cli("procedure", "set", CODE, "filing", "approved", "--on", "2026-07-13")
    assert result.exit_code == 1
    assert "allowed: submitted, waived" in result.stderr


def test_list_in_both_languages(cli, signed, cli_ctx):
    """list shows each procedure with key, level, status and due date."""
    from qy_landing.services import procedures

    procedures.set_status(cli_ctx, CODE, "filing", "submitted", on=date(2026, 7, 13))
    zh = cli("procedure", "list", CODE, lang="zh")
    assert zh.exit_code == 0, zh.stderr
    assert "项目备案" in zh.stdout
    assert "filing" in zh.stdout
    assert "已提交" in zh.stdout
    assert "2026-07-16" in zh.stdout
    assert "逾期" in zh.stdout  # long past by now
    assert "└等待：建设工程规划许可证" in zh.stdout
    en = cli("procedure", "list", CODE, columns=120)
    assert "Soil and water conservation plan" in en.stdout
    assert "overdue" in en.stdout


@pytest.mark.backends
def test_list_json_keys(cli, signed):
    """procedure list --json has the documented keys."""
    rows = json.loads(cli("procedure", "list", CODE, "--json").stdout)
    assert [key for key, _ in JSON_SHAPES["procedure list CODE --json"]] == list(rows[0])
    assert rows[0]["step"] == "filing"


def test_show_explains_how_the_due_date_was_counted(cli, signed):
    """procedure show names the acceptance it counts from, the limit and the days skipped."""
    cli("procedure", "set", CODE, "eia_form", "submitted", "--on", "2026-08-03")
    cli("procedure", "set", CODE, "eia_form", "accepted", "--on", "2026-08-10")
    result = cli("procedure", "show", CODE, "eia_form", lang="zh")
    assert result.exit_code == 0, result.stderr
    assert "起算：2026-08-10 受理（行政许可法第四十二条；当日不计入）" in result.stdout
    assert "时限：30 个工作日" in result.stdout
    assert "到期日：2026-09-20（其间跳过 11 个非工作日）" in result.stdout
    shown = json.loads(cli("procedure", "show", CODE, "eia_form", "--json").stdout)
    assert [key for key, _ in JSON_SHAPES["procedure show CODE STEP --json"]] == list(shown)


def test_materials_requested_shows_the_stopped_clock(cli, signed):
    """补正: the clock stops; show lists the pause and says the due date waits."""
    cli("procedure", "set", CODE, "eia_form", "submitted", "--on", "2026-08-03")
    cli("procedure", "set", CODE, "eia_form", "accepted", "--on", "2026-08-10")
    cli("procedure", "set", CODE, "eia_form", "materials_requested", "--on", "2026-08-20")
    out = cli("procedure", "show", CODE, "eia_form", "--as-of", "2026-08-27").stdout
    assert "Clock stopped: materials requested from 2026-08-20 to now" in out
    assert "The clock is stopped: due again once it resumes" in out
