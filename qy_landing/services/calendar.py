"""The office's own calendar overrides: closures and corrections of working days.

Changing the calendar moves the due dates of procedures still running, with an audit
event for each due date moved: the override in one short transaction, then the running
procedures in bounded batches (:func:`set_override`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from qy_landing.calendar import WorkCalendar
from qy_landing.checks import check_date
from qy_landing.services.context import Context, read_calendar
from qy_landing.store.models import CalendarOverride, Event, Procedure
from qy_landing.vocabulary import RUNNING_STATUSES


def load_calendar(ctx: Context) -> WorkCalendar:
    """The calendar with the office's overrides as they are now (not the cached one)."""
    return read_calendar(ctx.db)


def list_overrides(ctx: Context) -> list[CalendarOverride]:
    with ctx.db.read() as session:
        return list(
            session.execute(select(CalendarOverride).order_by(col(CalendarOverride.day))).scalars()
        )


# Running procedures recounted per write transaction: on SQLite a colleague's write waits
# for one batch, not for a recount over every project of a large database.
RECOUNT_BATCH = 500


def set_override(
    ctx: Context,
    day: date,
    *,
    workday: bool | None,
    note: str | None = None,
    batch: int = RECOUNT_BATCH,
) -> int:
    """Make ``day`` a working day (True), a closure (False) or official again (None).

    Returns how many running procedures got a new due date. The override is written in
    one short transaction; the procedures running over ``day`` are found in a read
    transaction (no write lock) and recounted ``batch`` at a time, each batch one short
    write transaction that reads its procedures and the overrides again (a procedure
    finished meanwhile is left alone), so staff writes queue for one batch instead of the
    whole recount. Each due date moves with its audit event or not at all; recounting is
    idempotent, so a recount stopped half-way (killed, power lost) is completed by setting
    the same day again.
    """
    day = check_date(day)
    with ctx.db.write() as session:
        existing = session.get(CalendarOverride, day)
        if workday is None:
            if existing is not None:
                session.delete(existing)
        elif existing is None:
            session.add(CalendarOverride(day=day, workday=workday, note=note))
        else:
            existing.workday, existing.note = workday, note
    ctx.forget_calendar()
    with ctx.db.read() as session:
        ids: list[int] = list(
            session.execute(  # type: ignore[arg-type]
                select(col(Procedure.id)).where(*_running_over(day)).order_by(col(Procedure.id))
            ).scalars()
        )
    size = max(1, batch)
    moved = 0
    for start in range(0, len(ids), size):
        moved += _recount(ctx, day, ids[start : start + size], note)
    ctx.forget_calendar()
    return moved


def _running_over(day: date) -> tuple[Any, ...]:
    return (
        col(Procedure.status).in_(RUNNING_STATUSES),
        col(Procedure.submitted_on) <= day,
        col(Procedure.due_on) >= day,
    )


def _recount(ctx: Context, day: date, ids: list[int], note: str | None) -> int:
    """One batch: the due dates of procedures ``ids`` (still running over ``day``) on the
    calendar as it is now, each moved date audited; returns how many moved."""
    moved = 0
    with ctx.db.write() as session:
        overrides = {r.day: r.workday for r in session.execute(select(CalendarOverride)).scalars()}
        calendar = WorkCalendar(overrides)
        now, today = ctx.clock.now(), ctx.today()
        for procedure in session.execute(
            select(Procedure).where(col(Procedure.id).in_(ids), *_running_over(day))
        ).scalars():
            assert procedure.submitted_on is not None
            deadline = calendar.deadline(procedure.submitted_on, procedure.limit_days)
            if deadline.due == procedure.due_on:
                continue
            session.add(
                Event(
                    project_id=procedure.project_id,
                    entity="procedure",
                    entity_id=procedure.id,
                    action="due_changed",
                    field=procedure.step,
                    old=str(procedure.due_on),
                    new=str(deadline.due),
                    actor=ctx.actor,
                    recorded_at=now,
                    effective_on=today,
                    note=note or f"calendar {day.isoformat()}",
                )
            )
            procedure.due_on = deadline.due
            procedure.due_provisional = deadline.provisional
            moved += 1
    return moved
