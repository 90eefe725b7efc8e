"""Small hand-built data sets for the report tests (clock: 2026-10-12, a Monday)."""

from __future__ import annotations

from datetime import date
from typing import Any

from qy_landing.services import problems, procedures, projects
from qy_landing.services.context import Context
from tests.builders import person, project

# The steps of a project in 环县 without new land (see workflows/standard.yaml), in an
# order that respects their dependencies.
PLAIN_STEPS = (
    "filing",
    "eia_form",
    "soil_water",
    "construction_planning",
    "drawing_review",
    "construction_permit",
)


def code(n: int, region: str = "621022") -> str:
    """A national project code (region 环县 by default) ending in ``n``."""
    return f"2601-{region}-04-01-{n:06d}"


def add(ctx: Context, n: int, **values: Any) -> str:
    """Register project ``n`` and give back its code."""
    values.setdefault("code", code(n))
    values.setdefault("name", f"测试项目{n}")
    project(ctx, **values)
    return str(values["code"])


def approve_all(ctx: Context, project_code: str, on: date) -> None:
    for step in PLAIN_STEPS:
        procedures.set_status(ctx, project_code, step, "submitted", on=on)
        procedures.set_status(ctx, project_code, step, "approved", on=on)


def start(ctx: Context, project_code: str, on: date, approved_on: date | None = None) -> None:
    """Approve every procedure (on ``approved_on``, else ``on``) and start on ``on``."""
    approve_all(ctx, project_code, approved_on or on)
    for _ in range(6):
        result = projects.advance(ctx, project_code, on=on)
        if result.state == "started":
            return
    raise AssertionError(f"{project_code} did not start")


def people(ctx: Context) -> None:
    person(ctx, "张伟", "环县")
    person(ctx, "李娜", "环县")
    person(ctx, "王强", "西峰区")


WEST = "621002"  # 西峰区


def october_office(ctx: Context) -> Context:
    """Projects in and out of October 2026's pack (clock: 2026-10-12)."""
    people(ctx)
    # 1: 环县, in flight: filing overdue, EIA approved in October, soil plan due 10-23,
    #    a problem opened in October, persons assigned
    add(ctx, 1, signed_on=date(2026, 9, 1), first_responsible=["张伟"], direct_responsible=["李娜"])
    procedures.set_status(ctx, code(1), "filing", "submitted", on=date(2026, 9, 25))
    procedures.set_status(ctx, code(1), "eia_form", "submitted", on=date(2026, 9, 1))
    procedures.set_status(ctx, code(1), "eia_form", "approved", on=date(2026, 10, 9))
    procedures.set_status(ctx, code(1), "soil_water", "submitted", on=date(2026, 10, 9))
    problems.open_problem(ctx, code(1), "用地指标未落实", on=date(2026, 10, 8))
    # 2: 西峰区, started in October
    add(ctx, 2, code=code(2, WEST), unit="西峰区", signed_on=date(2026, 3, 2))
    start(ctx, code(2, WEST), date(2026, 10, 9), approved_on=date(2026, 9, 1))
    # 3: started in September: landed before the month, not in the pack
    add(ctx, 3, signed_on=date(2026, 3, 2))
    start(ctx, code(3), date(2026, 9, 10))
    # 4 terminated in October (in), 5 terminated in September (out), 6 suspended (in)
    for n in (4, 5, 6):
        add(ctx, n, signed_on=date(2026, 6, 1), name=f"项目{n}<script>alert(1)</script>")
    projects.terminate(ctx, code(4), reason="企业撤资", on=date(2026, 10, 8))
    projects.terminate(ctx, code(5), reason="企业撤资", on=date(2026, 9, 8))
    projects.suspend(ctx, code(6), reason="资金未到位", on=date(2026, 9, 8))
    return ctx
