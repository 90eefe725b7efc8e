"""Effective dates (``--on``) are refused the same way by every command that records one.

The one check is ``services.effective.check_effective``; here each command that takes
``--on`` is run through the CLI with a date before the project's signing, a date after
the clock's today and (where the thing has a step before it) a date out of order: each
is refused with one line naming both dates, exit 1, and nothing is written. The CLI runs
on the real clock, so the dates are counted back from today.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from qy_landing.clock import FixedClock, SystemClock
from qy_landing.services import assignments, commitments, moves, problems, procedures
from qy_landing.services.context import Context
from qy_landing.store.models import (
    Assignment,
    Commitment,
    Event,
    FundsRecord,
    Problem,
    Procedure,
    Project,
)
from tests.builders import CODE, person, project

TODAY = SystemClock().today()
SIGNED = TODAY - timedelta(days=20)  # inside the default correction window


def day(offset: int) -> str:
    """A day counted from the signing."""
    return (SIGNED + timedelta(days=offset)).isoformat()


@pytest.fixture
def office(cli_url: str) -> Iterator[Context]:
    """A project signed 20 days ago with one of every dated thing recorded after it."""
    context = Context.open(cli_url, actor="测试员", clock=FixedClock.on(TODAY))
    project(context, signed_on=SIGNED)
    person(context, "张伟")
    assignments.assign(context, CODE, "first_responsible", "张伟", on=SIGNED + timedelta(2))
    problems.open_problem(context, CODE, "用地指标不足", on=SIGNED + timedelta(3))
    commitments.add_commitment(
        context, CODE, "十日内完成备案", "张伟", TODAY + timedelta(30), on=SIGNED + timedelta(3)
    )
    procedures.set_status(context, CODE, "filing", "submitted", on=SIGNED + timedelta(5))
    moves.suspend(context, CODE, reason="等待投资方", on=SIGNED + timedelta(6))
    moves.resume(context, CODE, reason="投资方已回复", on=SIGNED + timedelta(6))
    procedures.set_status(context, CODE, "filing", "accepted", on=SIGNED + timedelta(7))
    yield context
    context.db.dispose()


# (command with DATE where --on goes, a date out of order with its step before or None,
#  the step named in that refusal)
COMMANDS = [
    (["procedure", "set", CODE, "filing", "approved"], day(6), "accepted"),
    (["project", "suspend", CODE, "--reason", "等待"], day(5), "state"),
    (["project", "assign", CODE, "--role", "direct_responsible", "--person", "张伟"], None, ""),
    (["project", "unassign", CODE, "--role", "first_responsible", "--person", "张伟"], day(1),
     "assigned"),
    (["problem", "add", CODE, "供水接入未落实"], None, ""),
    (["problem", "resolve", "#1", "--note", "已协调"], day(2), "problem opened"),
    (["funds", "add", CODE, "1.5"], None, ""),
    (["commitment", "add", CODE, "月底前取得环评批复", "--who", "张伟", "--by",
      (TODAY + timedelta(40)).isoformat()], None, ""),
    (["commitment", "done", "1", "--note", "已办结"], day(2), "commitment made"),
    (["commitment", "withdraw", "1", "--reason", "不再需要"], day(2), "commitment made"),
    (["correct", "procedure", CODE, "filing", "--reason", "录错"], day(4), "submitted"),
]  # fmt: skip
IDS = [" ".join(c[0][:2]) for c in COMMANDS]


def written(context: Context) -> tuple[int, ...]:
    """Counts of every table a dated command writes, and the project's version."""
    with context.db.read() as session:
        counts = tuple(
            session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (Event, Assignment, Problem, FundsRecord, Commitment, Procedure)
        )
        version = session.execute(select(Project.version)).scalar_one()
        resolved = session.execute(select(func.count(Problem.resolved_on))).scalar_one()
    return (*counts, version, resolved)


@pytest.mark.parametrize(("command", "out_of_order", "step"), COMMANDS, ids=IDS)
def test_every_command_refuses_the_same_dates(cli, office, command, out_of_order, step):
    """Before the signing, in the future, before the step before: one line, nothing written."""
    before = written(office)
    signing = cli(*command, "--on", day(-3))
    assert signing.exit_code == 1, signing.output
    assert f"date {day(-3)} is before the signing date {SIGNED.isoformat()}" in signing.stderr
    assert len(signing.stderr.splitlines()) == 1 and "Traceback" not in signing.output
    tomorrow = (TODAY + timedelta(1)).isoformat()
    future = cli(*command, "--on", tomorrow)
    assert future.exit_code == 1, future.output
    assert future.stderr == (
        f"Invalid date '{tomorrow}': expected a date not after today ({TODAY.isoformat()})\n"
    )
    if out_of_order is not None:
        refused = cli(*command, "--on", out_of_order)
        assert refused.exit_code == 1, refused.output
        assert f"date {out_of_order} is before the {step}" in refused.stderr, refused.stderr
    assert written(office) == before


