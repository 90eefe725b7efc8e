"""The office's own calendar overrides: closures and corrections of working days.

Changing the calendar moves the due dates of procedures still running, in the same
transaction, with an audit event for each project whose due date moved.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import col

from qy_landing.calendar import WorkCalendar
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


def set_override(ctx: Context, day: date, *, workday: bool | None, note: str | None = None) -> int:
    """Make ``day`` a working day (True), a closure (False) or official again (None).

    Returns how many running procedures got a new due date.
    """
    moved = 0
    with ctx.db.write() as session:
        existing = session.get(CalendarOverride, day)
        if workday is None:
            if existing is not None:
                session.delete(existing)
        elif existing is None:
            session.add(CalendarOverride(day=day, workday=workday, note=note))
        else:
            existing.workday, existing.note = workday, note
        session.flush()
        overrides = {r.day: r.workday for r in session.execute(select(CalendarOverride)).scalars()}
        calendar = WorkCalendar(overrides)
        running = (
            session.execute(
                select(Procedure).where(
                    col(Procedure.status).in_(RUNNING_STATUSES),
                    col(Procedure.submitted_on) <= day,
                    col(Procedure.due_on) >= day,
                )
            )
            .scalars()
            .all()
        )
        now = ctx.clock.now()
        for procedure in running:
            assert procedure.submitted_on is not None
            deadline = calendar.deadline(procedure.submitted_on, procedure.limit_days)
            if deadline.due != procedure.due_on:
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
                        effective_on=ctx.today(),
                        note=note or f"calendar {day.isoformat()}",
                    )
                )
                procedure.due_on = deadline.due
                procedure.due_provisional = deadline.provisional
                moved += 1
    ctx.forget_calendar()
    return moved
