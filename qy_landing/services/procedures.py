"""Procedures (手续): recording their progress, with due dates in working days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qy_landing.errors import (
    ChoiceError,
    DependencyNotMetError,
    ProcedureNotApplicableError,
    ProjectClosedError,
    ReasonRequiredError,
    StatusChangeNotAllowedError,
    Term,
    terms,
)
from qy_landing.services.changes import ProcedureRecord, ProjectChange, change_project
from qy_landing.services.context import Context
from qy_landing.services.due_dates import recount
from qy_landing.services.effective import check_effective
from qy_landing.vocabulary import (
    DONE_STATUSES,
    PAUSED_STATUSES,
    PROCEDURE_STATUSES,
    STATUS_CHANGES,
    resolve,
)
from qy_landing.workflow.definition import Definition, Text


def resolve_step(definition: Definition, wanted: str) -> str:
    """A step key from its key or its Chinese or English name; the error lists the steps."""
    from qy_landing.i18n import Labelled
    from qy_landing.vocabulary import fold

    value = fold(wanted)
    for step in definition.steps:
        if value in (step.key, fold(step.name.zh), fold(step.name.en)):
            return step.key
    raise ChoiceError("step", wanted, [Labelled(s.key, s.name) for s in definition.steps])


@dataclass(frozen=True)
class StatusChange:
    code: str
    step: str
    old: str
    new: str
    due: date | None
    due_provisional: bool
    step_name: Text | None = None


def set_status(
    ctx: Context,
    code: str,
    step: str,
    status: str,
    *,
    on: date | None = None,
    note: str | None = None,
    reason: str | None = None,
    expected_version: int | None = None,
) -> StatusChange:
    """Move a procedure to ``status`` as of ``on``; one transaction with its audit event."""
    from qy_landing.checks import clean_text

    note, reason = clean_text(note, "text"), clean_text(reason, "reason")
    status = resolve("status", status, PROCEDURE_STATUSES)
    effective = ctx.effective(on)
    with change_project(ctx, code, expected_version=expected_version) as change:
        return change_status(ctx, change, step, status, effective, note=note, reason=reason)


def change_status(
    ctx: Context,
    change: ProjectChange,
    step: str,
    status: str,
    effective: date,
    *,
    note: str | None = None,
    reason: str | None = None,
) -> StatusChange:
    """Move a procedure of a project being changed (inside its transaction); see set_status.

    For callers that change several projects in one transaction (``import progress``).
    """
    status = resolve("status", status, PROCEDURE_STATUSES)
    definition = change.definition
    state = definition.state_by_name.get(change.project.state)
    if state is None or state.final or state.kind == "suspended":
        raise ProjectClosedError(
            change.project.code, change.machine.state_term(change.project.state)
        )
    key = resolve_step(definition, step)
    procedure = change.procedures.get(key)
    if procedure is None:
        raise ProcedureNotApplicableError(change.project.code, definition.step_by_key[key].name)
    old = procedure.status
    label = definition.step_by_key[key].name
    check_effective(
        change,
        effective,
        Term("status", status),
        previous=Term("status", old),
        previous_on=procedure.updated_on,
    )
    if status not in STATUS_CHANGES[old]:
        raise StatusChangeNotAllowedError(
            change.project.code,
            label,
            Term("status", old),
            Term("status", status),
            terms("status", STATUS_CHANGES[old]),
        )
    _apply(ctx, change, procedure, old, status, effective, reason)
    change.record(
        "procedure",
        on=effective,
        field=key,
        old=old,
        new=status,
        entity="procedure",
        entity_id=procedure.id,
        note=reason or note,
    )
    recount(ctx, change, procedure)
    change.progress(effective)
    return StatusChange(
        change.project.code,
        key,
        old,
        status,
        procedure.due_on,
        procedure.due_provisional,
        label,
    )


def _apply(
    ctx: Context,
    change: ProjectChange,
    procedure: ProcedureRecord,
    old: str,
    status: str,
    on: date,
    reason: str | None,
) -> None:
    definition = change.definition
    step = definition.step_by_key[procedure.step]
    if status in PAUSED_STATUSES or old in PAUSED_STATUSES:
        # 补正 and legal suspensions: the dates of the round stay; the clock is recounted
        if status == "on_hold" and not (reason and reason.strip()):
            raise ReasonRequiredError(Term("status", "on_hold"))
        _after_submission(change, procedure, status, on)
        if status in ("rejected", "waived"):
            _apply(ctx, change, procedure, "accepted", status, on, reason)
            return
    elif status == "submitted":
        waiting = [
            definition.step_by_key[d].name
            for d in step.depends_on
            if d in change.procedures and change.procedures[d].status not in DONE_STATUSES
        ]
        if waiting:
            raise DependencyNotMetError(change.project.code, step.name, waiting)
        procedure.submitted_on = on
        procedure.accepted_on = None
        procedure.approved_on = None
    elif status in ("accepted", "approved", "rejected"):
        _after_submission(change, procedure, status, on)
        if status != "accepted" or procedure.accepted_on is None:
            setattr(procedure, f"{status}_on", on)
    elif status == "waived":
        if not (reason and reason.strip()):
            raise ReasonRequiredError(Term("status", "waived"))
        procedure.waived_on = on
        procedure.waive_reason = reason.strip()
    elif status == "pending":  # a waiver taken back
        procedure.waived_on = None
        procedure.waive_reason = None
    procedure.status = status
    procedure.updated_on = on


def _after_submission(
    change: ProjectChange, procedure: ProcedureRecord, status: str, on: date
) -> None:
    """A decision or a pause of this round may not come before its submission."""
    check_effective(
        change,
        on,
        Term("status", status),
        previous=Term("status", "submitted"),
        previous_on=procedure.submitted_on,
    )


def list_procedures(ctx: Context, code: str, *, lang: str = "zh") -> list:  # type: ignore[type-arg]
    """The procedures of a project as shown by ``project show``."""
    from qy_landing.services.project_views import show_project

    return show_project(ctx, code, lang=lang, events=0).procedures
