"""``qy-landing remind run | send | list | preview | retry``: the reminder outbox."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h, join, t

if TYPE_CHECKING:
    from datetime import datetime

    from qy_landing.config import Config

app = typer.Typer(no_args_is_help=True)

_CONFIG_HELP = h("remind.help.opt.config")


def _say(text: str, *, err: bool = False) -> None:
    typer.echo(text, err=err)


def load(path: Path | None) -> Config:
    """The settings, with their warnings on stderr."""
    from qy_landing.config import load_config

    config = load_config(path)
    for warning in config.warnings:
        _say(warning.render(run.state.lang), err=True)
    return config


def _when(value: datetime | None, config: Config) -> str:
    if value is None:
        return ""
    return value.astimezone(config.tz).strftime("%Y-%m-%d %H:%M")


def _as_of(value: str | None, config: Config) -> datetime | None:
    from qy_landing.cli.options import parse_datetime

    return None if value is None else parse_datetime(value, config.tz)


@app.command("run", help=h("remind.help.run"))
def run_(
    kind: str = typer.Option(
        "all", "--kind", help=h("remind.help.opt.kind"), metavar="monthly|overdue|all"
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help=h("remind.help.opt.as_of"), metavar="DATETIME"
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help=h("remind.help.opt.dry_run")),
    json: bool = typer.Option(False, "--json", help=h("remind.help.opt.json")),
    config_file: Path | None = typer.Option(None, "--config", help=_CONFIG_HELP, metavar="FILE"),
) -> None:
    from qy_landing.cli.render import print_json
    from qy_landing.cli.stream_table import print_rows
    from qy_landing.reminders.generate import generate

    config = load(config_file)
    report = generate(
        run.context(),
        _as_of(as_of, config),
        kind=kind.strip().lower(),
        config=config,
        dry_run=dry_run,
    )
    if json:
        print_json(report.as_dict())
        return
    lang = run.state.lang
    _say(t("remind.run.as_of", as_of=_when(report.as_of, config)))
    if report.period:
        _say(t("remind.run.period", period=report.period))
    if dry_run:
        _say(t("remind.run.dry_run"))
    new_header = t("remind.col.would_generate") if dry_run else t("remind.col.generated")
    print_rows(
        [t("remind.col.kind"), new_header, t("remind.col.existing")],
        (
            [t(f"remind.kind.{name}"), str(result.generated), str(result.existing)]
            for name, result in report.kinds.items()
        ),
        empty=t("remind.run.nothing"),
    )
    if report.no_recipient_count:
        _say(t("remind.run.no_recipient", count=report.no_recipient_count))
        from qy_landing import i18n

        for item in report.no_recipient[:10]:
            _say(
                t(
                    "remind.run.no_recipient_item",
                    kind=t(f"remind.kind.{item.kind}"),
                    code=item.code,
                    step=f" {item.step}" if item.step else "",
                    rung=item.rung + 1,
                    target=i18n.term("role", item.target, lang),
                )
            )
    for name in report.unknown_supervisors:
        _say(t("remind.run.unknown_supervisor", name=name), err=True)


@app.command("send", help=h("remind.help.send"))
def send(
    limit: str | None = typer.Option(
        None, "--limit", help=h("remind.help.opt.limit_send"), metavar="N"
    ),
    json: bool = typer.Option(False, "--json", help=h("remind.help.opt.json")),
    config_file: Path | None = typer.Option(None, "--config", help=_CONFIG_HELP, metavar="FILE"),
) -> None:
    from qy_landing.cli.options import parse_positive_int
    from qy_landing.cli.render import print_json
    from qy_landing.reminders.deliver import send_pending

    config = load(config_file)
    count = None if limit is None else parse_positive_int(limit)
    report = send_pending(run.context(), config=config, limit=count)
    if json:
        print_json(report.as_dict())
        return
    _say(t("remind.send.summary", sent=report.sent, retried=report.retried, failed=report.failed))
    if report.fell_through or report.receipts:
        _say(t("remind.send.routing", fell_through=report.fell_through, receipts=report.receipts))
    for index, (key, error) in enumerate(report.problems):
        known = report.problem_msgs.get(index)
        shown = known.render(run.state.lang) if known is not None else error
        _say(t("remind.send.problem", reminder=key, error=shown), err=True)
    if report.failed:
        _say(t("remind.send.failed_hint"), err=True)


@app.command("sheets", help=h("sheet.help.send"))
def sheets(
    folder: Path = typer.Option(
        Path(), "--dir", help=h("sheet.help.opt.output"), metavar="DIR", show_default=False
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help=h("report.help.opt.as_of"), metavar="DATE"
    ),
    config_file: Path | None = typer.Option(None, "--config", help=_CONFIG_HELP, metavar="FILE"),
) -> None:
    from qy_landing.cli.options import parse_date
    from qy_landing.reminders.sheets import send_progress_sheets

    config = load(config_file)
    day = parse_date(as_of, "date") if as_of else None
    for sent in send_progress_sheets(run.context(), config, folder, as_of=day):
        _say(
            t(
                f"sheet.sent.{sent.outcome}",
                unit=sent.unit,
                contact=sent.contact,
                detail=sent.detail,
            ),
            err=sent.outcome in ("failed", "no_contact"),
        )


_STATUSES = "pending|sending|sent|failed"


@app.command("list", help=h("remind.help.list"))
def list_(
    status: str | None = typer.Option(
        None, "--status", help=h("remind.help.opt.status"), metavar=_STATUSES
    ),
    person: str | None = typer.Option(
        None, "--person", help=h("remind.help.opt.person"), metavar="NAME"
    ),
    period: str | None = typer.Option(
        None, "--period", help=h("remind.help.opt.period"), metavar="YYYY-MM"
    ),
    kind: str | None = typer.Option(
        None, "--kind", help=h("remind.help.opt.list_kind"), metavar="monthly|overdue|stall"
    ),
    limit: str = typer.Option("200", "--limit", help=h("remind.help.opt.limit_list"), metavar="N"),
    wide: bool = typer.Option(False, "--wide", help=h("remind.help.opt.wide")),
    json: bool = typer.Option(False, "--json", help=h("remind.help.opt.json")),
    config_file: Path | None = typer.Option(None, "--config", help=_CONFIG_HELP, metavar="FILE"),
) -> None:
    from qy_landing.cli.options import parse_month
    from qy_landing.cli.render import print_json
    from qy_landing.cli.stream_table import Col, print_stream
    from qy_landing.reminders.deliver import list_reminders

    config = load(config_file)
    month = None
    if period is not None:
        year, number = parse_month(period)
        month = f"{year:04d}-{number:02d}"
    count = 0 if limit.strip() == "0" else None
    if count is None:
        from qy_landing.cli.options import parse_positive_int

        count = parse_positive_int(limit)
    rows, total = list_reminders(
        run.context(),
        status=status.strip().lower() if status else None,
        person=person,
        period=month,
        kind=kind.strip().lower() if kind else None,
        limit=count or None,
    )
    lang = run.state.lang
    if json:  # the failure also as the user reads it (last_error keeps the English)
        print_json([{**row.as_dict(), "error": row.error_text(lang)} for row in rows])
        return
    # at 80 columns the key, attempts and channel give way to person, time and title
    shown = print_stream(
        [
            Col(t("remind.col.key"), 3),
            Col(t("remind.col.person"), 0, 0, 20),
            Col(t("remind.col.channel"), 2),
            Col(t("remind.col.status"), 0),
            Col(t("remind.col.attempts"), 4, right=True),
            Col(t("remind.col.when"), 1),
            Col(t("remind.col.title"), 0, 30),
        ],
        (
            [
                row.key,
                f"{row.person}（{row.unit}）" if lang == "zh" else f"{row.person} ({row.unit})",
                _channel_cell(row),
                t(f"remind.status.{row.status}"),
                str(row.attempts),
                _when(
                    row.sent_at
                    or (row.next_attempt_at if row.status == "pending" else row.created_at),
                    config,
                ),
                row.title
                if not row.last_error or row.status == "sent"
                else f"{row.title}\n{t('remind.list.error', error=row.error_text(lang))}",
            ]
            for row in rows
        ),
        empty=t("remind.list.none"),
        hidden_note=lambda hidden: t("table.hidden", columns=join(hidden)),
        wide=wide,
    )
    if shown and total > shown:
        _say(t("remind.list.more", shown=shown, total=total))


def _channel_cell(row: Any) -> str:
    """The channel that delivered it (or is trying), and what the platform reported."""
    text = t(f"remind.channel.{row.delivered_via or row.channel}")
    if row.receipt:
        text += f"\n{t(f'remind.receipt.{row.receipt}')}"
    return text


@app.command("preview", help=h("remind.help.preview"))
def preview(
    person: str = typer.Argument(..., help=h("remind.help.arg.person"), metavar="PERSON"),
    as_of: str | None = typer.Option(
        None, "--as-of", help=h("remind.help.opt.as_of"), metavar="DATETIME"
    ),
    config_file: Path | None = typer.Option(None, "--config", help=_CONFIG_HELP, metavar="FILE"),
) -> None:
    from qy_landing.reminders.generate import preview_digest

    config = load(config_file)
    digest = preview_digest(run.context(), person, _as_of(as_of, config), config=config)
    if not digest.projects:
        _say(t("remind.preview.none", person=digest.person, period=digest.period))
        return
    _say(digest.title)
    _say("")
    _print_markdown(digest.body)
    _say("")
    _say(t("remind.preview.key", reminder=digest.key))


def _print_markdown(body: str) -> None:
    """A message body as a terminal shows Markdown (headings, bold, lists); as sent when piped."""
    from qy_landing.cli.render import plain

    out = plain()
    if not out.is_terminal:
        _say(body)
        return
    from rich.markdown import Markdown

    out.print(Markdown(body, hyperlinks=False))


@app.command("retry", help=h("remind.help.retry"))
def retry(
    keys: list[str] | None = typer.Argument(
        None, help=h("remind.help.arg.keys"), metavar="[KEY]..."
    ),
) -> None:
    from qy_landing.reminders.deliver import requeue_failed

    count = requeue_failed(run.context(), keys or [])
    _say(t("remind.retry.done", count=count))
