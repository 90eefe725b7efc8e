"""What the reports share: working-day cut-off dates, months, landing stages (of the stored
workflow definitions, :mod:`qy_landing.services.definitions`), and the neutralising of
spreadsheet cells.

Reports scan every project, so they never load one ORM object per project: they read
plain rows from set-based queries and do per-row work in Python only where SQL cannot
(working days). Working-day thresholds are turned into *dates* first, so SQL can filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Table, func, select
from sqlalchemy.orm import Session

from qy_landing.calendar import WorkCalendar
from qy_landing.services.definitions import StoredDefinitions
from qy_landing.vocabulary import RUNNING_STATUSES

T = TypeVar("T")


def _table(model: type) -> Table:
    table = model.__dict__.get("__table__")
    assert isinstance(table, Table)
    return table


def _tables() -> dict[str, Table]:
    from qy_landing.store import models

    return {
        name: _table(getattr(models, model))
        for name, model in (
            ("project", "Project"),
            ("unit", "Unit"),
            ("procedure", "Procedure"),
            ("problem", "Problem"),
            ("assignment", "Assignment"),
            ("person", "Person"),
            ("event", "Event"),
            ("funds", "FundsRecord"),
            ("workflow", "WorkflowVersion"),
        )
    }


# The tables as SQLAlchemy Core objects: reports read plain rows, never ORM objects.
TABLES = _tables()
PROJECT = TABLES["project"]
UNIT = TABLES["unit"]
PROCEDURE = TABLES["procedure"]
PROBLEM = TABLES["problem"]
ASSIGNMENT = TABLES["assignment"]
PERSON = TABLES["person"]
EVENT = TABLES["event"]
FUNDS = TABLES["funds"]
WORKFLOW = TABLES["workflow"]

# The landing funnel: signed → provincial → city → county → started.
STAGES = ("signed", "provincial", "city", "county", "started")


def owner_column(attribute: str) -> ColumnElement[Any]:
    """The unit a project counts for: its landing unit, or who introduced it."""
    if attribute == "introducing":
        return func.coalesce(PROJECT.c.introducing_unit_id, PROJECT.c.unit_id)
    return PROJECT.c.unit_id


def cutoff(calendar: WorkCalendar, as_of: date, n: int) -> date:
    """The date ``c`` with ``workdays_between(s, as_of) >= n`` exactly when ``s < c``.

    ``c`` is the ``n``-th working day on or before ``as_of`` (``as_of + 1 day`` for
    ``n <= 0``), so a working-day threshold becomes a plain date comparison in SQL.
    """
    if n <= 0:
        return as_of + timedelta(days=1)
    return calendar.add_workdays(as_of + timedelta(days=1), -n)


def workdays_from(calendar: WorkCalendar, since: date, as_of: date) -> int:
    """Working days ``d`` with ``since <= d <= as_of`` (both ends counted)."""
    return max(0, calendar.workdays_between(since - timedelta(days=1), as_of))


def month_bounds(day: date) -> tuple[date, date]:
    """The first and the last day of ``day``'s month."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def month_label(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_back(last: date, count: int) -> list[date]:
    """The first days of the ``count`` months ending with ``last``'s month, oldest first."""
    year, month = last.year, last.month
    result = []
    for _ in range(count):
        result.append(date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(result))


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def stage_of(
    definitions: StoredDefinitions, name: str, version: int, state: str, suspended_from: str | None
) -> int:
    """The furthest funnel stage (index into STAGES) a project in ``state`` has reached.

    A suspended project counts where it was suspended; a terminated one gives -1.
    """
    definition = definitions.get(name, version)
    if definition is None:
        return -1
    found = definition.state_by_name.get(state)
    if found is not None and found.kind == "suspended" and suspended_from:
        found = definition.state_by_name.get(suspended_from)
    if found is None:
        return -1
    if found.initial:
        return 0
    if found.level is not None:
        return STAGES.index(found.level) if found.level in STAGES else 0
    if found.final:
        forward = any(
            found.name == t.dest and definition.is_forward(t) for t in definition.transitions
        )
        return STAGES.index("started") if forward else -1
    return 0


# --- spreadsheet cells -----------------------------------------------------------------------

# A text cell starting with one of these can become a formula in a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text that no spreadsheet program turns into a formula (OWASP CSV injection).

    A leading ``'`` is what Excel itself uses to keep a cell as text.
    """
    if text and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


@dataclass(frozen=True)
class UnitLoad:
    """A unit's active projects and their running and overdue procedures as of a date."""

    unit_id: int
    unit: str
    active: int = 0
    running: int = 0
    overdue: int = 0


def unit_loads(session: Session, active_states: Iterable[str], as_of: date) -> list[UnitLoad]:
    """Per unit: projects in an active state signed by ``as_of``, their procedures running
    and those of them past due. Units without active projects are left out."""
    from sqlalchemy import case, func

    states = sorted(active_states)
    active = {
        unit_id: (name, int(count))
        for unit_id, name, count in session.execute(
            select(UNIT.c.id, UNIT.c.name, func.count())
            .join(UNIT, UNIT.c.id == PROJECT.c.unit_id)
            .where(PROJECT.c.state.in_(states), PROJECT.c.signed_on <= as_of)
            .group_by(UNIT.c.id, UNIT.c.name)
        )
    }
    procedures = {
        unit_id: (int(running), int(overdue or 0))
        for unit_id, running, overdue in session.execute(
            select(
                PROJECT.c.unit_id,
                func.count(),
                func.sum(case((PROCEDURE.c.due_on < as_of, 1), else_=0)),
            )
            .select_from(PROCEDURE)
            .join(PROJECT, PROJECT.c.id == PROCEDURE.c.project_id)
            .where(
                PROCEDURE.c.status.in_(sorted(RUNNING_STATUSES)),
                PROJECT.c.state.in_(states),
                PROJECT.c.signed_on <= as_of,
            )
            .group_by(PROJECT.c.unit_id)
        )
    }
    return [
        UnitLoad(unit_id, name, count, *procedures.get(unit_id, (0, 0)))
        for unit_id, (name, count) in active.items()
    ]
