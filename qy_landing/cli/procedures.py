"""``qy-landing procedure list CODE | set CODE STEP STATUS``: procedure progress (手续)."""

from __future__ import annotations

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h, t

app = typer.Typer(no_args_is_help=True)


@app.command("list", help=h("procedure.list"))
def list_(
    code: str = typer.Argument(..., help=h("arg.code"), metavar="CODE", show_default=False),
    json: bool = typer.Option(False, "--json", help=h("opt.json")),
) -> None:
    from rich.text import Text

    from qy_landing.cli.render import (
        due_left_cell,
        label,
        plain,
        print_json,
        say,
        status_cell,
        table,
    )
    from qy_landing.services.procedures import list_procedures

    procedures = list_procedures(run.context(), code, lang=run.state.lang)
    if json:
        print_json([p.as_dict() for p in procedures])
        return
    if not procedures:
        say(t("procedure.none"))
        return
    names = {p.step: p.name for p in procedures}
    result = table([t("col.procedure"), t("col.level"), t("col.status"), t("col.due")])
    for p in procedures:
        name = Text(p.name)
        name.append(f"\n{p.step}", style="cyan")
        if p.waiting_for:
            joined = ("、" if run.state.lang == "zh" else ", ").join(
                names.get(s, s) for s in p.waiting_for
            )
            name.append("\n" + t("project.waiting_for", steps=joined), style="dim")
        result.add_row(
            name,
            label("level", p.level),
            status_cell(p.status),
            due_left_cell(p.due, p.due_provisional, p.workdays_left),
        )
    plain().print(result)
    if any(p.due_provisional for p in procedures):
        say(t("due.provisional_note"))


@app.command("set", help=h("procedure.set"))
def set_(
    code: str = typer.Argument(..., help=h("arg.code"), metavar="CODE", show_default=False),
    step: str = typer.Argument(..., help=h("arg.step"), metavar="STEP", show_default=False),
    status: str = typer.Argument(..., help=h("arg.status"), metavar="STATUS", show_default=False),
    on: str | None = typer.Option(None, "--on", help=h("opt.on"), metavar="YYYY-MM-DD"),
    note: str | None = typer.Option(None, "--note", help=h("opt.note"), metavar="TEXT"),
    reason: str | None = typer.Option(None, "--reason", help=h("opt.waive_reason"), metavar="TEXT"),
) -> None:
    from qy_landing.cli.options import parse_optional_date
    from qy_landing.cli.render import label, say
    from qy_landing.services.lookup import step_names
    from qy_landing.services.procedures import set_status

    ctx = run.context()
    day = parse_optional_date(on)
    change = run.retrying(
        lambda _: set_status(ctx, code, step, status, on=day, note=note, reason=reason)
    )
    name = step_names(ctx, change.code, run.state.lang).get(change.step, change.step)
    say(
        t(
            "procedure.changed",
            code=change.code,
            step=name,
            old=label("status", change.old),
            new=label("status", change.new),
        )
    )
    if change.new in ("submitted", "accepted") and change.due is not None:
        key = "procedure.due_provisional" if change.due_provisional else "procedure.due"
        say(t(key, due=change.due.isoformat()))
