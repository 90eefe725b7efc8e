"""``qy-landing export …``: lists an office passes on (Excel first, then CSV, JSON, Markdown)."""

from __future__ import annotations

import sys

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h

app = typer.Typer(no_args_is_help=True)


@app.command("stuck", help=h("report.help.export_stuck"))
def stuck(
    as_of: str | None = typer.Option(
        None, "--as-of", help=h("report.help.opt.as_of"), metavar="DATE"
    ),
    unit: str | None = typer.Option(None, "--unit", help=h("report.help.opt.unit"), metavar="UNIT"),
    idle_days: str | None = typer.Option(
        None, "--idle-days", help=h("report.help.opt.idle_days"), metavar="N"
    ),
    fmt: str | None = typer.Option(
        None, "--format", "-f", help=h("report.help.opt.format"), metavar="xlsx|csv|json|md"
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", help=h("report.help.opt.output"), metavar="FILE"
    ),
    as_recorded: bool = typer.Option(
        False, "--as-recorded", help=h("correct.help.opt.as_recorded")
    ),
) -> None:
    from qy_landing import i18n
    from qy_landing.cli.options import parse_date, parse_positive_int
    from qy_landing.reports.stuck import export_stuck, find_stuck
    from qy_landing.reports.writers import format_of, open_target

    lang = run.state.lang
    day = parse_date(as_of, "date") if as_of else None
    idle = None
    if idle_days is not None:
        idle = 0 if idle_days.strip() == "0" else parse_positive_int(idle_days, "number")
    to_stdout = output in (None, "-")
    kind = format_of(output, fmt)
    if kind == "xlsx" and to_stdout and sys.stdout.isatty():
        from qy_landing.errors import InvalidValueError, Msg

        raise InvalidValueError("file", "-", Msg("report.expect.binary_to_file"))
    ctx = run.context()
    # checks the unit before writing anything
    find_stuck(ctx, day, unit=unit, idle_days=idle, as_recorded=as_recorded)
    with open_target(output) as stream:
        result = export_stuck(
            ctx,
            stream,
            kind,
            as_of=day,
            unit=unit,
            idle_days=idle,
            lang=lang,
            as_recorded=as_recorded,
        )
    if not to_stdout:
        typer.echo(
            i18n.t(
                "report.stuck.written", lang, count=result.count, as_of=result.as_of, file=output
            )
        )


@app.command("progress", help=h("sheet.help.export_progress"))
def progress(
    unit: str | None = typer.Option(None, "--unit", help=h("sheet.help.opt.unit"), metavar="UNIT"),
    all_units: bool = typer.Option(False, "--all-units", help=h("sheet.help.opt.all_units")),
    as_of: str | None = typer.Option(
        None, "--as-of", help=h("report.help.opt.as_of"), metavar="DATE"
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", help=h("sheet.help.opt.output"), metavar="FILE|DIR"
    ),
) -> None:
    from qy_landing import i18n
    from qy_landing.cli.options import parse_date
    from qy_landing.errors import InvalidValueError, Msg
    from qy_landing.reports.progress_sheet import export_progress

    lang = run.state.lang
    if bool(unit) == all_units:
        raise InvalidValueError("unit", unit or "", Msg("sheet.expect.unit_or_all"))
    day = parse_date(as_of, "date") if as_of else None
    for sheet in export_progress(
        run.context(), unit=unit, all_units=all_units, output=output, as_of=day, lang=lang
    ):
        typer.echo(
            i18n.t(
                "sheet.written",
                lang,
                unit=sheet.unit,
                month=sheet.month,
                procedures=sheet.procedures,
                problems=sheet.problems,
                file=sheet.path,
            )
        )
