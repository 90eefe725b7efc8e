"""Shared pieces of the reports: working-day cut-offs, months, funnel stages, safe cells."""

from __future__ import annotations

from datetime import date

from qy_landing.calendar import WorkCalendar
from qy_landing.reports.common import (
    chunked,
    cutoff,
    month_bounds,
    months_back,
    neutralise,
    stage_of,
    unit_loads,
    workdays_from,
)
from qy_landing.services.definitions import stored_definitions
from tests.builders import CODE, project

CALENDAR = WorkCalendar()


def test_a_working_day_threshold_becomes_a_date_comparison():
    """`since < cutoff(as_of, n)` exactly when at least n working days lie between."""
    as_of = date(2026, 10, 12)  # the Monday after National Day
    for n in (1, 3, 10):
        edge = cutoff(CALENDAR, as_of, n)
        assert CALENDAR.workdays_between(edge, as_of) < n
        assert CALENDAR.workdays_between(date.fromordinal(edge.toordinal() - 1), as_of) >= n
    assert cutoff(CALENDAR, as_of, 0) == date(2026, 10, 13)
    assert workdays_from(CALENDAR, date(2026, 10, 9), date(2026, 10, 12)) == 3  # 9, 10 (调休), 12


def test_months_are_counted_back_across_a_year():
    """The months of a period, oldest first, and a month's first and last day."""
    assert months_back(date(2026, 2, 17), 3) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert month_bounds(date(2026, 2, 17)) == (date(2026, 2, 1), date(2026, 2, 28))


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_kept_as_text():
    """=, +, -, @ at the start get Excel's own text marker; other text is untouched."""
    assert [neutralise(t) for t in ("=SUM(A1)", "+86", "@x", "环县", "")] == [
        "'=SUM(A1)",
        "'+86",
        "'@x",
        "环县",
        "",
    ]
    assert list(chunked(range(5), 2)) == [[0, 1], [2, 3], [4]]


def test_stages_and_unit_loads_follow_the_stored_definitions(ctx):
    """A signed project is at the first funnel stage; its unit counts one active project."""
    created = project(ctx)
    with ctx.db.read() as session:
        definitions = stored_definitions(session)
        name, version = created.workflow, created.workflow_version
        assert stage_of(definitions, name, version, "signed", None) == 0
        assert stage_of(definitions, name, version, "city", None) == 2
        assert stage_of(definitions, name, version, "terminated", None) == -1
        assert stage_of(definitions, "no-such-workflow", 1, "signed", None) == -1
        loads = unit_loads(session, {"signed"}, date(2026, 11, 27))
    assert [(load.unit, load.active) for load in loads] == [("环县", 1)]
    assert CODE  # the builder's project
