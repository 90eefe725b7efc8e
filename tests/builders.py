"""Small builders that keep tests short and readable."""

from __future__ import annotations

from datetime import date
from typing import Any

from qy_landing.services import people, projects
from qy_landing.services.context import Context

CODE = "2601-621022-04-01-123456"


def person(ctx: Context, name: str = "张伟", unit: str = "环县", **extra: Any) -> Any:
    return people.add_person(ctx, people.PersonInput(name=name, unit=unit, **extra))


def project(ctx: Context, code: str = CODE, **overrides: Any) -> Any:
    """A signed project in 环县 (no new land, small energy use) unless told otherwise."""
    values: dict[str, Any] = {
        "code": code,
        "name": "环县 100MW 风电项目",
        "investor": "甘肃某新能源有限公司",
        "unit": "环县",
        "chain": "energy",
        "amount": "12.5",
        "signed_on": date(2026, 7, 10),
        "signing_event": "第三十届兰洽会",
    }
    values.update(overrides)
    return projects.create_project(ctx, projects.ProjectInput(**values))


def approve(ctx: Context, code: str, step: str, on: date, approved: date | None = None) -> None:
    from qy_landing.services import procedures

    procedures.set_status(ctx, code, step, "submitted", on=on)
    procedures.set_status(ctx, code, step, "approved", on=approved or on)
