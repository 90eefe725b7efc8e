"""``qy-landing demo``: build the reproducible demo database, then show the dashboard.

The database is the command's ``--db``, else the global ``--db``, else ``QY_LANDING_DB``,
else ``qy-landing-demo.db`` in the current directory. A database with real data is never
touched; an existing demo database is rebuilt only with ``--reset``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h, t, term

if TYPE_CHECKING:
    from qy_landing.cli.render import ProgressBar
    from qy_landing.demo import DemoSummary, Figures


def demo(
    db: str | None = typer.Option(None, "--db", help=h("demo.help.db"), metavar="URL"),
    seed: int = typer.Option(2026, "--seed", help=h("demo.help.seed"), metavar="N"),
    reset: bool = typer.Option(False, "--reset", "--force", help=h("demo.help.reset")),
    as_of: str | None = typer.Option(None, "--as-of", help=h("demo.help.as_of"), metavar="DATE"),
    as_json: bool = typer.Option(False, "--json", help=h("demo.help.json")),
) -> None:
    from qy_landing.cli.options import parse_optional_date
    from qy_landing.demo import DEFAULT_AS_OF, create_demo, default_demo_url
    from qy_landing.store.database import normalise_url, redact

    url = db or run.state.db or run.environment_db() or default_demo_url()
    day = parse_optional_date(as_of) or DEFAULT_AS_OF
    progress = _Phases(t("demo.building", url=redact(normalise_url(url)), seed=seed, as_of=day))
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
    typer.echo(t("demo.next", db=_shell_url(url), as_of=figures.end, start=figures.start))


class _Phases:
    """Progress on stderr: a bar on a terminal, a line per phase (and per quarter) otherwise."""

    def __init__(self, heading: str) -> None:
        self.heading: str | None = heading  # shown once the build really begins
        self.interactive = sys.stderr.isatty()
        self.phase: str | None = None
        self.quarter = 0
        self.bar: ProgressBar | None = None

    def line(self, text: str) -> None:
        typer.echo(text, err=True)

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.heading is not None:
            self.line(self.heading)
            self.heading = None
        label = t(f"demo.phase.{phase}")
        if phase != "history":
            if phase != self.phase:
                self.line(label)
            self.phase = phase
            return
        if self.interactive:
            if self.bar is None:
                from qy_landing.cli.render import ProgressBar

                self.bar = ProgressBar(transient=True)
            self.bar.update(label, done, total)
        else:
            quarter = 4 * done // max(1, total)
            if phase != self.phase or quarter > self.quarter:
                self.line(t("demo.progress", phase=label, done=done, total=total))
            self.quarter = quarter
        self.phase = phase

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _figure_rows(figures: Figures) -> list[tuple[str, str]]:
    from qy_landing.demo import FAIR
    from qy_landing.parsing import format_money

    handled = figures.handled
    growth = figures.funds_growth
    return [
        (t("demo.figures.signed"), str(figures.signed)),
        (t("demo.figures.signed_amount"), format_money(figures.signed_amount)),
        (
            t("demo.figures.fair", event=FAIR),
            f"{figures.fair} / {format_money(figures.fair_amount)}",
        ),
        (
            t("demo.figures.handled"),
            " / ".join(str(handled[k]) for k in ("provincial", "city", "county")),
        ),
        (t("demo.figures.started"), f"{figures.started} / {figures.started_major}"),
        (
            t("demo.figures.funds"),
            format_money(figures.funds) + ("" if growth is None else f" / {growth:+}%"),
        ),
    ]


def _print_summary(summary: DemoSummary) -> None:
    from rich.text import Text

    from qy_landing.cli.render import console, table

    out = console()
    if summary.replaced:
        out.print(t("demo.removed", url=summary.url))
    out.print(
        Text(
            t(
                "demo.done",
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
        [t("demo.figures.item"), t("demo.figures.value")],
        title=t("demo.figures.title", start=figures.start, end=figures.end),
    )
    for name, value in _figure_rows(figures):
        grid.add_row(name, value)
    out.print(grid)
    lang = run.state.lang
    states = "、" if lang == "zh" else ", "
    out.print(
        t("demo.contents.states")
        + ": "
        + states.join(f"{term('state', k)} {v}" for k, v in summary.by_state.items())
    )
    out.print(
        t("demo.contents.statuses")
        + ": "
        + states.join(f"{term('status', k)} {v}" for k, v in summary.by_status.items())
    )
    out.print(
        t(
            "demo.contents.problems",
            open=summary.problems_open,
            resolved=summary.problems_resolved,
            overdue=summary.overdue_procedures,
        )
    )
    out.print(
        t(
            "demo.contents.people",
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
