"""Commitments (承诺事项 / 交办事项) read back: the read path of :mod:`.commitments`.

What is recorded is a commitment's status (``open``, ``done``, ``withdrawn``); whether an
open one is *missed* is derived here from its due date and the day asked about. Read-only:
nothing here imports the change path (``project show`` lists a project's commitments and
must start quickly; tests/test_read_path.py checks it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Connection

from qy_landing.calendar import WorkCalendar
from qy_landing.errors import CommitmentNotFoundError
from qy_landing.services.context import Context
from qy_landing.services.project_views import BATCH, fixed_in, fixed_params, project_id
from qy_landing.store import tables

RECORDED = ("open", "done", "withdrawn")
STATUSES = ("open", "missed", "done", "withdrawn")  # as shown: ``missed`` is derived


def check_month(value: str) -> str:
    """A meeting month (2026-10, 2026/10, 2026年10月) in its stored form ``YYYY-MM``."""
    from qy_landing.parsing import parse_month

    year, month = parse_month(value)
    return f"{year:04d}-{month:02d}"


def derived_status(status: str, due_on: date, closed_on: date | None, as_of: date) -> str:
    """What a commitment is as of ``as_of``: a promise closed after ``as_of`` was still open."""
    if status != "open" and closed_on is not None and closed_on <= as_of:
        return status
    return "missed" if due_on < as_of else "open"


def kept(status: str, due_on: date, closed_on: date | None, as_of: date) -> bool | None:
    """Whether the promise was kept (done by its due date), as of ``as_of``; ``None`` while it
    can still be kept, or when it was withdrawn."""
    shown = derived_status(status, due_on, closed_on, as_of)
    if shown == "done":
        return closed_on is not None and closed_on <= due_on
    if shown == "missed":
        return False
    return None


# --- rows ------------------------------------------------------------------------------------


# Not frozen: building a frozen dataclass sets each field through object.__setattr__
# (~10x the cost); the meeting builds thousands of these per page. Treat as read-only.
@dataclass
class CommitmentRow:
    """One commitment as read, with its derived status as of a day."""

    id: int
    code: str
    project: str
    unit: str
    person: str
    person_id: int
    text: str
    made_on: date
    due_on: date
    due_provisional: bool
    meeting: str | None
    status: str  # derived: open | missed | done | withdrawn
    kept: bool | None
    closed_on: date | None
    note: str | None
    overdue_workdays: int  # working days past due (0 unless missed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "project": self.project,
            "unit": self.unit,
            "person": self.person,
            "text": self.text,
            "made_on": self.made_on.isoformat(),
            "due_on": self.due_on.isoformat(),
            "due_provisional": self.due_provisional,
            "meeting": self.meeting,
            "status": self.status,
            "kept": self.kept,
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "note": self.note,
            "overdue_workdays": self.overdue_workdays,
        }


def _row(r: Any, calendar: WorkCalendar, as_of: date) -> CommitmentRow:
    """A row of :func:`_select`: the commitment's columns with the names it is shown with."""
    return _row_of(r, r.code, r.project_name, r.unit_name, r.person_name, calendar, as_of)


def _row_of(
    c: Any,  # a Commitment, or a row of its columns
    code: str,
    project: str,
    unit: str,
    person: str,
    calendar: WorkCalendar,
    as_of: date,
) -> CommitmentRow:
    shown = derived_status(c.status, c.due_on, c.closed_on, as_of)
    return CommitmentRow(
        id=c.id or 0,
        code=code,
        project=project,
        unit=unit,
        person=person,
        person_id=c.person_id,
        text=c.text,
        made_on=c.made_on,
        due_on=c.due_on,
        due_provisional=c.due_provisional,
        meeting=c.meeting,
        status=shown,
        kept=kept(c.status, c.due_on, c.closed_on, as_of),
        closed_on=c.closed_on if shown in ("done", "withdrawn") else None,
        note=c.note if shown in ("done", "withdrawn") else None,
        overdue_workdays=max(0, calendar.workdays_between(c.due_on, as_of))
        if shown == "missed"
        else 0,
    )


# The generated Core tables (qy_landing.store.tables), not the SQLModel classes: the read
# path builds no model class (start-up of `project show`).
_T_COMMITMENT = tables.commitment
_T_PERSON = tables.person
_T_PROJECT = tables.project
_T_UNIT = tables.unit
_C = _T_COMMITMENT.c


