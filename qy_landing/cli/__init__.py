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

# The root's commands, loaded when invoked: ``qy-landing project show`` imports the
# project commands only, and ``--help`` lists every command from these tables alone.
# name -> (module under qy_landing.cli, attribute, help key); a Typer app is a sub-app,
# a function a top-level command. The order is the order of the help listing.
_LAZY: dict[str, tuple[str, str, str]] = {
    "init": ("setup", "init", "init"),
    "demo": ("demo", "demo", "demo"),
    "stats": ("reports", "stats", "stats"),
    "status": ("reports", "status", "status"),
    "workflow": ("workflows", "app", "workflow"),
    "unit": ("units", "app", "unit"),
    "target": ("targets", "app", "report.help.target"),
    "person": ("people", "app", "person"),
    "project": ("projects", "app", "project"),
    "procedure": ("procedures", "app", "procedure"),
    "problem": ("problems", "app", "problem"),
    "commitment": ("commitments", "app", "meeting.help.commitment"),
    "meeting": ("meeting", "meeting", "meeting.help.meeting"),
    "correct": ("corrections", "app", "correct.help"),
    "calendar": ("calendar", "app", "calendar"),
    "remind": ("reminders", "app", "remind"),
    "scheduler": ("scheduler", "app", "scheduler"),
    "export": ("exports", "app", "export"),
    "import": ("imports", "app", "sheet.help.import"),
    "report": ("reports", "app", "report"),
    "funds": ("funds", "app", "report.help.funds"),
    "user": ("users", "app", "user"),
    "backup": ("backup", "backup", "backup"),
    "restore": ("backup", "restore", "restore"),
}


def _load(name: str) -> Any:
    """The click command of root command ``name``, built from its module."""
    import importlib

    import typer.main

    module_name, attribute, help_key = _LAZY[name]
    target = getattr(importlib.import_module(f"qy_landing.cli.{module_name}"), attribute)
    command: Any
    if isinstance(target, typer.Typer) and not target.registered_groups:
        command = _lazy_group(target)
    elif isinstance(target, typer.Typer):
        target.rich_markup_mode = None  # plain help, as the root's
        target._add_completion = False  # a sub-app, not a program of its own
        command = typer.main.get_group(target)  # a group even with a single command
    else:
        single = typer.Typer(rich_markup_mode=None, add_completion=False)
        single.command(name, help=h(help_key))(target)
        command = typer.main.get_command(single)
    command.name = name
    command.help = h(help_key)
    _use_landing_context(command)
    return command


class _LazySubGroup(typer.core.TyperGroup):
    """A sub-app's group whose commands typer builds when one is asked for: building one
    reads its function's signature and type hints (≈ 2 ms each), and ``project show``
    needs one of eleven. Help and docs/cli.md list them all (and so build them all)."""

    lazy: dict[str, Any]  # command name -> typer's CommandInfo, in registration order
    pretty_exceptions_short: bool = True  # the app's, as typer.main.get_group passes it

    def list_commands(self, ctx: ClickContext) -> list[str]:
        return [*self.lazy]

    def resolve_command(self, ctx: ClickContext, args: list[str]) -> Any:
        if args and args[0] not in self.lazy:  # a typo: typer suggests from built commands
            for name in self.lazy:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: ClickContext, cmd_name: str) -> Any:
        import typer.main

        info = self.lazy.get(cmd_name)
        if cmd_name not in self.commands and info is not None:
            built = typer.main.get_command_from_info(
                info,
                pretty_exceptions_short=self.pretty_exceptions_short,
                rich_markup_mode=None,
            )
            _use_landing_context(built)
            self.commands[cmd_name] = built
        return self.commands.get(cmd_name)


def _lazy_group(app: typer.Typer) -> Any:
    """The click group of sub-app ``app`` (its callback and options built now, its commands
    when invoked): what ``typer.main.get_group`` builds, one command at a time."""
    import typer.main

    lazy = {
        info.name or typer.main.get_command_name(info.callback.__name__): info
        for info in app.registered_commands
        if info.callback is not None
    }
    commands, app.registered_commands = app.registered_commands, []
    cls, app.info.cls = app.info.cls, _LazySubGroup
    try:
        app.rich_markup_mode = None  # plain help, as the root's
        app._add_completion = False  # a sub-app, not a program of its own
        group: Any = typer.main.get_group(app)
    finally:
        app.registered_commands, app.info.cls = commands, cls
    group.lazy = lazy
    group.pretty_exceptions_short = app.pretty_exceptions_short
    return group


def _use_landing_context(command: Any) -> None:
    """Help of ``command`` and its subcommands through our formatter (Chinese, display width)."""
    from qy_landing.cli.parser_texts import LandingContext

    command.context_class = LandingContext
    for sub in getattr(command, "commands", {}).values():
        _use_landing_context(sub)