def test_the_refusal_reads_the_same_in_chinese(cli, office):
    """The Chinese message names the signing date too."""
    result = cli("funds", "add", CODE, "1.5", "--on", day(-3), lang="zh")
    assert result.exit_code == 1
    assert result.stderr == f"到位资金日期 {day(-3)} 早于签约日期 {SIGNED.isoformat()}\n"


def test_a_correction_may_not_move_a_record_past_the_next_one(cli, office):
    """Submitted moved after its acceptance: refused, naming the acceptance."""
    submitted = next(
        e for e in _history(office) if e.action == "procedure" and e.new == "submitted"
    )
    result = cli("correct", "event", str(submitted.id), "--on", day(8), "--reason", "录错")
    assert result.exit_code == 1, result.output
    assert result.stderr == (f"The accepted date {day(7)} is before the correction date {day(8)}\n")
    moved = cli("correct", "event", str(submitted.id), "--on", day(6), "--reason", "录错")
    assert moved.exit_code == 0, moved.output


@pytest.mark.backends
def test_the_same_refusals_on_both_backends(cli, office):
    """A subset on SQLite and PostgreSQL: a status, an assignment, funds, a correction."""
    before = written(office)
    for command in (
        ["procedure", "set", CODE, "filing", "approved"],
        ["project", "assign", CODE, "--role", "direct_responsible", "--person", "张伟"],
        ["funds", "add", CODE, "1.5"],
        ["correct", "procedure", CODE, "filing", "--reason", "录错"],
    ):
        result = cli(*command, "--on", day(-1))
        assert result.exit_code == 1, result.output
        assert f"is before the signing date {SIGNED.isoformat()}" in result.stderr
    late = cli("procedure", "set", CODE, "filing", "approved", "--on", day(6))
    assert "is before the accepted date" in late.stderr
    assert written(office) == before


def _history(context: Context) -> list[Event]:
    with context.db.read() as session:
        return list(session.execute(select(Event).order_by(Event.id)).scalars())


def test_import_progress_refuses_the_same_dates(cli, office, tmp_path):
    """A returned sheet's date before the signing or in the future: row named, nothing written."""
    from openpyxl import load_workbook

    before = written(office)
    target = tmp_path / "环县.xlsx"
    exported = cli("export", "progress", "--unit", "环县", "-o", str(target), lang="zh")
    assert exported.exit_code == 0, exported.output
    for when, says in (
        (day(-3), f"is before the signing date {SIGNED.isoformat()}"),
        ((TODAY + timedelta(1)).isoformat(), f"a date not after today ({TODAY.isoformat()})"),
        (day(6), "is before the accepted date"),
    ):
        book = load_workbook(target)
        sheet = book.worksheets[0]
        cols = {c.value: c.column for c in sheet[2]}
        steps = {sheet.cell(r, cols["手续"]).value: r for r in range(3, sheet.max_row + 1)}
        row = steps["项目备案"]
        sheet.cell(row, cols["新状态"]).value = "已批复"
        sheet.cell(row, cols["办理日期"]).value = when
        book.save(target)
        result = cli("import", "progress", str(target), "--apply", columns=200)
        assert result.exit_code == 1, result.output
        assert says in " ".join((result.stdout + result.stderr).split()), result.output
    assert written(office) == before


def test_project_add_refuses_a_signing_in_the_future(cli):
    """A project signed tomorrow: one line, nothing registered."""
    tomorrow = (TODAY + timedelta(1)).isoformat()
    result = cli("project", "add", "--code", "QY-2026-9999", "--name", "测试项目", "--investor",
                 "某公司", "--unit", "环县", "--chain", "energy", "--amount", "1",
                 "--signed-on", tomorrow)  # fmt: skip
    assert result.exit_code == 1, result.output
    assert f"expected a date not after today ({TODAY.isoformat()})" in result.stderr
    assert "QY-2026-9999" not in cli("project", "list").stdout
