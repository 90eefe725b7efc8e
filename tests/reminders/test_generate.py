"""Generating reminders into the outbox: monthly digests and the overdue ladder."""

from __future__ import annotations

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from qy_landing.calendar import WorkCalendar
from qy_landing.clock import FixedClock
from qy_landing.config import Config
from qy_landing.errors import InvalidValueError
from qy_landing.reminders.deliver import list_reminders
from qy_landing.reminders.generate import BadKindError, due_period, generate, preview_digest
from qy_landing.services import procedures, projects
from qy_landing.services.context import Context
from tests.builders import CODE, person, project
from tests.reminders.conftest import build_crowd

SH = ZoneInfo("Asia/Shanghai")
# Tests whose SQL differs per backend run on both; pure logic runs on SQLite only.
sqlite_only = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SH)


def keys(ctx: Context, **filters: str) -> list[str]:
    rows, _ = list_reminders(ctx, limit=None, **filters)
    return sorted(r.key for r in rows)


def person_id(ctx: Context, name: str) -> int:
    from qy_landing.services.people import list_people

    return next(p.id for p in list_people(ctx) if p.name == name)


def test_monthly_digest_goes_once_to_each_responsible_person(octx):
    """Two runs in the same month: one digest per person; the second run finds them all."""
    ctx = octx
    first = generate(ctx, kind="monthly")
    second = generate(ctx, kind="monthly")
    assert first.period == "2026-10"
    assert (first.kinds["monthly"].generated, first.kinds["monthly"].existing) == (2, 0)
    assert (second.kinds["monthly"].generated, second.kinds["monthly"].existing) == (0, 2)
    zhang, li = person_id(ctx, "张伟"), person_id(ctx, "李娜")
    assert keys(ctx, kind="monthly") == sorted(
        [f"monthly:{zhang}:2026-10", f"monthly:{li}:2026-10"]
    )


def test_digest_lists_every_open_project_with_procedures_problems_and_idle_days(octx):
    """张伟's digest: P1 with its overdue filing and problem, suspended P2; not terminated P3."""
    ctx = octx
    generate(ctx, kind="monthly")
    rows, _ = list_reminders(ctx, person="张伟", kind="monthly")
    (digest,) = rows
    assert digest.title == "【月度调度】2026年10月 项目调度提醒：张伟（2 个项目）"
    assert digest.lang == "zh" and digest.channel == "console" and digest.period == "2026-10"
    body = digest.body
    assert "### 1. 环县 100MW 风电项目（2601-621022-04-01-123456，环县）" in body
    assert "项目备案（县级）：已提交，2026-09-04 到期，**已逾期 22 个工作日**" in body
    assert "用地指标未落实（2026-09-01 起，已 25 个工作日）" in body
    assert "距上次进展 25 个工作日（2026-09-01）" in body
    assert "尚未提交：环境影响评价（报告表）" in body
    assert "### 2. 环县数据中心项目" in body
    assert "当前状态：暂缓（暂缓前：已签约）" in body
    assert "环县光伏项目" not in body


@sqlite_only
def test_digest_is_in_the_persons_language(octx):
    """李娜 reads English: title, states, levels and statuses in English."""
    ctx = octx
    digest = preview_digest(ctx, "李娜")
    assert digest.title == "[Monthly dispatch] October 2026: 李娜, 1 project"
    assert (
        "Project filing (county): submitted, due 2026-09-04, **overdue by 22 working days**"
        in digest.body
    )
    assert digest.lang == "en"


@sqlite_only
def test_person_without_open_projects_gets_no_digest(octx):
    """孙七's only project was terminated; 赵六 has none."""
    ctx = octx
    generate(ctx, kind="monthly")
    assert keys(ctx, person="孙七") == []
    assert preview_digest(ctx, "赵六").projects == 0


@sqlite_only
def test_preview_writes_nothing(octx):
    """A preview shows the digest a person would get and leaves the outbox empty."""
    ctx = octx
    digest = preview_digest(ctx, "张伟", at(date(2026, 10, 12)))
    assert digest.projects == 2
    assert digest.key == f"monthly:{person_id(ctx, '张伟')}:2026-10"
    assert keys(ctx) == []


def test_digest_month_starts_on_its_first_working_day_at_nine():
    """October 2026 starts on 10-08 (National Day); before 09:00 that day September is due."""
    config, calendar = Config(), WorkCalendar()
    assert due_period(calendar, at(date(2026, 10, 5), 12), config) == (2026, 9)
    assert due_period(calendar, at(date(2026, 10, 8), 8, 59), config) == (2026, 9)
    assert due_period(calendar, at(date(2026, 10, 8), 9, 0), config) == (2026, 10)
    assert due_period(calendar, at(date(2026, 1, 1), 10), config) == (2025, 12)


