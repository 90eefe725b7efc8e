"""``qy-landing problem add | resolve | list``: bottleneck problems (卡脖子问题)."""

from __future__ import annotations

from datetime import date

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h, t

app = typer.Typer(no_args_is_help=True)

_ON = typer.Option(None, "--on", help=h("opt.on"), metavar="YYYY-MM-DD")


@app.command("add", help=h("problem.add"))
def add(
    code: str = typer.Argument(..., help=h("arg.code"), metavar="CODE", show_default=False),
    text: str = typer.Argument(..., help=h("arg.problem_text"), metavar="TEXT", show_default=False),
    owner: str | None = typer.Option(None, "--owner", help=h("opt.owner"), metavar="NAME"),
    on: str | None = _ON,
) -> None:
    from qy_landing.cli.options import parse_optional_date
    from qy_landing.cli.render import say
    from qy_landing.services.problems import open_problem

    ctx, day = run.context(), parse_optional_date(on)
    problem = run.retrying(lambda _: open_problem(ctx, code, text, owner=owner, on=day))
    say(t("problem.added", id=problem.id, code=code.strip(), on=problem.opened_on.isoformat()))


def _problem_id(value: str) -> int:
    from qy_landing.cli.options import parse_positive_int

    return parse_positive_int(value.strip().lstrip("#"), "problem")


@app.command("resolve", help=h("problem.resolve"))
def resolve(
    problem_id: str = typer.Argument(
        ..., help=h("arg.problem_id"), metavar="ID", show_default=False
    ),
    note: str | None = typer.Option(None, "--note", help=h("opt.resolution"), metavar="TEXT"),
    on: str | None = _ON,
) -> None:
    from qy_landing.cli.options import parse_optional_date
    from qy_landing.cli.render import say
    from qy_landing.services.problems import resolve_problem

    ctx, day, wanted = run.context(), parse_optional_date(on), _problem_id(problem_id)
    problem = run.retrying(lambda _: resolve_problem(ctx, wanted, note or "", on=day))
    say(
        t(
            "problem.resolved",
            id=problem.id,
            on=problem.resolved_on.isoformat() if problem.resolved_on else "",
        )
    )


@app.command("list", help=h("problem.list"))
def list_(
    open_only: bool = typer.Option(False, "--open", help=h("opt.open_only")),
    code: str | None = typer.Option(
        None, "--project", help=h("opt.filter_project"), metavar="CODE"
    ),
    unit: str | None = typer.Option(None, "--unit", help=h("opt.filter_unit"), metavar="U"),
    wide: bool = typer.Option(False, "--wide", help=h("opt.wide")),
    json: bool = typer.Option(False, "--json", help=h("opt.json")),
) -> None:
    from rich.text import Text

    from qy_landing.cli.render import CODE_WIDTH, print_json
    from qy_landing.cli.stream_table import print_rows
    from qy_landing.services.problems import list_problems

    rows = list_problems(run.context(), open_only=open_only, code=code, unit=unit)
    if json:
        print_json([row.as_dict() for row in rows])
        return

    def state(opened: date, resolved: date | None, resolution: str | None) -> Text:
        text = Text(t("problem.opened_on", on=opened.isoformat()) + "\n")
        if resolved is None:
            text.append(t("problem.open"), style="yellow")
        else:
            text.append(t("problem.closed", on=resolved.isoformat()), style="green")
        return text

    def problem(text: str, owner: str | None, resolution: str | None) -> Text:
        cell = Text(text)
        if owner:
            cell.append("\n" + t("problem.owner", owner=owner), style="cyan")
        if resolution:
            cell.append(f"\n→ {resolution}", style="green")
        return cell

    print_rows(
        ["#", t("col.project"), t("col.problem"), t("col.state")],
        (
            [
                str(r.id),
                Text(f"{r.code}\n{r.project}"),
                problem(r.text, r.owner, r.resolution),
                state(r.opened_on, r.resolved_on, r.resolution),
            ]
            for r in rows
        ),
        empty=t("problem.none"),
        limits={0: (None, 5), 1: (CODE_WIDTH, None), 3: (None, 19)},
        priorities=(0, 0, 0, 1),
        wide=wide,
    )
