"""``qy-landing target set | import | list``: yearly targets per unit (年度目标任务)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h, t

app = typer.Typer(no_args_is_help=True)


def _year(value: str | None) -> int | None:
    if value is None:
        return None
    from qy_landing.cli.options import parse_positive_int

    return parse_positive_int(value, "year")


@app.command("set", help=h("report.help.target_set"))
def set_(
    unit: str = typer.Argument(..., help=h("report.help.arg.unit"), metavar="UNIT"),
    indicator: str = typer.Argument(..., help=h("report.help.arg.indicator"), metavar="INDICATOR"),
    value: str = typer.Argument(..., help=h("report.help.arg.value"), metavar="VALUE"),
    year: str | None = typer.Option(None, "--year", help=h("report.help.opt.year"), metavar="YYYY"),
    done: str | None = typer.Option(None, "--done", help=h("report.help.opt.done"), metavar="X"),
) -> None:
    from qy_landing import i18n
    from qy_landing.cli.render import say
    from qy_landing.services.targets import set_target

    record = set_target(run.context(), unit, indicator, value, year=_year(year), done=done)
    name = i18n.term("indicator", record.indicator, run.state.lang)
    say(
        t(
            "report.target.set",
            unit=record.unit,
            year=record.year,
            indicator=name,
            value=format(record.value.normalize(), "f"),
        )
    )


@app.command("import", help=h("report.help.target_import"))
def import_(
    file: Path = typer.Argument(..., help=h("report.help.arg.file"), metavar="FILE"),
    year: str | None = typer.Option(None, "--year", help=h("report.help.opt.year"), metavar="YYYY"),
    dry_run: bool = typer.Option(False, "--dry-run", help=h("report.help.opt.dry_run")),
) -> None:
    from qy_landing.cli.projects import rejected_rows
    from qy_landing.cli.render import say
    from qy_landing.services.targets import import_targets

    with rejected_rows(str(file)):
        result = import_targets(run.context(), file, year=_year(year), dry_run=dry_run)
    text = t(
        "report.target.imported",
        file=result.file,
        rows=result.rows,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        year=result.year,
    )
    say(text + (t("report.target.dry_run") if dry_run else ""))


@app.command("list", help=h("report.help.target_list"))
def list_(
    year: str | None = typer.Option(None, "--year", help=h("report.help.opt.year"), metavar="YYYY"),
    as_of: str | None = typer.Option(
        None, "--as-of", help=h("report.help.opt.as_of"), metavar="DATE"
    ),
    as_json: bool = typer.Option(False, "--json", help=h("report.help.opt.json")),
) -> None:
    from datetime import date

    from qy_landing.cli.options import parse_optional_date
    from qy_landing.reports.target_progress import target_progress

    when = parse_optional_date(as_of)
    wanted = _year(year)
    if when is None and wanted is not None:
        today = run.context().today()
        when = today if today.year == wanted else date(wanted, 12, 31)
    progress = target_progress(run.context(), when)
    if as_json:
        from qy_landing.cli.render import print_json

        print_json(progress.as_dict())
        return
    print_targets(progress)


def print_targets(progress: Any, console: Any = None, *, note: bool = True) -> None:
    """The progress table: unit, indicator, target, done, rate, rank (also used by status,
    which says itself that a unit staff login's screen is limited: ``note``)."""
    from rich.text import Text

    from qy_landing import i18n
    from qy_landing.cli.render import plain, table

    lang = run.state.lang
    out = console or plain()
    title = t("report.board.progress_title", year=progress.year, as_of=progress.as_of)
    if not progress.units:
        out.print(Text(title, style="bold"))
        out.print(t("report.board.no_targets"))
        return
    columns = ("rank", "unit", "indicator", "target", "done", "rate")
    grid = table([i18n.text(f"report.col.{c}", lang) for c in columns], title=title)
    for unit in progress.units:
        for index, line in enumerate(unit.lines):
            rate = line.rate
            grid.add_row(
                str(unit.rank or "") if index == 0 else "",
                unit.unit if index == 0 else "",
                i18n.term("indicator", line.indicator, lang),
                format(line.target.normalize(), "f"),
                format(line.done.normalize(), "f"),
                "" if rate is None else f"{100 * rate:.1f}%",
            )
    out.print(grid)
    if note:
        from qy_landing.cli.render import print_limited

        print_limited(progress.limited_to, out)
