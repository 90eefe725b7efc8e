"""The global options of one CLI run (``--db``, ``--lang``, ``--as``, ``--debug``).

Kept tiny and free of heavy imports: ``qy-landing --help`` must start fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from qy_landing.errors import ConflictError
    from qy_landing.services.context import Context

T = TypeVar("T")


@dataclass
class CliState:
    db: str | None = None
    lang: str = "zh"
    lang_given: bool = False  # set once the global options are parsed
    actor: str | None = None
    debug: bool = False


state = CliState()


def early_lang(argv: list[str] | None = None) -> str:
    """The language before options are parsed (help texts are chosen at import)."""
    from qy_landing.environment import early_lang as from_args

    return from_args(sys.argv[1:] if argv is None else argv)


_contexts: list[Context] = []


def context() -> Context:
    """The library context for this run: database, actor, real clock (one per run)."""
    if _contexts:
        return _contexts[-1]
    from qy_landing.services.context import Context

    opened = Context.open(state.db, actor=state.actor)
    _contexts.append(opened)
    return opened


def close() -> None:
    """Release the run's database connections (a run ends; tests run many in one process)."""
    while _contexts:
        _contexts.pop().db.dispose()


def lang() -> str:
    return state.lang


def environment_db() -> str | None:
    from qy_landing.environment import database_url

    return database_url()


def retrying(call: Callable[[ConflictError | None], T]) -> T:
    """Run a project change; retried (and said so on stderr) when someone else wrote first.

    See :func:`qy_landing.services.changes.retry_on_conflict`: every attempt checks the
    change again on the new version, at most three times.
    """
    import typer

    from qy_landing.i18n import t
    from qy_landing.services.changes import retry_on_conflict

    def notify(conflict: ConflictError, attempt: int, attempts: int) -> None:
        project = conflict.fields.get("project")
        message = t("cli.conflict_retry", state.lang, project=project, attempt=attempt, of=attempts)
        typer.echo(message, err=True)

    return retry_on_conflict(call, notify=notify)