@sqlite_only
def test_provisional_due_dates_are_marked(octx):
    """A due date in a year without an official holiday schedule is shown as provisional."""
    ctx = octx
    ctx.clock = FixedClock.on(date(2026, 12, 30))
    procedures.set_status(ctx, CODE, "filing", "rejected", on=date(2026, 12, 29))
    procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 12, 30))
    digest = preview_digest(ctx, "张伟")
    assert "（暂定）" in digest.body


def test_dry_run_counts_without_writing(octx):
    """--dry-run says what would be generated and writes nothing."""
    ctx = octx
    report = generate(ctx, dry_run=True)
    assert {k: v.generated for k, v in report.kinds.items()} == {
        "monthly": 2,
        "overdue": 3,
        "stall": 2,
        "commitment": 0,
    }
    assert keys(ctx) == []


@sqlite_only
def test_future_as_of_is_refused_except_in_a_dry_run(octx):
    """Reminders as of tomorrow would go out today: refused; a dry run may look ahead."""
    ctx = octx
    with pytest.raises(InvalidValueError):
        generate(ctx, at(date(2026, 11, 3)))
    assert generate(ctx, at(date(2026, 11, 3)), dry_run=True).period == "2026-11"


@sqlite_only
def test_unknown_kind_is_refused_with_the_allowed_ones(ctx):
    with pytest.raises(BadKindError) as caught:
        generate(ctx, kind="weekly")
    assert "monthly" in caught.value.render("en")


# --- the overdue ladder ---------------------------------------------------------------------------


def test_ladder_climbs_with_working_days_overdue_each_rung_once(octx):
    """Due Fri 09-04: Monday → direct; five working days → first-responsible; ten → supervisor."""
    ctx = octx
    li, zhang, boss = (person_id(ctx, n) for n in ("李娜", "张伟", "王督办"))
    proc = f"overdue:{_procedure_id(ctx)}:2026-09-04"
    assert generate(ctx, at(date(2026, 9, 4)), kind="overdue").kinds["overdue"].generated == 0
    generate(ctx, at(date(2026, 9, 7)), kind="overdue")
    assert keys(ctx, kind="overdue") == [f"{proc}:0:{li}"]
    report = generate(ctx, at(date(2026, 9, 11)), kind="overdue")
    assert (report.kinds["overdue"].generated, report.kinds["overdue"].existing) == (1, 1)
    generate(ctx, at(date(2026, 9, 18)), kind="overdue")
    again = generate(ctx, at(date(2026, 9, 18)), kind="overdue")
    assert again.kinds["overdue"].generated == 0
    assert keys(ctx, kind="overdue") == sorted(
        [f"{proc}:0:{li}", f"{proc}:1:{zhang}", f"{proc}:2:{boss}"]
    )


@sqlite_only
def test_overdue_reminder_names_procedure_rung_and_responsible_persons(octx):
    """The supervisor is told which procedure, how late, and whom to call."""
    ctx = octx
    generate(ctx, kind="overdue")
    rows, _ = list_reminders(ctx, person="王督办", kind="overdue")
    (row,) = rows
    assert row.title == "【逾期督办】环县 100MW 风电项目：项目备案已逾期 22 个工作日"
    assert "督办层级：第 3 级（市级督办人）" in row.body
    assert "直接责任人：李娜；第一责任人：张伟" in row.body
    assert row.project == CODE


@sqlite_only
def test_resubmission_with_a_new_due_date_escalates_again(octx):
    """Rejected and resubmitted: the new due date starts a new ladder."""
    ctx = octx
    li = person_id(ctx, "李娜")
    generate(ctx, at(date(2026, 9, 7)), kind="overdue")
    procedures.set_status(ctx, CODE, "filing", "rejected", on=date(2026, 9, 8))
    procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 9, 9))
    generate(ctx, at(date(2026, 9, 15)), kind="overdue")
    pid = _procedure_id(ctx)
    assert keys(ctx, kind="overdue") == sorted(
        [f"overdue:{pid}:2026-09-04:0:{li}", f"overdue:{pid}:2026-09-14:0:{li}"]
    )


@sqlite_only
def test_suspended_and_terminated_projects_do_not_escalate(octx):
    """Only P1 escalates: P2 is suspended, P3 terminated."""
    ctx = octx
    generate(ctx, kind="overdue")
    rows, _ = list_reminders(ctx, limit=None)
    assert {r.project for r in rows} == {CODE}


