"""``qy-landing correct procedure | project | event | undo``: putting a wrong record right.

Each command calls one function of :mod:`qy_landing.services.corrections`; the original
record stays in the history, the correction points at it.
"""

from __future__ import annotations

from typing import Any

import typer

from qy_landing import i18n
from qy_landing.cli import state as run
from qy_landing.cli.texts import h

app = typer.Typer(no_args_is_help=True)

_REASON = typer.Option(..., "--reason", help=h("correct.help.opt.reason"), metavar="TEXT")
_ON = typer.Option(None, "--on", help=h("correct.help.opt.on"), metavar="YYYY-MM-DD")


def _say(result: Any) -> None:
    from qy_landing.cli.render import say

    lang = run.state.lang
    if result.void:
        say(
            i18n.t(
                "correct.done.void",
                lang,
                event=result.event,
                corrects=result.corrects,
                project=result.code,
                state=i18n.term("state", result.state, lang),
            )
        )
    else:
        say(
            i18n.t(
                "correct.done",
                lang,
                event=result.event,
                corrects=result.corrects,
                project=result.code,
                what=result.what,
            )
        )


def _event_id(value: str) -> int:
    from qy_landing.cli.options import parse_positive_int

    return parse_positive_int(value.strip().lstrip("#"), "event")


@app.command("procedure", help=h("correct.help.procedure"))
def procedure(
    code: str = typer.Argument(..., help=h("arg.code"), metavar="CODE", show_default=False),
    step: str = typer.Argument(..., help=h("arg.step"), metavar="STEP", show_default=False),
    status: str | None = typer.Option(
        None, "--status", help=h("correct.help.opt.status"), metavar="STATUS"
    ),
    on: str | None = _ON,
    reason: str = _REASON,
) -> None:
    from qy_landing.cli.options import parse_optional_date
    from qy_landing.services.corrections import correct_procedure

    _say(
        correct_procedure(
            run.context(), code, step, status=status, on=parse_optional_date(on), reason=reason
        )
    )


@app.command("project", help=h("correct.help.project"))
def project(
    code: str = typer.Argument(..., help=h("arg.code"), metavar="CODE", show_default=False),
    field: str | None = typer.Option(
        None, "--field", help=h("correct.help.opt.field"), metavar="NAME"
    ),
    value: str | None = typer.Option(
        None, "--value", help=h("correct.help.opt.value"), metavar="VALUE"
    ),
    undo_move: bool = typer.Option(False, "--undo-move", help=h("correct.help.opt.undo_move")),
    reason: str = _REASON,
) -> None:
    from qy_landing.errors import ChoiceError
    from qy_landing.services import corrections

    if undo_move:
        _say(corrections.undo_move(run.context(), code, reason=reason))
        return
    if field is None or value is None:
        raise ChoiceError("option", field or "", ["--field NAME --value VALUE", "--undo-move"])
    _say(corrections.correct_fact(run.context(), code, field, value, reason=reason))


@app.command("event", help=h("correct.help.event"))
def event(
    event_id: str = typer.Argument(..., help=h("correct.help.event"), metavar="EVENT"),
    on: str | None = _ON,
    value: str | None = typer.Option(
        None, "--value", help=h("correct.help.opt.value"), metavar="VALUE"
    ),
    reason: str = _REASON,
) -> None:
    from qy_landing.cli.options import parse_optional_date
    from qy_landing.services.corrections import correct_event

    _say(
        correct_event(
            run.context(),
            _event_id(event_id),
            on=parse_optional_date(on),
            value=value,
            reason=reason,
        )
    )


@app.command("undo", help=h("correct.help.undo"))
def undo(
    event_id: str = typer.Argument(..., help=h("correct.help.undo"), metavar="EVENT"),
    reason: str = _REASON,
) -> None:
    from qy_landing.services.corrections import correct_event

    _say(correct_event(run.context(), _event_id(event_id), undo=True, reason=reason))
