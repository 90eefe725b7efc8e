"""``qy-landing report minutes``: the dispatch meeting's minutes (会议纪要) and task lists."""

from __future__ import annotations

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h


def minutes(
    month: str | None = typer.Option(
        None, "--month", help=h("meeting.help.opt.month"), metavar="YYYY-MM"
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", help=h("meeting.help.opt.output"), metavar="FILE"
    ),
    form: str | None = typer.Option(
        None, "--format", help=h("meeting.help.opt.minutes_format"), metavar="html|xlsx|md"
    ),
    send_tasks: bool = typer.Option(False, "--send-tasks", help=h("meeting.help.opt.send_tasks")),
    as_json: bool = typer.Option(False, "--json", help=h("opt.json")),
) -> None:
    from qy_landing import i18n
    from qy_landing.reports.minutes import FORMATS, build_minutes, write_minutes
    from qy_landing.reports.writers import format_of, open_target

    lang = run.state.lang
    kind = format_of(output, form, FORMATS, default="md")
    ctx = run.context()
    found = build_minutes(ctx, month)
    if as_json:
        from qy_landing.cli.render import print_json

        print_json(found.as_dict())
    elif output is None or output == "-":
        with open_target(None) as stream:
            write_minutes(found, stream, kind, lang)
    else:
        with open_target(output) as stream:
            write_minutes(found, stream, kind, lang)
        typer.echo(
            i18n.t(
                "meeting.cli.minutes_written",
                lang,
                path=output,
                persons=found.persons,
                projects=found.project_count,
                commitments=found.commitment_count,
            )
        )
    if send_tasks:
        from qy_landing.config import load_config
        from qy_landing.reports.minutes import send_task_lists

        result = send_task_lists(ctx, found.month, config=load_config(None))
        typer.echo(
            i18n.t(
                "meeting.cli.tasks_queued",
                lang,
                generated=result.generated,
                existing=result.existing,
            ),
            err=as_json or output is None,
        )
