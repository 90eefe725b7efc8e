"""One check of an effective date, the same for every command that records a change.

An effective date may not lie in the future, before the project's signing, or before
the previous step of what it changes (a procedure's last status change, a project's
current state, a problem's opening). Each refusal is one clear line: ``error.date_order``
naming both dates, or ``expect.not_future``.
"""

from __future__ import annotations

from datetime import date

from qy_landing.errors import DateOrderError, InvalidValueError, Msg, Term
from qy_landing.services.changes import ProjectChange

SIGNING = Term("noun", "signing")


def check_effective(
    change: ProjectChange,
    on: date,
    what: Term,
    *,
    previous: Term | None = None,
    previous_on: date | None = None,
) -> date:
    """``on`` if it may be recorded for ``change``'s project; else a user error."""
    if on > change.ctx.today():
        raise InvalidValueError("date", on.isoformat(), Msg("expect.not_future"))
    if on < change.project.signed_on:
        raise DateOrderError(what, on, SIGNING, change.project.signed_on)
    if previous is not None and previous_on is not None and on < previous_on:
        raise DateOrderError(what, on, previous, previous_on)
    return on
