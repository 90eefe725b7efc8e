"""``qy-landing calendar list | set | clear | show``."""

from __future__ import annotations

import json
from datetime import date

import pytest

from qy_landing.cli.docgen import JSON_SHAPES
from tests.builders import CODE, project


def test_show_marks_holidays_and_make_up_days(cli):
    """October 2026: National Day off 10-01 to 10-07, Saturday 10-10 is a make-up working day."""
    result = cli("calendar", "show", "2026-10", lang="zh")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "2026 年 10 月" in out
    assert "1休" in out
    assert "10班" in out
    assert "本月工作日 18 天" in out
    assert "国庆节：10-01 至 10-07 放假，10-10 调休上班" in out


def test_show_in_english(cli):
    """February 2026: Spring Festival, two make-up Saturdays."""
    out = cli("calendar", "show", "2026-02").stdout
    assert "Mon" in out
    assert "14M" in out
    assert "Spring Festival: off 02-15 to 02-23; make-up working days 02-14, 02-28" in out


def test_show_a_year_without_an_official_schedule_says_provisional(cli):
    """2027 has no official schedule yet: weekends only, said so."""
    out = cli("calendar", "show", "2027-01").stdout
    assert "The official holiday schedule of 2027 is not out yet" in out


def test_show_json(cli):
    """--json lists every day with its kind."""
    data = json.loads(cli("calendar", "show", "2026-10", "--json").stdout)
    assert [key for key, _ in JSON_SHAPES["calendar show YEAR-MONTH --json"]] == list(data)
    assert data["workdays"] == 18
    first = data["days"][0]
    assert first["day"] == "2026-10-01"
    assert first["kind"] == "holiday"
    assert first["holiday"] == {"zh": "国庆节", "en": "National Day"}
    assert data["days"][9]["kind"] == "makeup"


@pytest.mark.backends
def test_set_a_closure_moves_running_due_dates_and_clear_restores(cli, cli_ctx):
    """Closing a day inside a running limit moves its due date; clearing moves it back."""
    project(cli_ctx)
    from qy_landing.services import procedures

    procedures.set_status(cli_ctx, CODE, "filing", "submitted", on=date(2026, 9, 22))
    closed = cli("calendar", "set", "2026-09-23", "--closed", "--note", "防汛", lang="zh")
    assert closed.exit_code == 0, closed.stderr
    assert closed.stdout.splitlines() == [
        "2026-09-23（星期三）设为休息日",
        "1 项在办手续的到期日随之调整",
    ]
    listed = cli("calendar", "list", lang="zh")
    assert "2026-09-23" in listed.stdout
    assert "本办休息" in listed.stdout
    assert "防汛" in listed.stdout
    shown = cli("calendar", "show", "2026-09", lang="zh").stdout
    assert "23闭" in shown
    assert "2026-09-23：本办休息 防汛" in shown
    rows = json.loads(cli("calendar", "list", "--json").stdout)
    assert rows == [{"day": "2026-09-23", "workday": False, "note": "防汛"}]
    assert [key for key, _ in JSON_SHAPES["calendar list --json"]] == list(rows[0])
    cleared = cli("calendar", "clear", "2026-09-23")
    assert cleared.exit_code == 0, cleared.stderr
    assert cleared.stdout.splitlines() == [
        "2026-09-23 follows the official schedule again",
        "1 running procedures got a new due date",
    ]
    assert cli("calendar", "list").stdout == "No office overrides\n"


def test_set_without_workday_or_closed_is_a_user_error(cli):
    """calendar set needs --workday or --closed; the error says which to give."""
    result = cli("calendar", "set", "2026-12-31", lang="zh")
    assert result.exit_code == 1
    assert result.stderr == "请指明 2026-12-31 设为工作日还是休息日：--workday 或 --closed\n"


def test_bad_day_and_month(cli):
    """Bad dates and months say their expected forms."""
    day = cli("calendar", "set", "31/12/2026", "--workday")
    assert day.exit_code == 1
    assert "expected a date from 1990 to 2100, e.g. 2026-10-05" in day.stderr
    month = cli("calendar", "show", "2026-13")
    assert month.exit_code == 1
    assert "expected a month from 1990 to 2100, e.g. 2026-10" in month.stderr


def test_refresh_stores_the_schedule_and_then_finds_nothing_new(cli):
    """The first refresh records each year's schedule; the next finds none changed."""
    first = json.loads(cli("calendar", "refresh", "--json").stdout)
    assert 2026 in first["years"] and first["moved"] == []
    again = cli("calendar", "refresh", lang="zh")
    assert again.exit_code == 0, again.stderr
    assert again.stdout == "放假安排没有变化，到期日无需重算\n"


def test_status_tells_which_due_dates_a_closure_moved(cli, sqlite_ctx):
    """After a closure, the next status names the due date it moved."""
    project(sqlite_ctx)
    from qy_landing.services import procedures

    procedures.set_status(sqlite_ctx, CODE, "filing", "submitted", on=date(2026, 10, 9))
    cli("calendar", "set", "2026-10-12", "--closed", "--note", "停电")
    out = cli("status", lang="zh").stdout
    assert f"使 1 项手续的到期日改变：{CODE} filing 2026-10-13 → 2026-10-14" in out