class LandingGroup(typer.core.TyperGroup):
    """The root group: maps our errors to one line and an exit code, once for all commands;
    loads each command's module only when that command runs (or help lists it)."""

    @property
    def context_class(self) -> Any:  # type: ignore[override]
        from qy_landing.cli.parser_texts import LandingContext

        return LandingContext

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None,
                     **extra: Any) -> Any:  # fmt: skip
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except Exception as exc:
            _usage_error(exc)
            raise

    def list_commands(self, ctx: ClickContext) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in _LAZY if n not in self.commands)]

    def get_command(self, ctx: ClickContext, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in _LAZY:
            command = self.commands[cmd_name] = _load(cmd_name)
        return command

    def format_commands(self, ctx: ClickContext, formatter: Any) -> None:
        """The command list from the tables above, without importing any command module."""
        rows = [(name, h(key)) for name, (_module, _attr, key) in _LAZY.items()]
        if rows:
            with formatter.section(h("commands_heading")):
                formatter.write_dl(rows)

    def invoke(self, ctx: ClickContext) -> Any:
        from qy_landing.cli.render import guarded_output

        with guarded_output():  # no control character in data reaches the terminal raw
            return self._invoke(ctx)

    def _invoke(self, ctx: ClickContext) -> Any:
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
            # Usage errors of the command-line parser: shown in the user's language
            _usage_error(exc)
            if run.state.debug:
                raise
            refusal = _refusal(exc)
            if refusal is not None:  # PostgreSQL said no: say so, never its raw error
                typer.echo(_one_line(refusal.render(run.state.lang)), err=True)
                raise typer.Exit(refusal.exit_code) from None
            from qy_landing.i18n import t

            message = t("cli.internal_error", run.state.lang, error=_describe(exc))
            typer.echo(_one_line(message), err=True)
            raise typer.Exit(3) from None
        finally:
            run.close()


def _refusal(exc: BaseException) -> Any:
    """A :class:`NotPermittedError` for a PostgreSQL refusal (no privilege, a row-level
    security check) raised outside the library's transactions; None for anything else."""
    from qy_landing.store.database import refused

    if not refused(exc):
        return None
    from qy_landing.errors import NotPermittedError

    return NotPermittedError(run.context().db.login)


def _describe(exc: BaseException) -> str:
    """An unexpected error in one line, without SQL, parameters or the data they carry.

    A database error names its kind and the first line of the server's reason (the
    constraint or type at fault); its statement and parameters — phone numbers, e-mail
    addresses — are never shown (``--debug`` shows the traceback).
    """
    orig = getattr(exc, "orig", None)
    if orig is not None and hasattr(exc, "statement"):
        reason = (str(orig).splitlines() or [""])[0]
        return f"{type(exc).__name__} ({type(orig).__name__}): {reason}"
    return f"{type(exc).__name__}: {exc}"


def _usage_error(exc: Exception) -> None:
    """Show a click usage error in the user's language and exit with its code; else return."""
    if not (hasattr(exc, "exit_code") and hasattr(exc, "format_message")):
        return
    from qy_landing.cli.parser_texts import parser_lang, usage_error

    typer.echo(usage_error(exc, parser_lang()), err=True)
    raise typer.Exit(exc.exit_code) from None


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
    from qy_landing.environment import detect_lang

    try:
        run.state.lang = detect_lang(lang)
    except Exception as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from None
    run.state.lang_given = True
    run.state.db = db
    run.state.actor = actor
    run.state.debug = debug
    _route_logs(debug)


_LOG_HANDLERS: list[Any] = []  # the handler _route_logs added


def _route_logs(debug: bool) -> None:
    """Where the library's log records go during a command.

    The records (a delivery attempt that failed, a lease taken over …) are in English for
    the daemon's log (``scheduler run`` sends them there) and for ``--debug``. A command
    reports what went wrong itself, once, in the user's language: without a handler,
    Python's last-resort handler would print every warning a second time, in English.
    """
    import logging

    logger = logging.getLogger("qy_landing")
    while _LOG_HANDLERS:  # an earlier run in this process (tests)
        logger.removeHandler(_LOG_HANDLERS.pop())
    handler: logging.Handler
    if debug:
        handler = logging.StreamHandler()  # stderr
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.setLevel(logging.INFO)
    else:
        handler = logging.NullHandler()
    _LOG_HANDLERS.append(handler)
    logger.addHandler(handler)
    logger.propagate = not debug  # with --debug, shown once, by this handler


def main() -> None:
    """Console entry point."""
    app(prog_name="qy-landing")
