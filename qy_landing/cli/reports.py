"""``qy-landing report monthly | redblack``, ``qy-landing stats`` and ``qy-landing status``.

Each command parses its options, calls one function of :mod:`qy_landing.reports` and
renders the result; files are written by the library's writers.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from qy_landing.cli import state as run
from qy_landing.cli.minutes import minutes as _minutes
from qy_landing.cli.texts import h, t

if TYPE_CHECKING:
    pass

    from qy_landing.reports.redblack import RedBlack

app = typer.Typer(no_args_is_help=True)


def _month(value: str | None) -> date | None:
    if value is None:
        return None
    from qy_landing.cli.options import parse_month

    year, month = parse_month(value)
    return date(year, month, 1)


# --- report monthly -----------------------------------------------------------------------


@app.command("monthly", help=h("report.help.monthly"))
def monthly(
    month: str | None = typer.Option(
        None, "--month", help=h("report.help.opt.month"), metavar="YYYY-MM"
    ),
    unit: str | None = typer.Option(None, "--unit", help=h("report.help.opt.unit"), metavar="UNIT"),
    group_by: str = typer.Option(
        "landing",
        "--group-by",
        help=h("report.help.opt.group_by"),
        metavar="landing|introducing",
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", help=h("report.help.opt.monthly_output"), metavar="FILE"
    ),
    as_json: bool = typer.Option(False, "--json", help=h("report.help.opt.json")),
    as_recorded: bool = typer.Option(
        False, "--as-recorded", help=h("correct.help.opt.as_recorded")
    ),
) -> None:
    from qy_landing.reports.monthly import monthly_pack
    from qy_landing.reports.writers import format_of

    lang = run.state.lang
    kind = format_of(output, None, ("xlsx", "html"), default="") if output else None
    pack = monthly_pack(
        run.context(), _month(month), unit=unit, as_recorded=as_recorded, group_by=group_by
    )
    if kind is not None and output is not None:
        from qy_landing.reports.monthly_files import write_monthly_html, write_monthly_xlsx
        from qy_landing.reports.writers import open_target

        with open_target(output) as stream:
            write = write_monthly_xlsx if kind == "xlsx" else write_monthly_html
            count = write(pack, stream, lang)
        if output != "-":
            typer.echo(t("report.monthly.written", month=pack.label, file=output, count=count))
        return
    if as_json:
        from qy_landing.cli.render import print_json

        print_json(pack.as_dict())
        return
    _print_monthly(pack)


def _print_monthly(pack: Any) -> None:
    from qy_landing import i18n
    from qy_landing.cli.render import plain, print_limited, table

    lang = run.state.lang
    keys = ("projects", "started", "changes", "approved", "due", "overdue", "problems")
    out = plain()
    result = table(
        [i18n.text("report.col.unit", lang), *(t(f"report.monthly.sum.{k}") for k in keys)],
        title=t("report.monthly.title", month=pack.label),
    )
    for summary in pack.summaries:
        result.add_row(summary.unit, *(str(getattr(summary, k)) for k in keys))
    total = pack.total
    result.add_row(
        i18n.text("report.word.total", lang),
        *(str(getattr(total, k)) for k in keys),
        style="bold",
    )
    out.print(result)
    print_limited(pack.limited_to, out)
    if pack.group_by != "landing":
        from rich.text import Text

        grouped = i18n.term("group_by", pack.group_by, lang)
        out.print(Text(t("report.stats.grouped_by", attribute=grouped), style="dim"))
    print_growth(pack.growth, out)
    out.print(t("report.monthly.hint"))


# --- report redblack ------------------------------------------------------------------------


@app.command("redblack", help=h("report.help.redblack"))
def redblack(
    month: str | None = typer.Option(
        None, "--month", help=h("report.help.opt.month"), metavar="YYYY-MM"
    ),
    top: str | None = typer.Option(None, "--top", help=h("report.help.opt.top"), metavar="N"),
    board: str | None = typer.Option(
        None, "--board", help=h("report.help.opt.board"), metavar="BOARD"
    ),
    as_json: bool = typer.Option(False, "--json", help=h("report.help.opt.json")),
    output: str | None = typer.Option(
        None, "--output", "-o", help=h("report.help.opt.redblack_output"), metavar="FILE"
    ),
    as_recorded: bool = typer.Option(
        False, "--as-recorded", help=h("correct.help.opt.as_recorded")
    ),
) -> None:
    from qy_landing.reports.redblack import rank_units
    from qy_landing.reports.redblack_files import FORMATS, write_redblack
    from qy_landing.reports.writers import format_of

    kind = format_of(output, None, FORMATS, default="") if output else None
    ctx = run.context()
    result = rank_units(ctx, _month(month), _config(top), board=board, as_recorded=as_recorded)
    lang = run.state.lang
    if kind is not None and output is not None:
        write_redblack(result, output, kind, lang, ctx.clock.now())
        if output != "-":
            typer.echo(t("report.board.written", file=output))
        return
    if as_json:
        from qy_landing.cli.render import print_json

        print_json(result.as_dict(lang))
        return
    print_redblack(result)


def _config(top: str | None) -> Any:
    """``[redblack]`` of the configuration file, ``--top`` applied to every board."""
    from dataclasses import replace

    from qy_landing.reports.redblack import load_redblack_config

    config = load_redblack_config()
    if top is None:
        return config
    from qy_landing.cli.options import parse_positive_int

    count = parse_positive_int(top, "number")
    boards = tuple(replace(b, top=count) for b in config.all_boards())
    return replace(config, top=count, boards=boards)


def print_redblack(result: RedBlack, console: Any = None) -> None:
    """Every board: ranking, red and black lists with reasons, units apart."""
    from rich.text import Text

    from qy_landing import i18n
    from qy_landing.cli.render import plain, print_limited, table
    from qy_landing.reports.redblack import INDICATOR_ORDER
    from qy_landing.reports.redblack_files import board_title

    lang = run.state.lang
    out = console or plain()
    month = f"{result.month.year:04d}-{result.month.month:02d}"
    out.print(Text(t("report.redblack.title", month=month, as_of=result.as_of), style="bold"))
    print_limited(result.limited_to, out)
    colon, comma = ("：", "、") if lang == "zh" else (": ", ", ")
    dash = " —— " if lang == "zh" else " — "
    semi = "；" if lang == "zh" else "; "
    for board in result.boards:
        out.print()
        out.print(Text(board_title(board, lang), style="bold underline"))
        if not board.ranking and not board.apart:
            out.print(t("report.board.empty"))
            continue
        shown = [k for k in INDICATOR_ORDER if board.board.weights[k] > 0]
        if board.ranking:
            headers = [
                i18n.text("report.col.rank", lang),
                i18n.text("report.col.list", lang),
                i18n.text("report.col.unit", lang),
                i18n.text("report.col.score", lang),
                *(i18n.text(f"report.col.ind_{k}", lang) for k in shown),
            ]
            grid = table(headers)
            # rank, list, unit and score stay whole; the indicators share what is left
            for column in grid.columns[:4]:
                column.no_wrap = True
            for column in grid.columns[3:]:
                column.justify = "right"
            for entry in board.ranking:
                mark = board.mark(entry)
                style = {"red": "bold red", "black": "bold black on white"}.get(mark, "")
                values = entry.as_dict(lang)
                grid.add_row(
                    str(entry.rank or ""),
                    t(f"report.board.mark.{mark}") if mark else "",
                    entry.unit,
                    f"{entry.score:.1f}",
                    *("" if values[k] is None else f"{values[k]:.1f}" for k in shown),
                    style=style,
                )
            out.print(grid)
        none = t("report.board.none_listed")
        out.print(
            Text(
                t("report.board.red") + colon + (comma.join(u.unit for u in board.red) or none),
                style="bold red",
            )
        )
        out.print(
            Text(t("report.board.black") + colon + ("" if board.black else none), style="bold")
        )
        for entry in board.black:
            reasons = semi.join(m.render(lang) for m in entry.reasons)
            out.print(Text(f"  {entry.unit}{dash}{reasons}"))
        if board.apart:
            out.print(
                Text(
                    t("report.board.apart") + colon + comma.join(u.unit for u in board.apart),
                    style="dim",
                )
            )
        weights = comma.join(
            f"{i18n.text(f'report.col.ind_{k}', lang)} {board.board.weights[k]:g}" for k in shown
        )
        out.print(Text(t("report.board.weights", weights=weights), style="dim"))


# --- stats ----------------------------------------------------------------------------------


def stats(
    start: str | None = typer.Option(
        None, "--from", help=h("report.help.opt.from"), metavar="DATE"
    ),
    end: str | None = typer.Option(None, "--to", help=h("report.help.opt.to"), metavar="DATE"),
    unit: str | None = typer.Option(None, "--unit", help=h("report.help.opt.unit"), metavar="UNIT"),
    group_by: str = typer.Option(
        "landing",
        "--group-by",
        help=h("report.help.opt.group_by"),
        metavar="landing|introducing",
    ),
    no_compare: bool = typer.Option(False, "--no-compare", help=h("report.help.opt.no_compare")),
    as_json: bool = typer.Option(False, "--json", help=h("report.help.opt.json")),
    as_recorded: bool = typer.Option(
        False, "--as-recorded", help=h("correct.help.opt.as_recorded")
    ),
) -> None:
    from qy_landing.cli.options import parse_optional_date
    from qy_landing.reports.stats import compute_stats

    figures = compute_stats(
        run.context(),
        parse_optional_date(start),
        parse_optional_date(end),
        unit=unit,
        as_recorded=as_recorded,
        compare=not no_compare,
        group_by=group_by,
    )
    if as_json:
        from qy_landing.cli.render import print_json

        print_json(figures.as_dict())
        return
    print_stats(figures)


def print_growth(figures: Any, out: Any) -> None:
    """The year-on-year table (stats, the monthly summary); nothing when not compared."""
    from qy_landing import i18n
    from qy_landing.cli.render import table
    from qy_landing.reports.redblack_files import growth_lines, growth_text

    before = figures.previous
    if before is None:
        return
    grid = table(
        [
            t("report.stats.growth"),
            f"{figures.start} – {figures.end}",
            f"{before.start} – {before.end}",
            i18n.text("report.col.growth_rate", run.state.lang),
        ]
    )
    for key, now, then, rate in growth_lines(figures):
        grid.add_row(t(f"report.growth.{key}"), now, then, growth_text(rate))
    out.print(grid)


def print_stats(figures: Any, console: Any = None) -> None:
    """The figures on the terminal (also used to draw the picture in docs/)."""
    from rich.text import Text

    from qy_landing import i18n
    from qy_landing.cli.render import plain, print_limited, table
    from qy_landing.parsing import format_money

    lang = run.state.lang
    out = console or plain()
    scope = f" · {figures.unit}" if figures.unit else ""
    out.print(
        Text(t("report.stats.title", start=figures.start, end=figures.end) + scope, style="bold")
    )
    print_limited(figures.limited_to, out)
    head = table([t("report.stats.figure"), t("report.stats.value")])
    head.add_row(
        t("report.stats.signed"),
        t(
            "report.stats.projects_amount",
            count=figures.signed.count,
            amount=format_money(figures.signed.amount),
        ),
    )
    level_text = "、" if lang == "zh" else ", "
    head.add_row(
        t("report.stats.handled"),
        t(
            "report.stats.handled_value",
            total=figures.handled_total,
            levels=level_text.join(
                f"{i18n.term('level', k, lang)} {v}" for k, v in figures.handled.items()
            ),
        ),
    )
    head.add_row(
        t("report.stats.started"),
        t("report.stats.started_value", count=figures.started, major=figures.started_major),
    )
    head.add_row(
        t("report.stats.funds"),
        t(
            "report.stats.funds_value",
            total=format_money(figures.funds),
            out=format_money(figures.funds_out_of_province),
            inside=format_money(figures.funds_in_province),
        ),
    )
    out.print(head)
    print_growth(figures, out)
    if figures.group_by != "landing":
        out.print(
            Text(
                t(
                    "report.stats.grouped_by",
                    attribute=i18n.term("group_by", figures.group_by, lang),
                ),
                style="dim",
            )
        )
    for title, rows, word in (
        (t("report.stats.by_event"), figures.by_event, None),
        (t("report.stats.by_chain"), figures.by_chain, "chain"),
        (t("report.stats.by_unit"), figures.by_unit, None),
    ):
        grid = table([title, t("report.stats.count"), t("report.stats.amount")])
        for figure in rows:
            if word is None:
                name = figure.key or t("report.stats.no_event")
            else:
                name = i18n.term(word, figure.key, lang)
            grid.add_row(name, str(figure.count), format_money(figure.amount))
        out.print(grid)


# --- status ---------------------------------------------------------------------------------


def status(
    as_of: str | None = typer.Option(
        None, "--as-of", help=h("report.help.opt.as_of"), metavar="DATE"
    ),
    as_json: bool = typer.Option(False, "--json", help=h("report.help.opt.json")),
    as_recorded: bool = typer.Option(
        False, "--as-recorded", help=h("correct.help.opt.as_recorded")
    ),
    wide: bool = typer.Option(False, "--wide", help=h("opt.wide")),
) -> None:
    from qy_landing.cli.options import parse_optional_date
    from qy_landing.reports.dashboard import build_dashboard

    board = build_dashboard(run.context(), parse_optional_date(as_of), as_recorded=as_recorded)
    if as_json:
        from qy_landing.cli.render import print_json

        print_json(board.as_dict(run.state.lang))
        return
    print_dashboard(board, wide=wide)


def print_dashboard(board: Any, console: Any = None, *, wide: bool = False) -> None:
    """The dashboard on one screen (also used to draw the picture in docs/)."""
    from rich.columns import Columns
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from qy_landing import i18n
    from qy_landing.cli.render import plain, print_limited, table
    from qy_landing.reports.common import STAGES

    lang = run.state.lang
    out = console or plain()
    out.print(Text(t("report.status.title", as_of=board.as_of), style="bold"))
    print_limited(board.limited_to, out)
    peak = max(board.funnel) or 1
    funnel = Table.grid(padding=(0, 1))
    for index, (stage, count) in enumerate(zip(STAGES, board.funnel, strict=True)):
        bar = "█" * max(1 if count else 0, round(24 * count / peak))
        share = f"{100 * count / board.funnel[0]:.0f}%" if board.funnel[0] else ""
        colour = ("cyan", "blue", "magenta", "yellow", "green")[index]
        funnel.add_row(
            i18n.text(f"report.stage.{stage}", lang), Text(bar, style=colour), str(count), share
        )
    units = table(
        [
            i18n.text("report.col.unit", lang),
            t("report.status.active"),
            t("report.status.running"),
            t("report.status.overdue"),
            t("report.status.stuck"),
        ]
    )
    for line in board.units:
        units.add_row(
            line.unit,
            str(line.active),
            str(line.running),
            Text(str(line.overdue), style="bold red" if line.overdue else ""),
            str(line.stuck),
        )
    out.print(
        Columns([Panel(funnel, title=t("report.status.funnel", year=board.as_of.year)), units])
    )
    if board.most_stuck:
        _print_most_stuck(board.most_stuck, out, console, wide=wide)
    else:
        out.print(t("report.stuck.none"))
    if board.moved_due:
        shown = [f"{m.code} {m.step} {m.old} → {m.new}" for m in board.moved_due[:5]]
        more = len(board.moved_due) - len(shown)
        out.print(
            t("report.status.moved_due", count=len(board.moved_due), items="; ".join(shown))
            + (t("report.status.moved_more", count=more) if more else ""),
            soft_wrap=True,
        )
    if board.targets is not None and board.targets.units:
        from qy_landing.cli.targets import print_targets

        print_targets(board.targets, out, note=False)


def _print_most_stuck(projects: Any, out: Any, console: Any, *, wide: bool = False) -> None:
    """The most stuck projects: code and name in one column, codes whole, Chinese folded
    between characters; at 80 columns the unit hides first, then the reasons fold."""
    from qy_landing import i18n
    from qy_landing.cli.render import CODE_WIDTH
    from qy_landing.cli.stream_table import Col, print_stream

    lang = run.state.lang
    out.print(t("report.status.most_stuck"))
    columns = [
        Col(t("col.project"), 0, CODE_WIDTH),
        Col(i18n.text("report.col.unit", lang), 1, 0, 18),
        Col(i18n.text("report.col.stuck_workdays", lang), 0, 0, 10, right=True),
        Col(i18n.text("report.col.reasons", lang), 0, 0, 30),
    ]
    rows = (
        [
            f"{p.code}\n{p.name}",
            p.unit,
            str(p.stuck_workdays),
            i18n.join(p.reason_labels(lang), lang),
        ]
        for p in projects
    )
    print_stream(
        columns,
        rows,
        empty=t("report.stuck.none"),
        hidden_note=lambda hidden: t("table.hidden", columns=i18n.join(hidden, lang)),
        pager=False,
        console=console,
        wide=wide,
    )


# The dispatch meeting's minutes live in their own module (cli/minutes.py).
app.command("minutes", help=h("meeting.help.minutes"))(_minutes)
