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
from datetime import date

from qy_landing.calendar import WorkCalendar, is_official_year
from qy_landing.errors import (
    CommitmentClosedError,
    CommitmentNotFoundError,
    DueBeforeMadeError,
    InvalidValueError,
    Msg,
    Term,
)
from qy_landing.services.changes import change_project
from qy_landing.services.commitment_views import (
    RECORDED,
    STATUSES,
    CommitmentRow,
    check_month,
    derived_status,
    get_commitment,
    kept,
    list_commitments,
    project_commitments,
)
from qy_landing.services.context import Context
from qy_landing.services.effective import check_effective
from qy_landing.services.people import find_person
from qy_landing.services.project_views import find_project
from qy_landing.store.models import Commitment, Project

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
        check_effective(change, effective, Term("action", "commitment_add"))
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
        check_effective(
            change,
            effective,
            Term("action", action),
            previous=Term("action", "commitment_add"),
            previous_on=row.made_on,
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