def test_stalled_project_escalates_on_the_same_ladder(octx):
    """No progress since 09-01: stalled after 20 working days, first-responsible after 5 more."""
    ctx = octx
    li, zhang = person_id(ctx, "李娜"), person_id(ctx, "张伟")
    pid = _project_id(ctx, CODE)
    generate(ctx, at(date(2026, 9, 28)), kind="overdue")  # 19 working days idle
    assert keys(ctx, kind="stall") == []
    generate(ctx, at(date(2026, 9, 29)), kind="overdue")  # 20
    assert keys(ctx, kind="stall") == [f"stall:{pid}:2026-09-01:0:{li}"]
    generate(ctx, kind="overdue")  # 10-12: 25 working days
    assert keys(ctx, kind="stall") == sorted(
        [f"stall:{pid}:2026-09-01:0:{li}", f"stall:{pid}:2026-09-01:1:{zhang}"]
    )


@sqlite_only
def test_rung_without_anybody_in_the_role_is_skipped_and_reported(ctx):
    """No direct-responsible and no supervisor: those rungs are reported, never an error."""
    person(ctx, "张伟")
    project(ctx)
    projects.assign(ctx, CODE, "first_responsible", "张伟", on=date(2026, 9, 1))
    projects.advance(ctx, CODE, on=date(2026, 9, 1))
    procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 9, 1))
    report = generate(ctx, kind="overdue")
    assert report.kinds["overdue"].generated == 1
    skipped = {(n.kind, n.rung, n.target) for n in report.no_recipient}
    assert ("overdue", 0, "direct_responsible") in skipped
    assert ("overdue", 2, "supervisor") in skipped


@sqlite_only
def test_configured_supervisors_join_the_last_rung(octx):
    """reminders.supervisors adds named persons; unknown names are reported."""
    ctx = octx
    config = Config(supervisors=("赵六", "无此人"))
    report = generate(ctx, kind="overdue", config=config)
    told = {r.person for r in list_reminders(ctx, limit=None)[0] if r.kind == "overdue"}
    assert told == {"李娜", "张伟", "王督办", "赵六"}
    assert report.unknown_supervisors == ["无此人"]


def test_two_generators_at_once_make_one_digest_per_person(ctx, db_url):
    """Two processes' worth of generators racing on one month: exactly one digest each."""
    names = build_crowd(ctx, 20)
    barrier = threading.Barrier(2)
    reports = []

    def run() -> None:
        other = Context.open(db_url, actor="并发", clock=FixedClock.on(date(2026, 10, 12)))
        try:
            barrier.wait()
            reports.append(generate(other, kind="monthly"))
        finally:
            other.db.dispose()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.kinds["monthly"].generated for r in reports) == len(names)
    assert sum(r.kinds["monthly"].existing for r in reports) == len(names)
    assert len(keys(ctx, kind="monthly")) == len(names)


def _procedure_id(ctx: Context) -> int:
    from sqlalchemy import select

    from qy_landing.store.models import Procedure, Project

    with ctx.db.read() as session:
        return int(
            session.execute(
                select(Procedure.id)
                .join(Project, Project.id == Procedure.project_id)
                .where(Project.code == CODE, Procedure.step == "filing")
            ).scalar_one()
        )


def _project_id(ctx: Context, code: str) -> int:
    from sqlalchemy import select

    from qy_landing.store.models import Project

    with ctx.db.read() as session:
        return int(session.execute(select(Project.id).where(Project.code == code)).scalar_one())


def test_a_corrected_submission_date_does_not_send_the_same_rung_again(octx):
    """A correction moves the due date; reminders already sent keep counting as sent."""
    from qy_landing.services import corrections

    ctx = octx
    generate(ctx, kind="overdue")
    before = keys(ctx, kind="overdue")
    rungs = {tuple(k.split(":")[3:]) for k in before}
    corrections.correct_procedure(ctx, CODE, "filing", on=date(2026, 9, 2), reason="日期录错")
    generate(ctx, kind="overdue")
    after = keys(ctx, kind="overdue")
    again = [k for k in after if tuple(k.split(":")[3:]) in rungs]
    assert len(again) == len(before)
    assert all(":2026-09-04:" not in k for k in after)


def test_a_sheet_contacts_digest_names_the_day_the_progress_sheet_is_due_back(octx):
    """张伟 is 环县's progress-sheet contact: his digest says by when to return the sheet (the
    date the sheet's own e-mail names); 李娜's digest does not."""
    from qy_landing.config import SheetsConfig

    ctx = octx
    sheets = SheetsConfig(contacts={"环县": "张伟"})
    generate(ctx, kind="monthly", config=Config(sheets=sheets))
    (mine,), _ = list_reminders(ctx, person="张伟", kind="monthly")
    deadline = sheets.return_by(ctx.calendar(), ctx.today())
    assert mine.body.endswith(f"本月 环县 项目进度表请于 {deadline.isoformat()} 前交回落地办。")
    (hers,), _ = list_reminders(ctx, person="李娜", kind="monthly")
    assert "progress sheet" not in hers.body and "进度表" not in hers.body
