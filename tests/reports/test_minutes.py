"""The dispatch meeting's minutes (会议纪要) and the task lists (交办单) sent once per person."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from qy_landing.clock import FixedClock
from qy_landing.reminders.deliver import list_reminders
from qy_landing.reports.minutes import (
    build_minutes,
    markdown,
    send_task_lists,
    write_html,
    write_xlsx,
)
from qy_landing.services import commitments, meetings
from qy_landing.services.context import Context
from tests.builders import CODE
from tests.meeting_office import CODE2, build_meeting_office


@pytest.fixture
def held(db_url):
    """The November meeting held with 张伟: two projects gone through, a note, two promises."""
    ctx = Context.open(db_url, actor="测试员", clock=FixedClock.on(date(2026, 11, 10)))
    build_meeting_office(ctx)
    meetings.visit(ctx, "2026-11", "person:1", CODE)
    meetings.visit(ctx, "2026-11", "person:1", CODE2)
    meetings.add_note(ctx, CODE, "县政府牵头，月底前解决用地指标", "2026-11")
    commitments.add_commitment(
        ctx, CODE, "取得用地预审意见", "张伟", "2026-11-30", meeting="2026-11"
    )
    commitments.add_commitment(ctx, CODE2, "提交项目备案", "张伟", "5", meeting="2026-11")
    yield ctx
    ctx.db.dispose()


def test_minutes_per_person_with_projects_notes_and_commitments(held):
    """One section for 张伟: both projects, the decision, the commitments with due dates."""
    found = build_minutes(held, "2026-11")
    assert [s.name for s in found.sections] == ["张伟"]
    section = found.sections[0]
    assert list(section.projects) == [CODE, CODE2]
    assert [n.text for n in section.notes] == ["县政府牵头，月底前解决用地指标"]
    assert [(c.text, c.due_on) for c in section.commitments] == [
        ("提交项目备案", date(2026, 11, 17)),
        ("取得用地预审意见", date(2026, 11, 30)),
    ]
    text = markdown(found, "zh")
    assert text.startswith("# 2026 年 11 月 一对一项目调度会会议纪要\n")
    assert "## 1. 张伟（环县）" in text
    assert "- 环县 100MW 风电项目：县政府牵头，月底前解决用地指标" in text
    assert "| 2 | 环县 100MW 风电项目 | 取得用地预审意见 | 张伟 | 2026-11-30 |" in text


def test_minutes_as_print_ready_html_and_xlsx(held):
    """HTML carries the page setup and escaped text; the xlsx reads back with openpyxl."""
    found = build_minutes(held, "2026-11")
    page = io.BytesIO()
    write_html(found, page, "en")
    html = page.getvalue().decode("utf-8")
    assert "@page { size: A4" in html and "<h2>1. 张伟 (环县)</h2>" in html
    assert "<td>取得用地预审意见</td>" in html
    book = io.BytesIO()
    assert write_xlsx(found, book, "zh") == 5
    sheet = openpyxl.load_workbook(io.BytesIO(book.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))[1:]  # after the title row
    assert sheet["A1"].value == "2026 年 11 月 一对一项目调度会会议纪要  全部单位  截至 2026-11-10"
    assert rows[0] == ("人员", "单位", "类别", "项目代码", "项目名称", "内容", "时限")
    assert rows[3][2:6] == ("决定", CODE, "环县 100MW 风电项目", "县政府牵头，月底前解决用地指标")
    assert rows[5][5] == "#2 取得用地预审意见（张伟）" and rows[5][6].date() == date(2026, 11, 30)


def test_task_lists_go_once_per_person_and_meeting(held):
    """Sending twice queues one task list for 张伟, listing both commitments."""
    first = send_task_lists(held, "2026-11")
    second = send_task_lists(held, "2026-11")
    assert (first.generated, first.existing, second.generated, second.existing) == (1, 0, 0, 1)
    rows, _ = list_reminders(held, limit=None, kind="tasks")
    assert [(r.key, r.person) for r in rows] == [("tasks:1:2026-11", "张伟")]
    assert "1. 提交项目备案" in rows[0].body and "2. 取得用地预审意见" in rows[0].body
