"""Due dates derived from the audit trail: counted by the step's statutory clock.

A procedure's due date is never typed in: it follows from its status history (the
``procedure`` events of its current round), the step's ``clock`` rule and the working-day
calendar (workflow/clock.py). It is recounted whenever the procedure changes status, and
for every open procedure when the calendar changes (an office override, or a newer
official schedule: :func:`qy_landing.services.calendar.refresh_due_dates`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from qy_landing.calendar import WorkCalendar
from qy_landing.services.changes import ProcedureRecord, ProjectChange
from qy_landing.services.context import Context
from qy_landing.store.models import Event, table_of
from qy_landing.workflow.clock import DueCount, count_due, current_round
from qy_landing.workflow.definition import Step

History = list[tuple[date, str, str, str | None]]


def stored_history(connection: Connection, project_id: int, step: str) -> History:
    """``(effective_on, old, new, note)`` of a procedure's status changes, as recorded."""
    event = table_of(Event)
    rows = connection.execute(
        select(event.c.effective_on, event.c.old, event.c.new, event.c.note)
        .where(
            event.c.project_id == project_id,
            event.c.entity == "procedure",
            event.c.action == "procedure",
            event.c.field == step,
        )
        .order_by(event.c.id)
    )
    return [(r.effective_on, r.old or "", r.new or "", r.note) for r in rows]


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
    """Set ``procedure``'s due date from its history (stored and this change's events)."""
    history = stored_history(change.connection, change.project.id, procedure.step)
    history += _pending(change.events, procedure.step)
    step = change.definition.step_by_key[procedure.step]
    counted = count_for(ctx.calendar(), step, procedure.limit_days, history)
    procedure.due_on = counted.due
    procedure.due_provisional = counted.provisional
    return counted