def _select() -> Any:
    return (
        select(
            _T_COMMITMENT,
            _T_PROJECT.c.code,
            _T_PROJECT.c.name.label("project_name"),
            _T_UNIT.c.name.label("unit_name"),
            _T_PERSON.c.name.label("person_name"),
        )
        .join(_T_PROJECT, _T_PROJECT.c.id == _C.project_id)
        .join(_T_UNIT, _T_UNIT.c.id == _T_PROJECT.c.unit_id)
        .join(_T_PERSON, _T_PERSON.c.id == _C.person_id)
    )


_OF_PROJECTS = (
    select(_T_COMMITMENT, _T_PERSON.c.name.label("person_name"))
    .join(_T_PERSON, _T_PERSON.c.id == _T_COMMITMENT.c.person_id)
    .where(fixed_in(_T_COMMITMENT.c.project_id, "id"))
    .order_by(_T_COMMITMENT.c.due_on, _T_COMMITMENT.c.id)
)


def project_commitments(
    connection: Connection,
    views: dict[int, Any],  # project id -> services.project_views.ProjectView
    calendar: WorkCalendar,
    as_of: date,
) -> dict[int, list[CommitmentRow]]:
    """Every commitment of the projects whose views the caller has read (in the same
    transaction), by project, each by due date: one indexed statement per
    :data:`~qy_landing.services.project_views.BATCH` projects (few per project: read as rows)."""
    found: dict[int, list[CommitmentRow]] = {i: [] for i in views}
    ids = list(views)
    rows = [
        row
        for start in range(0, len(ids), BATCH)
        for row in connection.execute(
            _OF_PROJECTS, fixed_params("id", ids[start : start + BATCH], 0)
        )
    ]
    for r in rows:
        view = views[r.project_id]
        found[r.project_id].append(
            _row_of(r, view.code, view.name, view.unit, r.person_name, calendar, as_of)
        )
    return found


def get_commitment(ctx: Context, commitment_id: int, *, as_of: date | None = None) -> CommitmentRow:
    as_of = as_of or ctx.today()
    with ctx.db.read_connection() as connection:
        found = connection.execute(_select().where(_C.id == commitment_id)).first()
    if found is None:
        raise CommitmentNotFoundError(commitment_id)
    return _row(found, ctx.calendar(), as_of)


# --- reading ---------------------------------------------------------------------------------


def _status_filter(status: str, as_of: date) -> Any:
    closed_by = and_(_C.closed_on.is_not(None), _C.closed_on <= as_of)
    still_open = or_(_C.status == "open", ~closed_by)
    if status == "open":
        return and_(still_open, _C.due_on >= as_of)
    if status == "missed":
        return and_(still_open, _C.due_on < as_of)
    return and_(_C.status == status, closed_by)


def list_commitments(
    ctx: Context,
    *,
    code: str | None = None,
    person: str | None = None,
    unit: str | None = None,
    status: str | None = None,
    meeting: str | None = None,
    as_of: date | None = None,
    project_ids: list[int] | None = None,
) -> list[CommitmentRow]:
    """Commitments, filtered; ``status`` is one of :data:`STATUSES` as of ``as_of``."""
    as_of = as_of or ctx.today()
    if status is not None and status not in STATUSES:
        from qy_landing.errors import ChoiceError

        raise ChoiceError("status", status, list(STATUSES))
    month = check_month(meeting) if meeting else None
    with ctx.db.read() as session:
        query = _select()
        if code:
            query = query.where(_C.project_id == project_id(session, code))
        if person:
            from qy_landing.services.people import find_person

            query = query.where(_C.person_id == find_person(session, person).id)
        if unit:
            from qy_landing.services.units import find_unit

            query = query.where(_T_PROJECT.c.unit_id == find_unit(session, unit).id)
        if status:
            query = query.where(_status_filter(status, as_of))
        if month:
            query = query.where(_C.meeting == month)
        if project_ids is not None:
            query = query.where(_C.project_id.in_(project_ids))
        rows = session.execute(query.order_by(_C.due_on, _C.id)).all()
    calendar = ctx.calendar()
    return [_row(r, calendar, as_of) for r in rows]
