"""A small office for the dispatch-meeting tests: two persons, three open projects."""

from __future__ import annotations

from datetime import date

from qy_landing.services import commitments, problems, procedures, projects
from qy_landing.services.context import Context
from tests.builders import CODE, person, project

CODE2 = "2601-621022-04-01-223456"
CODE3 = "2601-621002-04-01-323456"


def build_meeting_office(ctx: Context) -> None:
    """张伟 (环县) is first-responsible for two 环县 projects, 王芳 (西峰区) for one.

    CODE's filing is overdue since 2026-09-04, a problem is open, and 张伟 promised at the
    October meeting to settle the land quota by 10-20 (not done); CODE2 is only signed.
    """
    person(ctx, "张伟")
    person(ctx, "王芳", unit="西峰区")
    project(ctx)
    project(ctx, code=CODE2, name="环县数据中心项目")
    project(ctx, code=CODE3, name="西峰区光伏项目", unit="西峰区")
    on = date(2026, 9, 1)
    for code in (CODE, CODE2):
        projects.assign(ctx, code, "first_responsible", "张伟", on=on)
    projects.assign(ctx, CODE3, "first_responsible", "王芳", on=on)
    projects.advance(ctx, CODE, on=on)
    procedures.set_status(ctx, CODE, "filing", "submitted", on=on)
    problems.open_problem(ctx, CODE, "用地指标未落实", on=on)
    commitments.add_commitment(
        ctx, CODE, "协调落实用地指标", "张伟", "2026-10-20", on=date(2026, 10, 9), meeting="2026-10"
    )
