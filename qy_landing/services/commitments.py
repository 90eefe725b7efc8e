"""Commitments (承诺事项 / 交办事项): what someone promised for a project, and by when.

A commitment is made for one project, by one responsible person, due on a date (given as
a date or as N working days from the day it was made, on the office calendar). What is
*recorded* is its status — ``open``, ``done`` (with evidence or a note) or ``withdrawn``
(with a reason); whether an open commitment is *missed* is derived from its due date and
the day asked about (``as_of``), so nothing has to run for a promise to become missed.

Every change is a change of the project (:func:`~qy_landing.services.changes.change_project`):
one transaction, the project's version bumped (a concurrent change is a
:class:`~qy_landing.errors.ConflictError`), an audit event per change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Connection
from sqlmodel import col

from qy_landing.calendar import WorkCalendar, is_official_year
from qy_landing.errors import (
    CommitmentClosedError,
    CommitmentNotFoundError,
    DueBeforeMadeError,
    InvalidValueError,
    Msg,
)
from qy_landing.services.changes import change_project
from qy_landing.services.context import Context
from qy_landing.services.people import find_person
from qy_landing.services.project_views import BATCH, find_project, fixed_in, fixed_params
from qy_landing.services.units import find_unit
from qy_landing.store.models import Commitment, Person, Project, Unit

RECORDED = ("open", "done", "withdrawn")
STATUSES = ("open", "missed", "done", "withdrawn")  # as shown: ``missed`` is derived

_WORKDAYS = re.compile(r"^\s*(\d{1,3})\s*(wd|d|个工作日|工作日)?\s*$", re.IGNORECASE)


# --- dates -----------------------------------------------------------------------------------


def parse_by(value: str | date | int, start: date, calendar: WorkCalendar) -> tuple[date, bool]:
    """The due date of "by when": a ``YYYY-MM-DD`` date, or N working days after ``start``
    (``10``, ``10wd``, ``10个工作日``). Returns the date and whether it is provisional
    (it lies in a year without an official holiday schedule)."""
    if isinstance(value, date):
        due = value
    elif isinstance(value, int):
        if value < 1:
            raise InvalidValueError("date", value, Msg("meeting.expect.by"))
        due = calendar.add_workdays(start, value)
    else:
        text = value.strip()
        match = _WORKDAYS.match(text)
        if match and int(match.group(1)) > 0:
            due = calendar.add_workdays(start, int(match.group(1)))
        else:
            from qy_landing.parsing import parse_date

            try:
                due = parse_date(text)
            except InvalidValueError:
                raise InvalidValueError("date", value, Msg("meeting.expect.by")) from None
    if due < start:
        raise DueBeforeMadeError(due, start)
    return due, not all(is_official_year(y) for y in range(start.year, due.year + 1))


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


def _row(values: Any, calendar: WorkCalendar, as_of: date) -> CommitmentRow:
    return _row_of(values[0], values[1], values[2], values[3], values[4], calendar, as_of)


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


def _select() -> Any:
    return (
        select(Commitment, col(Project.code), col(Project.name), col(Unit.name), col(Person.name))
        .join(Project, col(Project.id) == col(Commitment.project_id))
        .join(Unit, col(Unit.id) == col(Project.unit_id))
        .join(Person, col(Person.id) == col(Commitment.person_id))
    )


_T_COMMITMENT = Commitment.__table__  # type: ignore[attr-defined]
_T_PERSON = Person.__table__  # type: ignore[attr-defined]
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
    with ctx.db.read() as session:
        found = session.execute(_select().where(col(Commitment.id) == commitment_id)).first()
    if found is None:
        raise CommitmentNotFoundError(commitment_id)
    return _row(found, ctx.calendar(), as_of)


# --- changes ---------------------------------------------------------------------------------


def _text(value: str, what: str = "text") -> str:
    if not value or not value.strip():
        raise InvalidValueError(what, value, Msg("expect.text"))
    return " ".join(value.split())


def add_commitment(
    ctx: Context,
    code: str,
    text: str,
    person: str,
    by: str | date | int,
    *,
    on: date | None = None,
    meeting: str | None = None,
    expected_version: int | None = None,
) -> CommitmentRow:
    """Record that ``person`` (``NAME`` or ``NAME@UNIT``) promised ``text`` for project
    ``code`` by ``by`` (a date or N working days from ``on``), at ``meeting`` (``YYYY-MM``)."""
    what = _text(text)
    month = check_month(meeting) if meeting else None
    effective = ctx.effective(on)
    due, provisional = parse_by(by, effective, ctx.calendar())
    with change_project(ctx, code, expected_version=expected_version) as change:
        who = find_person(change.session, person)
        row = Commitment(
            project_id=change.project_id,
            person_id=who.id or 0,
            text=what,
            made_on=effective,
            due_on=due,
            due_provisional=provisional,
            meeting=month,
        )
        change.session.add(row)
        change.session.flush()
        change.record(
            "commitment_add",
            on=effective,
            field="commitment",
            new=what,
            entity="commitment",
            entity_id=row.id,
            note=f"{who.name} → {due.isoformat()}" + (f" @{month}" if month else ""),
        )
    return get_commitment(ctx, row.id or 0, as_of=effective)


def _close(
    ctx: Context,
    commitment_id: int,
    status: str,
    note: str,
    on: date | None,
    expected_version: int | None,
    code: str | None = None,
) -> CommitmentRow:
    effective = ctx.effective(on)
    with ctx.db.read() as session:
        found = session.get(Commitment, commitment_id)
        if found is None:
            raise CommitmentNotFoundError(commitment_id)
        if code is not None and found.project_id != find_project(session, code).id:
            # The version checked is that project's: a commitment of another is not "here".
            raise CommitmentNotFoundError(commitment_id)
        code = session.get(Project, found.project_id).code  # type: ignore[union-attr]
    with change_project(ctx, code, expected_version=expected_version) as change:
        row = change.session.get(Commitment, commitment_id)
        assert row is not None
        action = "commitment_done" if status == "done" else "commitment_withdraw"
        if row.status != "open":
            raise CommitmentClosedError(commitment_id, row.status, row.closed_on)
        if effective < row.made_on:
            from qy_landing.errors import DateOrderError, Term

            raise DateOrderError(
                Term("action", action),
                effective,
                Term("action", "commitment_add"),
                row.made_on,
            )
        row.status = status
        row.closed_on = effective
        row.note = note
        change.record(
            action,
            on=effective,
            field="commitment",
            old=row.text,
            new=status,
            entity="commitment",
            entity_id=row.id,
            note=note,
        )
        if status == "done":
            change.progress(effective)
    return get_commitment(ctx, commitment_id, as_of=effective)


def complete_commitment(
    ctx: Context,
    commitment_id: int,
    note: str,
    *,
    on: date | None = None,
    expected_version: int | None = None,
    code: str | None = None,
) -> CommitmentRow:
    """Mark a commitment done, with the evidence or a note saying how (required).

    ``code``: the commitment must be one of that project's (``expected_version`` is its
    version as the caller read it)."""
    return _close(ctx, commitment_id, "done", _text(note), on, expected_version, code)


def withdraw_commitment(
    ctx: Context,
    commitment_id: int,
    reason: str,
    *,
    on: date | None = None,
    expected_version: int | None = None,
) -> CommitmentRow:
    """Withdraw a commitment that no longer applies, saying why (required)."""
    return _close(ctx, commitment_id, "withdrawn", _text(reason, "reason"), on, expected_version)


# --- reading ---------------------------------------------------------------------------------


def _status_filter(status: str, as_of: date) -> Any:
    closed_by = and_(col(Commitment.closed_on).is_not(None), col(Commitment.closed_on) <= as_of)
    still_open = or_(col(Commitment.status) == "open", ~closed_by)
    if status == "open":
        return and_(still_open, col(Commitment.due_on) >= as_of)
    if status == "missed":
        return and_(still_open, col(Commitment.due_on) < as_of)
    return and_(col(Commitment.status) == status, closed_by)


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
            query = query.where(col(Commitment.project_id) == find_project(session, code).id)
        if person:
            query = query.where(col(Commitment.person_id) == find_person(session, person).id)
        if unit:
            query = query.where(col(Project.unit_id) == find_unit(session, unit).id)
        if status:
            query = query.where(_status_filter(status, as_of))
        if month:
            query = query.where(col(Commitment.meeting) == month)
        if project_ids is not None:
            query = query.where(col(Commitment.project_id).in_(project_ids))
        rows = session.execute(query.order_by(col(Commitment.due_on), col(Commitment.id))).all()
    calendar = ctx.calendar()
    return [_row(r, calendar, as_of) for r in rows]


__all__ = [
    "RECORDED",
    "STATUSES",
    "CommitmentClosedError",
    "CommitmentNotFoundError",
    "CommitmentRow",
    "DueBeforeMadeError",
    "add_commitment",
    "check_month",
    "complete_commitment",
    "derived_status",
    "get_commitment",
    "kept",
    "list_commitments",
    "parse_by",
    "project_commitments",
    "withdraw_commitment",
]
