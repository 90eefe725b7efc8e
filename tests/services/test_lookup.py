"""Small read-only lookups for the terminal: a month of working days, a project's step names."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.errors import ProjectNotFoundError
from qy_landing.services import calendar, lookup
from tests.builders import CODE, project


def test_october_2026_shows_national_day_and_working_days(ctx):
    """The National Day week is a holiday with its name; 8 October is the first working day."""
    days = {d.day: d for d in lookup.month_days(ctx, 2026, 10)}
    assert len(days) == 31
    first = days[date(2026, 10, 1)]
    assert (first.workday, first.kind, first.holiday_zh) == (False, "holiday", "国庆节")
    assert first.as_dict()["holiday"]["en"]
    assert next(d for d in sorted(days) if days[d].workday) == date(2026, 10, 8)
    assert days[date(2026, 10, 12)].kind == "workday"
    assert not any(d.provisional for d in days.values())


def test_office_overrides_show_as_closed_or_opened_with_their_note(ctx):
    """A closure and an opened weekend day are marked as the office's own, with the note."""
    calendar.set_override(ctx, date(2026, 11, 3), workday=False, note="停电")
    calendar.set_override(ctx, date(2026, 11, 8), workday=True, note="集中办公")
    days = {d.day: d for d in lookup.month_days(ctx, 2026, 11)}
    assert (days[date(2026, 11, 3)].kind, days[date(2026, 11, 3)].note) == ("closed", "停电")
    assert (days[date(2026, 11, 8)].kind, days[date(2026, 11, 8)].workday) == ("opened", True)
    assert days[date(2026, 11, 7)].kind == "weekend"


def test_a_year_without_an_official_schedule_is_provisional(ctx):
    """2027 has no published schedule yet: its days say so."""
    days = lookup.month_days(ctx, 2027, 3)
    assert days and all(d.provisional for d in days)


def test_step_names_come_from_the_projects_workflow_version(ctx):
    """Step keys map to their names in the reader's language."""
    project(ctx)
    assert lookup.step_names(ctx, CODE, "zh")["filing"] == "项目备案"
    assert lookup.step_names(ctx, CODE, "en")["filing"] == "Project filing"
    with pytest.raises(ProjectNotFoundError):
        lookup.step_names(ctx, "nope")
