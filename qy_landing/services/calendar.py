"""The office's own calendar overrides, and the due dates that follow the calendar.

Changing the calendar moves the due dates of procedures still running, in the same
transaction, with an audit event for each due date that moved: an office override
(:func:`set_override`), or a year's official schedule becoming known with a newer
``chinesecalendar`` (:func:`refresh_due_dates`, noticed by the fingerprint of each year's
data stored in ``calendar_state``). Either bumps the calendar version, so every
long-lived :class:`Context` reads the calendar again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from qy_landing.calendar import WorkCalendar, schedule_fingerprint
from qy_landing.checks import check_date
from qy_landing.services.context import Context, read_calendar
from qy_landing.services.due_dates import MovedDue, recount_open, running_over
from qy_landing.store.models import CalendarOverride, CalendarState, Event, Procedure

FINGERPRINT = "fingerprint:"


def load_calendar(ctx: Context) -> WorkCalendar:
    """The calendar with the office's overrides as they are now (not the cached one)."""
    return read_calendar(ctx.db)


def list_overrides(ctx: Context) -> list[CalendarOverride]:
    with ctx.db.read() as session:
        return list(
            session.execute(select(CalendarOverride).order_by(col(CalendarOverride.day))).scalars()
        )


def _bump_version(session: Session) -> None:
    row = session.get(CalendarState, "version")
    value = uuid.uuid4().hex
    if row is None:
        session.add(CalendarState(key="version", value=value))
    else:
        row.value = value


def _calendar_of(session: Session) -> WorkCalendar:
    overrides = {r.day: r.workday for r in session.execute(select(CalendarOverride)).scalars()}
    return WorkCalendar(overrides)


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

    Returns how many running procedures got a new due date. The override (and the
    calendar version) is written in one short transaction; the procedures running over
    ``day`` are then recounted ``batch`` at a time, each batch one short write transaction
    that reads its procedures and the overrides again, so staff writes queue for one batch
    instead of the whole recount. Each due date moves with its audit event or not at all;
    recounting is idempotent, so a recount stopped half-way is completed by setting the
    same day again.
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
        _bump_version(session)
    ctx.forget_calendar()
    return len(_recount_running(ctx, day, note, batch))


def _recount_running(ctx: Context, due_from: date, note: str | None, batch: int) -> list[MovedDue]:
    """Recount the procedures running over ``due_from``, ``batch`` per write transaction."""
    with ctx.db.read() as session:
        ids = list(session.execute(running_over(due_from)).scalars())
    moved: list[MovedDue] = []
    for start in range(0, len(ids), batch):
        moved += _recount(ctx, due_from, ids[start : start + batch], note)
    return moved


def _recount(ctx: Context, day: date, ids: list[int], note: str | None) -> list[MovedDue]:
    """One batch of a calendar change's recount, in its own write transaction."""
    with ctx.db.write() as session:
        return recount_open(
            ctx,
            session.connection(),
            _calendar_of(session),
            due_from=day,
            note=note or f"calendar {day.isoformat()}",
            ids=ids,
        )


@dataclass(frozen=True)
class CalendarRefresh:
    """Years whose schedule data changed since the due dates were counted, and what moved."""

    years: tuple[int, ...]
    moved: list[MovedDue] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"years": list(self.years), "moved": [m.as_dict() for m in self.moved]}


def refresh_due_dates(ctx: Context, *, batch: int = RECOUNT_BATCH) -> CalendarRefresh:
    """Recount the open due dates if a year's schedule data changed (a newer
    ``chinesecalendar`` published it); each moved due date is audited. Cheap when nothing
    changed: one read of the stored fingerprints.

    Like an override, the recount runs ``batch`` procedures per short write transaction; the
    new fingerprints are stored last, so a refresh stopped half-way is done again (and
    completed: recounting is idempotent) by the next one."""
    today = ctx.today()
    with ctx.db.read() as session:
        stored = {
            row.key[len(FINGERPRINT) :]: row.value
            for row in session.execute(
                select(CalendarState).where(col(CalendarState.key).startswith(FINGERPRINT))
            ).scalars()
        }
        last_due = session.execute(
            select(col(Procedure.due_on)).order_by(col(Procedure.due_on).desc()).limit(1)
        ).scalar()
    last_year = max(today.year + 1, last_due.year if last_due else today.year)
    fingerprints = {
        year: schedule_fingerprint(year) for year in range(today.year - 1, last_year + 1)
    }
    changed = [year for year, value in fingerprints.items() if stored.get(str(year)) != value]
    if not changed:
        return CalendarRefresh(())
    with ctx.db.write() as session:
        _bump_version(session)
    ctx.forget_calendar()
    due_from = date(min(changed), 1, 1)
    note = "calendar schedule " + ", ".join(str(y) for y in changed)
    moved = _recount_running(ctx, due_from, note, batch)
    with ctx.db.write() as session:
        for year in changed:
            row = session.get(CalendarState, f"{FINGERPRINT}{year}")
            if row is None:
                session.add(CalendarState(key=f"{FINGERPRINT}{year}", value=fingerprints[year]))
            else:
                row.value = fingerprints[year]
    return CalendarRefresh(tuple(changed), moved)


def moved_due_dates(ctx: Context, since: date) -> list[MovedDue]:
    """Due dates the calendar moved (``due_changed`` events) effective since ``since``."""
    from qy_landing.store.models import Project

    with ctx.db.read() as session:
        rows = session.execute(
            select(
                col(Project.code),
                col(Event.field),
                col(Event.old),
                col(Event.new),
                col(Event.effective_on),
            )
            .join(Project, col(Project.id) == col(Event.project_id))
            .where(col(Event.action) == "due_changed", col(Event.effective_on) >= since)
            .order_by(col(Event.id))
        ).all()
    return [
        MovedDue(
            code,
            step or "",
            date.fromisoformat(old) if old else None,
            date.fromisoformat(new) if new else None,
            on,
        )
        for code, step, old, new, on in rows
    ]
