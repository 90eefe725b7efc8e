"""How a procedure's due date was counted: ``procedure show``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from qy_landing.errors import ProcedureNotApplicableError
from qy_landing.services.changes import load_change
from qy_landing.services.context import Context
from qy_landing.services.due_dates import count_for, stored_history
from qy_landing.services.procedures import resolve_step
from qy_landing.workflow.clock import DueCount


@dataclass(frozen=True)
class DueExplanation:
    """How a procedure's due date was counted (``procedure show``)."""

    code: str
    step: str
    status: str
    count: DueCount
    deemed_acceptance_days: int = 5

    def as_dict(self) -> dict[str, Any]:
        c = self.count
        return {
            "code": self.code,
            "step": self.step,
            "status": self.status,
            "due": c.due,
            "provisional": c.provisional,
            "limit": c.limit,
            "start": c.start,
            "start_kind": c.start_kind,
            "received": c.received,
            "deemed_acceptance_days": self.deemed_acceptance_days,
            "used_before_resuming": c.used,
            "non_working_days_skipped": c.skipped,
            "paused": c.paused,
            "pauses": [
                {
                    "status": p.status,
                    "start": p.start,
                    "end": p.end,
                    "workdays": p.workdays,
                    "reason": p.reason,
                }
                for p in c.pauses
            ],
        }


def explain_due(ctx: Context, code: str, step: str, *, as_of: date | None = None) -> DueExplanation:
    """The due date of ``code``'s procedure ``step`` and how it was counted."""
    with ctx.db.read() as session:
        connection = session.connection()
        change = load_change(ctx, connection, code)
        key = resolve_step(change.definition, step)
        procedure = change.procedures.get(key)
        if procedure is None:
            raise ProcedureNotApplicableError(
                change.project.code, change.definition.step_by_key[key].name
            )
        history = stored_history(connection, change.project.id, key)
        step_def = change.definition.step_by_key[key]
        counted = count_for(
            ctx.calendar(), step_def, procedure.limit_days, history, as_of or ctx.today()
        )
        return DueExplanation(
            change.project.code,
            key,
            procedure.status,
            counted,
            step_def.clock.deemed_acceptance_days,
        )
