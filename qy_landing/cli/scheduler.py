"""``qy-landing scheduler run | jobs | status``: the reminder daemon, its jobs, its state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h, t

app = typer.Typer(no_args_is_help=True)


@app.command("run", help=h("remind.help.scheduler_run"))
def run_(
    config_file: Path | None = typer.Option(
        None, "--config", help=h("remind.help.opt.config"), metavar="FILE"
    ),
    log_level: str = typer.Option(
        "INFO", "--log-level", help=h("remind.help.opt.log_level"), metavar="DEBUG|INFO|WARNING"
    ),
) -> None:
    import logging

    from qy_landing.cli.reminders import load
    from qy_landing.errors import Msg
    from qy_landing.reminders.scheduler import run_daemon
    from qy_landing.store.database import Database

    config = load(config_file)
    level = getattr(logging, log_level.strip().upper(), None)
    logging.basicConfig(
        level=level if isinstance(level, int) else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    url = Database(run.state.db).url

    def notify(message: Msg) -> None:
        typer.echo(message.render(run.state.lang))

    run_daemon(url, config, notify=notify)


@app.command("jobs", help=h("remind.help.scheduler_jobs"))
def jobs(
    json: bool = typer.Option(False, "--json", help=h("remind.help.opt.json")),
    config_file: Path | None = typer.Option(
        None, "--config", help=h("remind.help.opt.config"), metavar="FILE"
    ),
) -> None:
    from qy_landing.cli.reminders import load
    from qy_landing.cli.render import print_json
    from qy_landing.cli.stream_table import print_rows
    from qy_landing.reminders.scheduler import list_jobs

    config = load(config_file)
    ctx = run.context()
    ctx.db.check_schema()
    infos = list_jobs(ctx.db, config, ctx.clock.now())
    if json:
        print_json([info.as_dict() for info in infos])
        return
    hhmm = {
        "monthly-digest": config.monthly_at.strftime("%H:%M"),
        "daily-scan": config.daily_at.strftime("%H:%M"),
    }
    rows = []
    for info in infos:
        when = info.next_run_time.strftime("%Y-%m-%d %H:%M") if info.next_run_time else ""
        if not info.stored:
            when = t("remind.jobs.not_stored", when=when)
        description = t(
            f"remind.jobs.{info.id}", time=hhmm.get(info.id, ""), seconds=config.send_every_seconds
        )
        if description.startswith("remind.jobs."):
            description = info.trigger
        rows.append([info.id, description, when])
    print_rows(
        [t("remind.col.job"), t("remind.col.schedule"), t("remind.col.next_run")],
        rows,
        empty=t("remind.jobs.none"),
    )
    if not all(info.stored for info in infos):
        typer.echo(t("remind.jobs.not_started"))


@app.command("status", help=h("remind.help.scheduler_status"))
def status(
    json: bool = typer.Option(False, "--json", help=h("remind.help.opt.json")),
    config_file: Path | None = typer.Option(
        None, "--config", help=h("remind.help.opt.config"), metavar="FILE"
    ),
) -> None:
    from qy_landing.cli.reminders import load
    from qy_landing.cli.render import print_json, say
    from qy_landing.cli.stream_table import print_rows
    from qy_landing.reminders.scheduler import scheduler_status

    config = load(config_file)
    ctx = run.context()
    ctx.db.check_schema()
    info = scheduler_status(ctx.db, ctx.clock.now(), config.tz)
    if json:
        print_json(info.as_dict())
        return

    def when(value: Any) -> str:
        return value.strftime("%Y-%m-%d %H:%M:%S") if value is not None else ""

    if info.holder is not None:
        say(
            t(
                "remind.status.leader",
                holder=info.holder,
                since=when(info.since),
                token=info.token,
                until=when(info.expires_at),
            )
        )
    else:
        say(t("remind.status.no_leader", token=info.token))
    print_rows(
        [
            t("remind.col.job"),
            t("remind.col.started"),
            t("remind.col.finished"),
            t("remind.col.outcome"),
            t("remind.col.holder"),
        ],
        [
            [
                r.job,
                when(r.started_at),
                when(r.finished_at),
                r.outcome,
                f"{r.holder or ''} #{r.token}" if r.token is not None else (r.holder or ""),
            ]
            for r in info.runs
        ],
        empty=t("remind.status.no_runs"),
    )
    say(t("remind.status.backlog", **info.backlog))
    if info.oldest_due is not None:
        say(t("remind.status.oldest_due", when=when(info.oldest_due)))
