"""``qy-landing procedure list CODE | show CODE STEP | set CODE STEP STATUS``: procedures (手续)."""

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


@app.command("show", help=h("procedure.show"))
def show(
    code: str = typer.Argument(..., help=h("arg.code"), metavar="CODE", show_default=False),
    step: str = typer.Argument(..., help=h("arg.step"), metavar="STEP", show_default=False),
    as_of: str | None = typer.Option(None, "--as-of", help=h("opt.as_of"), metavar="YYYY-MM-DD"),
    json: bool = typer.Option(False, "--json", help=h("opt.json")),
) -> None:
    from qy_landing.cli.options import parse_optional_date
    from qy_landing.cli.render import label, print_json, say
    from qy_landing.services.due_views import explain_due
    from qy_landing.services.lookup import step_names

    ctx = run.context()
    shown = explain_due(ctx, code, step, as_of=parse_optional_date(as_of))
    if json:
        print_json(shown.as_dict())
        return
    count = shown.count
    name = step_names(ctx, shown.code, run.state.lang).get(shown.step, shown.step)
    say(t("clock.status", code=shown.code, step=name, status=label("status", shown.status)))
    if count.start is None:
        say(t("clock.not_started"))
    else:
        say(
            t(
                f"clock.start.{count.start_kind}",
                on=count.start.isoformat(),
                days=shown.deemed_acceptance_days,
            )
        )
    for pause in count.pauses:
        reason = f"（{pause.reason}）" if pause.reason else ""
        if reason and run.state.lang != "zh":
            reason = f" ({pause.reason})"
        say(
            t(
                "clock.pause",
                status=label("status", pause.status),
                start=pause.start.isoformat(),
                end=pause.end.isoformat() if pause.end else t("clock.pause_open"),
                days=pause.workdays,
                reason=reason,
            )
        )
    if count.used:
        say(t("clock.limit", limit=count.limit, used=count.used))
    else:
        say(t("clock.limit_plain", limit=count.limit))
    if count.due is not None:
        say(t("clock.due", due=count.due.isoformat(), skipped=count.skipped))
    elif count.paused:
        say(t("clock.paused"))
    if count.provisional:
        say(t("clock.provisional"))


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
