"""Checks that a generated database is one the library accepts as its own.

:func:`inspect` reads a generated database with plain SQL and through the library and
returns its shape (:class:`Shape`) plus every inconsistency found: a procedure started
before its dependencies were done, a due date other than ``WorkCalendar.deadline``, a
level left with procedures not done, a date after the run's "today", a row the
library cannot read back.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from benchmarks.common import AS_OF, context, is_sqlite, pg_connect, sqlite_connect

LEVEL_ORDER = ("provincial", "city", "county")
# how many levels a project in a state has left behind
LEVELS_DONE = {"signed": 0, "provincial": 0, "city": 1, "county": 2, "started": 3}


@dataclass
class Shape:
    projects: int = 0
    persons: int = 0
    states: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    procedures_per_project: tuple[int, int] = (0, 0)
    persons_per_project: tuple[int, int] = (0, 0)
    events: int = 0
    overdue: int = 0
    stalled: int = 0
    open_problems: int = 0
    workflows: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    if is_sqlite(url):
        connection = sqlite_connect(url)
        try:
            return [tuple(r) for r in connection.execute(sql).fetchall()]
        finally:
            connection.close()
    with pg_connect(url) as connection:
        return [tuple(r) for r in connection.execute(sql).fetchall()]


def _day(value: Any) -> date:
    if isinstance(value, str):
        return date.fromisoformat(value)
    assert isinstance(value, date), value
    return value


def inspect(url: str, *, sample: int = 50, limit_problems: int = 20) -> Shape:
    """The shape of the database at ``url`` and the inconsistencies found (all projects)."""
    from qy_landing.services.definitions import get_definition
    from qy_landing.services.project_views import show_project
    from qy_landing.vocabulary import DONE_STATUSES, RUNNING_STATUSES

    shape = Shape()
    problems = shape.problems

    def problem(text: str) -> None:
        if len(problems) < limit_problems:
            problems.append(text)

    today = AS_OF.isoformat()
    shape.persons = _rows(url, "SELECT count(*) FROM person")[0][0]
    shape.events = _rows(url, 'SELECT count(*) FROM "event"')[0][0]
    projects = _rows(
        url,
        "SELECT id, code, state, suspended_from, workflow, workflow_version, signed_on, "
        "state_since, last_progress_on, amount FROM project ORDER BY id",
    )
    shape.projects = len(projects)
    procedures: dict[int, list[tuple[Any, ...]]] = {}
    for row in _rows(
        url,
        "SELECT project_id, step, level, status, submitted_on, approved_on, due_on, limit_days, "
        'due_provisional FROM "procedure" ORDER BY id',
    ):
        procedures.setdefault(row[0], []).append(row)
    persons = Counter(r[0] for r in _rows(url, "SELECT project_id FROM assignment"))
    shape.open_problems = _rows(url, "SELECT count(*) FROM problem WHERE resolved_on IS NULL")[0][0]
    ctx = context(url)
    calendar = ctx.calendar()
    definitions: dict[tuple[str, int], Any] = {}
    counts = []
    for (
        pid,
        code,
        state,
        suspended_from,
        workflow,
        version,
        signed,
        since,
        last,
        _amount,
    ) in projects:
        shape.states[state] += 1
        shape.workflows[workflow] += 1
        key = (workflow, version)
        if key not in definitions:
            with ctx.db.read() as session:
                definitions[key] = get_definition(session, workflow, version)
        definition = definitions[key]
        rows = procedures.get(pid, [])
        counts.append(len(rows))
        statuses = {r[1]: r[3] for r in rows}
        for d in (signed, since, last):
            if str(d) > today:
                problem(f"{code}: a date after today ({d})")
        if _day(last) < _day(signed):
            problem(f"{code}: progress before signing")
        if state not in ("started", "terminated", "suspended") and last is not None:
            idle = calendar.workdays_between(_day(last), AS_OF)
            if idle >= definition.idle_days:
                shape.stalled += 1
        where = suspended_from or state
        done = LEVELS_DONE.get(where)
        for _pid, step, level, status, submitted, approved, due, limit, provisional in rows:
            shape.statuses[status] += 1
            found = definition.step_by_key.get(step)
            if found is None:
                problem(f"{code}: unknown step {step}")
                continue
            if status not in ("pending", "waived"):
                for dep in found.depends_on:
                    if dep in statuses and statuses[dep] not in DONE_STATUSES:
                        problem(f"{code}: {step} is {status} while {dep} is {statuses[dep]}")
            if submitted is not None:
                deadline = calendar.deadline(_day(submitted), limit)
                if _day(due) != deadline.due or bool(provisional) != deadline.provisional:
                    problem(f"{code}: {step} due {due}, the calendar says {deadline.due}")
                late = status in RUNNING_STATUSES and _day(due) < AS_OF
                if late and state not in ("suspended", "terminated"):
                    shape.overdue += 1
            if approved is not None and str(approved) > today:
                problem(f"{code}: {step} approved after today")
            if done and LEVEL_ORDER.index(level) < done and status not in DONE_STATUSES:
                problem(f"{code}: in {where} with {level} step {step} {status}")
    if counts:
        shape.procedures_per_project = (min(counts), max(counts))
    per_project = [persons.get(p[0], 0) for p in projects]
    if per_project:
        shape.persons_per_project = (min(per_project), max(per_project))
    # the library reads a sample back: every field decodes, amounts are exact 万元
    step = max(1, len(projects) // sample)
    for pid, code, *_rest, amount in projects[::step]:
        view = show_project(ctx, code).as_dict()
        if Decimal(str(view["amount"])) * 10000 != int(amount):
            problem(f"{code}: amount {view['amount']} read back for {amount} 万元")
        if len(view["procedures"]) != len(procedures.get(pid, [])):
            problem(f"{code}: the library shows another number of procedures")
    ctx.db.dispose()
    return shape
