"""Moving a project through its workflow: advance, suspend, resume, terminate.

Each move is one :func:`~qy_landing.services.changes.change_project` transaction: the
shared machine of the project's definition fires the trigger, the move and every level
passed for lack of procedures are recorded as audit events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from qy_landing.errors import (
    ChoiceError,
    ConflictError,
    Term,
)
from qy_landing.services.changes import (
    change_project,
)
from qy_landing.services.context import Context
from qy_landing.services.definitions import get_definition
from qy_landing.services.effective import check_effective
from qy_landing.services.project_views import find_project
from qy_landing.vocabulary import name_key
from qy_landing.workflow.definition import Definition, Text
from qy_landing.workflow.machine import Move


@dataclass(frozen=True)
class AdvanceResult:
    code: str
    moves: list[Move]
    state: str
    version: int
    # the names of the states moved through, from the project's own definition
    labels: dict[str, Text] = field(default_factory=dict)

    def label(self, state: str, lang: str) -> str:
        text = self.labels.get(state)
        return text.get(lang) if text else state


def advance(
    ctx: Context,
    code: str,
    trigger: str | None = None,
    *,
    on: date | None = None,
    note: str | None = None,
    reason: str | None = None,
    expected_version: int | None = None,
) -> AdvanceResult:
    """Fire ``trigger`` (or the single next step) and pass levels with nothing to do.

    ``trigger`` may be given by its key or by its Chinese or English name.
    """
    from qy_landing.checks import clean_text

    note, reason = clean_text(note, "text"), clean_text(reason, "reason")
    effective = ctx.effective(on)
    if trigger is not None:
        trigger = name_key("trigger", trigger)
    chosen: list[str | None] = [trigger]
    try:
        return _advance(ctx, code, chosen, effective, note, reason, expected_version)
    except ConflictError as exc:
        exc.fields.setdefault("trigger", chosen[0])  # the move worked out, for a retry
        raise


def _advance(
    ctx: Context,
    code: str,
    chosen: list[str | None],
    effective: date,
    note: str | None,
    reason: str | None,
    expected_version: int | None,
) -> AdvanceResult:
    with change_project(ctx, code, expected_version=expected_version) as change:
        machine = change.machine
        subject = change.subject()
        trigger = chosen[0]
        if trigger is None:
            trigger = chosen[0] = machine.next_forward(subject).trigger
        elif trigger not in change.definition.triggers():
            from qy_landing.errors import triggers

            raise ChoiceError("trigger", trigger, triggers(machine.triggers_from(subject.state)))
        move = machine.fire(subject, trigger, reason=reason)
        check_effective(
            change,
            effective,
            Term("noun", "trigger"),
            previous=Term("noun", "state"),
            previous_on=change.project.state_since,
        )
        action = _action_of(change.definition, move)
        change.apply_move(move, effective, action=action, note=reason or note)
        moves = [move, *change.pass_empty_levels(effective)]
    labels = {s.name: s.label for s in change.definition.states}
    return AdvanceResult(
        change.project.code, moves, change.project.state, change.project.version or 0, labels
    )


def _action_of(definition: Definition, move: Move) -> str:
    if definition.state(move.dest).kind == "suspended":
        return "suspend"
    if definition.state(move.source).kind == "suspended":
        return "resume"
    if definition.state(move.dest).final and not definition.is_forward(move.transition):
        return "terminate"
    return "trigger"


def _side_trigger(ctx: Context, code: str, kind: str) -> str:
    """The trigger that suspends, resumes or terminates in the project's definition."""
    with ctx.db.read() as session:
        project = find_project(session, code)
        definition = get_definition(session, project.workflow, project.workflow_version)
    for transition in definition.transitions:
        if (
            kind == "suspend"
            and transition.dest != "$previous"
            and definition.state(transition.dest).kind == "suspended"
        ):
            return transition.trigger
        if kind == "resume" and transition.dest == "$previous":
            return transition.trigger
        if (
            kind == "terminate"
            and transition.dest != "$previous"
            and definition.state(transition.dest).final
            and not definition.is_forward(transition)
        ):
            return transition.trigger
    raise ChoiceError("trigger", kind, definition.triggers())


def suspend(ctx: Context, code: str, *, reason: str, on: date | None = None) -> AdvanceResult:
    return advance(ctx, code, _side_trigger(ctx, code, "suspend"), on=on, reason=reason)


def resume(ctx: Context, code: str, *, reason: str, on: date | None = None) -> AdvanceResult:
    return advance(ctx, code, _side_trigger(ctx, code, "resume"), on=on, reason=reason)


def terminate(ctx: Context, code: str, *, reason: str, on: date | None = None) -> AdvanceResult:
    return advance(ctx, code, _side_trigger(ctx, code, "terminate"), on=on, reason=reason)
