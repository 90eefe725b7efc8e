"""``qy-landing demo``: build the reproducible demo database, then show the dashboard.

The database is the command's ``--db``, else the global ``--db``, else ``QY_LANDING_DB``,
else ``qy-landing-demo.db`` in the current directory. A database with real data is never
touched; an existing demo database is rebuilt only with ``--reset``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import typer

from qy_landing import i18n
from qy_landing.cli import state as run

if TYPE_CHECKING:
    from qy_landing.demo import DemoSummary, Figures

_HELP_LANG = run.early_lang()


def _h(key: str) -> str:
    return i18n.text(f"demo.help.{key}", _HELP_LANG)


def _t(key: str, **fields: Any) -> str:
    return i18n.t(f"demo.{key}", run.state.lang, **fields)


def demo(
    db: str | None = typer.Option(None, "--db", help=_h("db"), metavar="URL"),
    seed: int = typer.Option(2026, "--seed", help=_h("seed"), metavar="N"),
    reset: bool = typer.Option(False, "--reset", "--force", help=_h("reset")),
    as_of: str | None = typer.Option(None, "--as-of", help=_h("as_of"), metavar="DATE"),
    as_json: bool = typer.Option(False, "--json", help=_h("json")),
) -> None:
    from qy_landing.cli.options import parse_optional_date
    from qy_landing.demo import DEFAULT_AS_OF, create_demo, default_demo_url
    from qy_landing.store.database import normalise_url, redact

    url = db or run.state.db or run.environment_db() or default_demo_url()
    day = parse_optional_date(as_of) or DEFAULT_AS_OF
    progress = _Progress(_t("building", url=redact(normalise_url(url)), seed=seed, as_of=day))
    try:
        summary = create_demo(url, reset=reset, seed=seed, as_of=day, on_progress=progress)
    finally:
        progress.close()
    if as_json:
        from qy_landing.cli.render import print_json

        print_json(summary.as_dict())
        return
    _print_summary(summary)
    _print_dashboard(url, summary)
    figures = summary.figures
    typer.echo(_t("next", db=_shell_url(url), as_of=figures.end, start=figures.start))


class _Progress:
    """Progress on stderr: a bar on a terminal, a line per phase (and per quarter) otherwise."""

    def __init__(self, heading: str) -> None:
        self.heading: str | None = heading  # shown once the build really begins
        self.interactive = sys.stderr.isatty()
        self.phase: str | None = None
        self.quarter = 0
        self.bar: Any = None
        self.task: Any = None

    def line(self, text: str) -> None:
        typer.echo(text, err=True)

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.heading is not None:
            self.line(self.heading)
            self.heading = None
        label = _t(f"phase.{phase}")
        if phase != "history":
            if phase != self.phase:
                self.line(label)
            self.phase = phase
            return
        if self.interactive:
            if self.bar is None:
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

                from qy_landing.cli.render import console

                self.bar = Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    console=console(stderr=True),
                    transient=True,
                )
                self.bar.start()
                self.task = self.bar.add_task(label, total=total)
            self.bar.update(self.task, completed=done)
        else:
            quarter = 4 * done // max(1, total)
            if phase != self.phase or quarter > self.quarter:
                self.line(_t("progress", phase=label, done=done, total=total))
            self.quarter = quarter
        self.phase = phase

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _money(value: object) -> str:
    return f"{value:,.2f}"


def _figure_rows(figures: Figures) -> list[tuple[str, str]]:
    from qy_landing.demo import FAIR

    handled = figures.handled
    growth = figures.funds_growth
    return [
        (_t("figures.signed"), str(figures.signed)),
        (_t("figures.signed_amount"), _money(figures.signed_amount)),
        (_t("figures.fair", event=FAIR), f"{figures.fair} / {_money(figures.fair_amount)}"),
        (
            _t("figures.handled"),
            " / ".join(str(handled[k]) for k in ("provincial", "city", "county")),
        ),
        (_t("figures.started"), f"{figures.started} / {figures.started_major}"),
        (
            _t("figures.funds"),
            _money(figures.funds) + ("" if growth is None else f" / {growth:+}%"),
        ),
    ]


def _print_summary(summary: DemoSummary) -> None:
    from rich.text import Text

    from qy_landing.cli.render import console, table

    out = console()
    if summary.replaced:
        out.print(_t("removed", url=summary.url))
    out.print(
        Text(
            _t(
                "done",
                url=summary.url,
                projects=summary.projects,
                events=summary.events,
                seconds=f"{summary.seconds:.1f}",
            ),
            style="bold green",
        )
    )
    figures = summary.figures
    grid = table(
        [_t("figures.item"), _t("figures.value")],
        title=_t("figures.title", start=figures.start, end=figures.end),
    )
    for name, value in _figure_rows(figures):
        grid.add_row(name, value)
    out.print(grid)
    lang = run.state.lang
    states = "、" if lang == "zh" else ", "
    out.print(
        _t("contents.states")
        + ": "
        + states.join(f"{i18n.term('state', k, lang)} {v}" for k, v in summary.by_state.items())
    )
    out.print(
        _t("contents.statuses")
        + ": "
        + states.join(f"{i18n.term('status', k, lang)} {v}" for k, v in summary.by_status.items())
    )
    out.print(
        _t(
            "contents.problems",
            open=summary.problems_open,
            resolved=summary.problems_resolved,
            overdue=summary.overdue_procedures,
        )
    )
    out.print(
        _t(
            "contents.people",
            units=summary.units,
            persons=summary.persons,
            supervisors=summary.supervisors,
        )
    )


def _print_dashboard(url: str, summary: DemoSummary) -> None:
    """The ``status`` dashboard of the new database, as of the demo's date."""
    from qy_landing.cli.reports import print_dashboard
    from qy_landing.clock import FixedClock
    from qy_landing.reports.dashboard import build_dashboard
    from qy_landing.services.context import Context

    ctx = Context.open(url, actor=run.state.actor, clock=FixedClock.on(summary.as_of, hour=18))
    try:
        print_dashboard(build_dashboard(ctx, summary.as_of))
    finally:
        ctx.db.dispose()


def _shell_url(url: str) -> str:
    """The URL as typed in a shell (the demo file's plain path when it is one)."""
    prefix = "sqlite:///"
    return url[len(prefix) :] if url.startswith(prefix) else url
