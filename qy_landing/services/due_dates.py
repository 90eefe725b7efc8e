"""Due dates derived from the audit trail: counted by the step's statutory clock.

A procedure's due date is never typed in: it follows from its status history (the
``procedure`` events of its current round), the step's ``clock`` rule and the working-day
calendar (workflow/clock.py). It is recounted whenever the procedure changes status, and
for every open procedure when the calendar changes (an office override, or a newer
official schedule: :func:`qy_landing.services.calendar.refresh_due_dates`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select, true
from sqlalchemy.engine import Connection

from qy_landing.calendar import WorkCalendar
from qy_landing.services.changes import ProcedureRecord, ProjectChange
from qy_landing.services.context import Context
from qy_landing.services.replay import EVENT_COLUMNS, VOID, EventRow, live_events
from qy_landing.store.models import Event, table_of
from qy_landing.workflow.clock import DueCount, count_due, current_round
from qy_landing.workflow.definition import Step

History = list[tuple[date, str, str, str | None]]


def stored_history(connection: Connection, project_id: int, step: str) -> History:
    """``(effective_on, old, new, note)`` of a procedure's status changes that count, in
    replay order: corrected and undone events left out, a correction in its original's
    place (services/replay.py); events recorded under a key the step had before a workflow
    migration renamed it included."""
    event = table_of(Event)
    # one statement: the renames and the status events together
    rows = [
        EventRow(**row._mapping)
        for row in connection.execute(
            select(*(event.c[c] for c in EVENT_COLUMNS))
            .where(
                event.c.project_id == project_id,
                or_(
                    event.c.action == "procedure_renamed",
                    and_(
                        event.c.entity == "procedure",
                        event.c.action.in_(("procedure", VOID)),
                    ),
                ),
            )
            .order_by(event.c.id)
        )
    ]
    history = history_of(rows, step)
    assert history is not None  # every step's events were read
    return history


def history_of(rows: Sequence[EventRow], step: str, *, all_steps: bool = True) -> History | None:
    """The history of ``step`` from ``rows`` (status events and step renames, in id order).

    With ``all_steps=False`` the rows hold the events of ``step`` only (as the change path
    reads them): None if ``step`` had other keys before a rename (their events are missing).
    """
    renames = [(e.old, e.new) for e in rows if e.action == "procedure_renamed"]
    keys = {step}
    while renames:
        more = {old for old, new in renames if new in keys and old} - keys
        if not more:
            break
        if not all_steps:
            return None
        keys |= more
    rows = [e for e in rows if e.action != "procedure_renamed" and e.field in keys]
    live = live_events(rows)
    return [(e.effective_on, e.old or "", e.new or "", e.note) for e in live]


def _pending(events: Sequence[dict[str, Any]], step: str) -> History:
    return [
        (e["effective_on"], e["old"] or "", e["new"] or "", e["note"])
        for e in events
        if e["entity"] == "procedure" and e["action"] == "procedure" and e["field"] == step
    ]


def count_for(
    calendar: WorkCalendar, step: Step, limit: int, history: History, as_of: date | None = None
) -> DueCount:
    """The due count of a procedure of ``step`` with this status history."""
    return count_due(calendar, step.clock, limit, current_round(history), as_of=as_of)


def recount(ctx: Context, change: ProjectChange, procedure: ProcedureRecord) -> DueCount:
    """Set ``procedure``'s due date from its history (stored and this change's events).

    The stored history comes with the change when it was read for this step
    (``change_project(..., history_of=step)``); else it is read here.
    """
    read = change.stored_events(procedure.step)
    history = None if read is None else history_of(read, procedure.step, all_steps=False)
    if history is None:
        history = stored_history(change.connection, change.project.id, procedure.step)
    history += _pending(change.events, procedure.step)
    step = change.definition.step_by_key[procedure.step]
    counted = count_for(change.calendar(), step, procedure.limit_days, history)
    procedure.due_on = counted.due
    procedure.due_provisional = counted.provisional
    return counted


@dataclass(frozen=True)
class MovedDue:
    """A due date the calendar moved."""

    code: str
    step: str
    old: date | None
    new: date | None
    on: date  # when the calendar change was recorded (effective)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "step": self.step, "old": self.old, "new": self.new}


def running_over(due_from: date) -> Any:
    """The ids of the running procedures due on or after ``due_from`` (what a calendar
    change there may move), in id order."""
    from qy_landing.store.models import Procedure
    from qy_landing.vocabulary import RUNNING_STATUSES

    procedure = table_of(Procedure)
    return (
        select(procedure.c.id)
        .where(
            procedure.c.status.in_(sorted(RUNNING_STATUSES)),
            procedure.c.due_on >= due_from,
        )
        .order_by(procedure.c.id)
    )


def recount_open(
    ctx: Context,
    connection: Connection,
    calendar: WorkCalendar,
    *,
    due_from: date,
    note: str,
    ids: Sequence[int] | None = None,
) -> list[MovedDue]:
    """Recount every running procedure due on or after ``due_from`` with ``calendar``
    (only those of ``ids`` when given: a batch of :func:`running_over`).

    Each due date that moves is written with a ``due_changed`` audit event (``note`` says
    why); a due date before ``due_from`` cannot cross a day changed on or after it.
    """
    from sqlalchemy import update

    from qy_landing.services.definitions import get_definition
    from qy_landing.store.models import Procedure, Project
    from qy_landing.vocabulary import RUNNING_STATUSES

    procedure, project, event = table_of(Procedure), table_of(Project), table_of(Event)
    rows = connection.execute(
        select(
            procedure.c.id,
            procedure.c.project_id,
            procedure.c.step,
            procedure.c.limit_days,
            procedure.c.due_on,
            procedure.c.due_provisional,
            project.c.code,
            project.c.workflow,
            project.c.workflow_version,
        )
        .join(project, project.c.id == procedure.c.project_id)
        .where(
            procedure.c.status.in_(sorted(RUNNING_STATUSES)),
            procedure.c.due_on >= due_from,
            procedure.c.id.in_(ids) if ids is not None else true(),
        )
        .order_by(procedure.c.id)
    ).all()
    moved: list[MovedDue] = []
    now, today = ctx.clock.now(), ctx.today()
    for row in rows:
        definition = get_definition(connection, row.workflow, row.workflow_version)
        step = definition.step_by_key.get(row.step)
        if step is None:
            continue
        history = stored_history(connection, row.project_id, row.step)
        counted = count_for(calendar, step, row.limit_days, history)
        if counted.due == row.due_on and counted.provisional == row.due_provisional:
            continue
        connection.execute(
            update(procedure)
            .where(procedure.c.id == row.id)
            .values(due_on=counted.due, due_provisional=counted.provisional)
        )
        if counted.due != row.due_on:
            connection.execute(
                event.insert().values(
                    project_id=row.project_id,
                    entity="procedure",
                    entity_id=row.id,
                    action="due_changed",
                    field=row.step,
                    old=None if row.due_on is None else row.due_on.isoformat(),
                    new=None if counted.due is None else counted.due.isoformat(),
                    actor=ctx.actor,
                    recorded_at=now,
                    effective_on=today,
                    note=note,
                )
            )
            moved.append(MovedDue(row.code, row.step, row.due_on, counted.due, today))
    return moved
