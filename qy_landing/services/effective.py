"""One check of an effective date, the same for every command that records a dated fact.

An effective date may not lie in the future (after the clock's today), before the
project's signing, or out of order with what it follows or precedes: a procedure's
previous status change, a project's current state, a problem's opening, a commitment's
making, an assignment's start — and, for a correction that moves a record's date, the next
record of the same thing. Every entry point that records a dated fact calls
:func:`check_effective` inside its change (``procedure set``, ``project advance`` /
``suspend`` / ``resume`` / ``terminate``, project detail changes, ``assign`` /
``unassign``, ``commitment add`` / ``done`` / ``withdraw``, ``funds add``, ``problem add``
/ ``resolve``, ``import progress`` and every ``correct``), before anything is written.
Each refusal is one clear line: ``error.date_order`` naming both dates, or
``expect.not_after_today`` naming the clock's today.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from qy_landing.errors import DateOrderError, InvalidValueError, Msg, Term
from qy_landing.services.changes import ProjectChange
from qy_landing.services.replay import EVENT_COLUMNS, EventRow, live_events
from qy_landing.store.models import Event, table_of

SIGNING = Term("noun", "signing")
REGISTRATION = frozenset({"create", "import"})


def check_effective(
    change: ProjectChange,
    on: date,
    what: Term,
    *,
    previous: Term | None = None,
    previous_on: date | None = None,
    following: Term | None = None,
    following_on: date | None = None,
) -> date:
    """``on`` if it may be recorded for ``change``'s project; else a user error.

    ``previous``/``previous_on``: what ``on`` may not come before (besides the signing);
    ``following``/``following_on``: what may not come before ``on`` (a correction moving
    a record past the next one of the same thing).
    """
    check_not_future(on, change.ctx.today())
    if on < change.project.signed_on:
        raise DateOrderError(what, on, SIGNING, change.project.signed_on)
    if previous is not None and previous_on is not None and on < previous_on:
        raise DateOrderError(what, on, previous, previous_on)
    if following is not None and following_on is not None and following_on < on:
        raise DateOrderError(following, following_on, what, on)
    return on


def check_not_future(on: date, today: date) -> date:
    """``on`` unless it lies after ``today`` (the part of the check a registration, which
    has no project yet, shares: a signing date may not lie in the future either)."""
    if on > today:
        raise InvalidValueError("date", on.isoformat(), Msg("expect.not_after_today", today=today))
    return on


def check_signing(change: ProjectChange, signed_on: date) -> date:
    """A new signing date for ``change``'s project (a detail changed or corrected): not in
    the future, and not after anything recorded for the project since its registration
    (else that record would lie before the signing)."""
    check_not_future(signed_on, change.ctx.today())
    table = table_of(Event)
    rows = change.connection.execute(
        select(*(table.c[c] for c in EVENT_COLUMNS))
        .where(table.c.project_id == change.project_id)
        .order_by(table.c.id)
    )
    events = [EventRow(**row._mapping) for row in rows]
    registered = next((e for e in events if e.action in REGISTRATION), None)
    for event in live_events(events):  # in order of effective date
        if event.action in REGISTRATION or event.field == "signed_on":
            continue
        if registered is not None and _with_registration(event, registered):
            continue  # the persons named in the registration: responsible since the signing
        if event.action == "fact_corrected":
            continue  # a registered detail put right: as of the registration
        if event.effective_on < signed_on:
            raise DateOrderError(record_term(event), event.effective_on, SIGNING, signed_on)
        break
    return signed_on


def _with_registration(event: EventRow, registered: EventRow) -> bool:
    return (
        event.action == "assign"
        and event.effective_on == registered.effective_on
        and event.recorded_at == registered.recorded_at
    )


def record_term(event: EventRow) -> Term:
    """How a record is named in a refusal: a procedure's status by its name, else its action."""
    if event.entity == "procedure" and event.action == "procedure":
        return Term("status", event.new or "pending")
    return Term("action", event.action)
