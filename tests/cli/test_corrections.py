"""``qy-landing correct procedure | project | event | undo`` and ``--as-recorded``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import time_machine

from qy_landing.services import procedures
from tests.builders import CODE, project


@pytest.fixture(autouse=True)
def _november() -> Iterator[None]:
    """The CLI reads the real clock and a correction may reach back one month: these
    records of October are correctable only while it is November in Qingyang."""
    with time_machine.travel(datetime(2026, 11, 20, 4, tzinfo=UTC), tick=True):
        yield


@pytest.fixture
def submitted(sqlite_ctx):
    project(sqlite_ctx, signed_on=date(2026, 9, 3))
    procedures.set_status(sqlite_ctx, CODE, "filing", "submitted", on=date(2026, 10, 9))
    return CODE


def test_a_wrong_date_is_corrected_and_history_shows_both(cli, submitted):
    """The correction names the record it corrects; history shows both, linked."""
    done = cli("correct", "procedure", CODE, "filing", "--on", "2026-10-01",
               "--reason", "日期录错", lang="zh")  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert done.stdout == f"已记录更正 #3（更正 #2）：{CODE} filing\n"
    history = cli("project", "history", CODE, lang="en").stdout
    assert "corrected by #3" in history
    assert "corrects #2" in history


def test_undo_of_a_terminate(cli, submitted):
    """A mistaken terminate is undone; the project is back in its state."""
    cli("project", "terminate", CODE, "--reason", "误操作", "--on", "2026-10-10")
    done = cli("correct", "project", CODE, "--undo-move", "--reason", "终止录错", lang="en")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("Record #3 undone (correction #4)")


def test_a_correction_without_reason_or_too_old_is_refused(cli, submitted):
    """No reason: a usage error; too far back: one clear line, nothing written."""
    assert cli("correct", "undo", "2").exit_code == 2
    old = cli("correct", "project", CODE, "--field", "amount", "--value", "13",
              "--reason", "金额录错", lang="en")  # fmt: skip
    assert old.exit_code == 1
    # the CLI reads the real clock: the earliest day allowed is the previous month's first
    assert old.stderr.startswith("Cannot correct a record of 2026-09-03: only records from ")
    assert old.stderr.endswith("(see [corrections] months_back in the configuration)\n")
    assert old.stderr.count("\n") == 1


def test_project_show_as_of_a_past_day(cli, submitted):
    """``project show --as-of`` shows the past; ``--as-recorded`` what was known then."""
    past = cli("project", "show", CODE, "--as-of", "2026-10-05", "--json")
    assert past.exit_code == 0, past.stderr
    assert '"status": "pending"' in past.stdout
    unknown = cli("project", "list", "--as-of", "2026-10-05", "--as-recorded", "--json")
    assert unknown.stdout.strip() == "[]"


def test_a_correction_that_changes_nothing_is_refused(cli, submitted):
    """Neither --status nor --on (or the same values): one line, no correction recorded."""
    same = cli("correct", "procedure", CODE, "filing", "--reason", "核对", lang="en")
    assert same.exit_code == 1
    assert same.stderr == (
        "A correction needs a value or date other than record #2's (--status, --value or --on)\n"
    )
    again = cli("correct", "event", "2", "--on", "2026-10-09", "--reason", "核对", lang="en")
    assert again.exit_code == 1 and "#2's" in again.stderr
    assert "corrected by" not in cli("project", "history", CODE, lang="en").stdout
