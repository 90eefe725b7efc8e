"""The ``qy-landing`` terminal: typer sub-apps by noun over the library API.

Commands parse their options, call one library function and render the result. Nothing
here is imported by the library. Heavy modules (SQLAlchemy, openpyxl, APScheduler …) are
imported inside the commands that need them, so ``qy-landing --help`` starts fast.

Every :class:`~qy_landing.errors.LandingError` is turned into one line on stderr in the
chosen language and exit code 1 (usage errors exit 2), in :class:`LandingGroup` — once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer
import typer.core

if TYPE_CHECKING:
    from typer._click.core import Context as ClickContext

from qy_landing.cli import state as run
from qy_landing.cli.texts import h


class LandingGroup(typer.core.TyperGroup):
    """The root group: maps our errors to one line and an exit code, once for all commands."""

    def invoke(self, ctx: ClickContext) -> Any:
        from qy_landing.errors import LandingError

        try:
            return super().invoke(ctx)
        except LandingError as exc:
            if run.state.debug:
                raise
            typer.echo(_one_line(exc.render(run.state.lang)), err=True)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # Output piped into `head` and the reader went away: stop quietly, like Unix tools.
            _silence_stdout()
            raise typer.Exit(141) from None
        except Exception as exc:
            # Usage errors of the command-line parser carry an exit code and show themselves.
            if (hasattr(exc, "exit_code") and hasattr(exc, "show")) or run.state.debug:
                raise
            from qy_landing.i18n import t

            message = t("cli.internal_error", run.state.lang, error=f"{type(exc).__name__}: {exc}")
            typer.echo(_one_line(message), err=True)
            raise typer.Exit(3) from None
        finally:
            run.close()


def _silence_stdout() -> None:
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests)
        pass


def _one_line(text: str) -> str:
    return " ".join(text.split())


app = typer.Typer(
    cls=LandingGroup,
    name="qy-landing",
    help=h("root"),
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    pretty_exceptions_enable=False,
    # Plain help text: rich-formatted help costs ~120 ms of imports on every --help.
    rich_markup_mode=None,
)


@app.callback()
def _global_options(
    db: str | None = typer.Option(None, "--db", help=h("opt.db"), metavar="URL"),
    lang: str | None = typer.Option(None, "--lang", help=h("opt.lang"), metavar="zh|en"),
    actor: str | None = typer.Option(None, "--as", help=h("opt.as"), metavar="NAME"),
    debug: bool = typer.Option(False, "--debug", help=h("opt.debug")),
) -> None:
    from qy_landing.i18n import detect_lang

    try:
        run.state.lang = detect_lang(lang)
    except Exception as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from None
    run.state.db = db
    run.state.actor = actor
    run.state.debug = debug


def _plain(sub: typer.Typer) -> typer.Typer:
    sub.rich_markup_mode = None
    return sub


def _register() -> None:
    """Sub-apps by noun, and the top-level commands."""
    from qy_landing.cli import (
        calendar,
        demo,
        exports,
        funds,
        people,
        problems,
        procedures,
        projects,
        reminders,
        reports,
        scheduler,
        setup,
        units,
        workflows,
    )

    app.command("init", help=h("init"))(setup.init)
    app.command("demo", help=h("demo"))(demo.demo)
    app.add_typer(_plain(workflows.app), name="workflow", help=h("workflow"))
    app.add_typer(_plain(units.app), name="unit", help=h("unit"))
    app.add_typer(_plain(people.app), name="person", help=h("person"))
    app.add_typer(_plain(projects.app), name="project", help=h("project"))
    app.add_typer(_plain(procedures.app), name="procedure", help=h("procedure"))
    app.add_typer(_plain(problems.app), name="problem", help=h("problem"))
    app.add_typer(_plain(calendar.app), name="calendar", help=h("calendar"))
    app.add_typer(_plain(reminders.app), name="remind", help=h("remind"))
    app.add_typer(_plain(scheduler.app), name="scheduler", help=h("scheduler"))
    app.add_typer(_plain(exports.app), name="export", help=h("export"))
    app.add_typer(_plain(reports.app), name="report", help=h("report"))
    app.add_typer(_plain(funds.app), name="funds", help=h("report.help.funds"))
    app.command("stats", help=h("stats"))(reports.stats)
    app.command("status", help=h("status"))(reports.status)


_register()


def main() -> None:
    """Console entry point."""
    app(prog_name="qy-landing")
