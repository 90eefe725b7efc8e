"""Small hand-built data sets for the report tests (clock: 2026-10-12, a Monday)."""

from __future__ import annotations

from datetime import date
from typing import Any

from qy_landing.services import procedures, projects
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
