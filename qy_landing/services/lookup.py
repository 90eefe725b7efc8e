"""Small read functions the terminal needs beyond the main services (owned by the CLI).

Pure reads: no writes, no audit events.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from qy_landing.calendar import is_official_year
from qy_landing.services.calendar import list_overrides
from qy_landing.services.context import Context

# The kinds of day a month view tells apart.
DAY_KINDS = ("workday", "weekend", "holiday", "makeup", "closed", "opened")


@dataclass(frozen=True)
class CalendarDay:
    """One day of a month view: working or not, and why."""

    day: date
    workday: bool
    kind: str  # one of DAY_KINDS; closed/opened are the office's own overrides
    holiday_zh: str | None
    holiday_en: str | None
    note: str | None  # the office override's note
    provisional: bool  # the year has no official schedule yet: weekends only

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "workday": self.workday,
            "kind": self.kind,
            "holiday": {"zh": self.holiday_zh, "en": self.holiday_en} if self.holiday_en else None,
            "note": self.note,
            "provisional": self.provisional,
        }


def _holiday_names(day: date) -> tuple[str | None, str | None]:
    """The official holiday a day belongs to (also for its make-up working days)."""
    import chinese_calendar

    if not is_official_year(day.year):
        return None, None
    try:
        _on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:  # pragma: no cover - guarded by is_official_year
        return None, None
    if not name:
        return None, None
    for holiday in chinese_calendar.Holiday:
        if holiday.value == name:
            return str(holiday.chinese), str(name)
    return str(name), str(name)


def month_days(ctx: Context, year: int, month: int) -> list[CalendarDay]:
    """Every day of ``year-month`` as this office counts working days."""
    calendar = ctx.calendar()
    notes = {
        o.day: o.note for o in list_overrides(ctx) if o.day.year == year and o.day.month == month
    }
    overrides = calendar.overrides
    provisional = not is_official_year(year)
    days: list[CalendarDay] = []
    for number in range(1, _stdlib_calendar.monthrange(year, month)[1] + 1):
        day = date(year, month, number)
        workday = calendar.is_workday(day)
        weekend = day.weekday() >= 5
        zh, en = _holiday_names(day)
        if day in overrides:
            kind = "opened" if workday else "closed"
        elif workday:
            kind = "makeup" if weekend else "workday"
        elif zh is not None:
            kind = "holiday"
        else:
            kind = "weekend" if weekend else "holiday"
        days.append(CalendarDay(day, workday, kind, zh, en, notes.get(day), provisional))
    return days


def step_names(ctx: Context, code: str, lang: str = "zh") -> dict[str, str]:
    """Procedure key -> its name in ``lang``, from the definition version the project uses."""
    from qy_landing.services.definitions import get_definition
    from qy_landing.services.project_views import find_project

    with ctx.db.read() as session:
        project = find_project(session, code)
        definition = get_definition(session, project.workflow, project.workflow_version)
    return {step.key: step.name.get(lang) for step in definition.steps}
