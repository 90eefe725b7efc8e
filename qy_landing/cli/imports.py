"""``qy-landing import progress FILE…``: take back the progress sheets the units returned."""

from __future__ import annotations

from pathlib import Path

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h
from qy_landing.cli.texts import t as cli_t

app = typer.Typer(no_args_is_help=True)


@app.command("progress", help=h("sheet.help.import_progress"))
def progress(
    files: list[Path] = typer.Argument(
        ..., help=h("sheet.help.arg.files"), metavar="FILE…", show_default=False
    ),
    apply: bool = typer.Option(False, "--apply", help=h("sheet.help.opt.apply")),
) -> None:
    from qy_landing import i18n
    from qy_landing.cli.projects import _print_row_problems
    from qy_landing.cli.render import label, plain, say, table
    from qy_landing.errors import ImportRejectedError
    from qy_landing.reports.progress_import import import_progress

    lang = run.state.lang
    try:
        result = import_progress(run.context(), files, apply=apply)
    except ImportRejectedError as rejected:
        _print_row_problems(rejected)
        say(cli_t("import.rejected", file=rejected.file, count=rejected.count), err=True)
        raise typer.Exit(rejected.exit_code) from None

    def t(key: str, **fields: object) -> str:
        return i18n.t(key, lang, **fields)

    if result.changes:
        shown = table(
            [
                t("sheet.plan.col.row"),
                t("sheet.col.project"),
                t("sheet.col.step"),
                t("sheet.plan.col.change"),
                t("sheet.col.new_date"),
            ]
        )
        for change in result.changes:
            if change.what == "procedure":
                what = f"{label('status', change.old)} → {label('status', change.new)}"
            elif change.what == "problem_open":
                what = t("sheet.plan.problem_open", text=change.text)
            else:
                what = t("sheet.plan.problem_resolve", id=change.problem_id, text=change.text)
            shown.add_row(
                f"{Path(change.file).name}:{change.row}",
                f"{change.code}\n{change.project}",
                change.step,
                what,
                change.on.isoformat() if change.on else "",
            )
        plain().print(shown)
    if result.already_applied:
        say(t("sheet.plan.same", count=result.already_applied))
    if not result.changes:
        say(t("sheet.plan.none"))
    elif result.applied:
        say(t("sheet.plan.applied", count=len(result.changes)))
    else:
        say(t("sheet.plan.dry_run", count=len(result.changes)))
