"""The global options of one CLI run (``--db``, ``--lang``, ``--as``, ``--debug``).

Kept tiny and free of heavy imports: ``qy-landing --help`` must start fast.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qy_landing.services.context import Context


@dataclass
class CliState:
    db: str | None = None
    lang: str = "zh"
    actor: str | None = None
    debug: bool = False


state = CliState()


def early_lang(argv: list[str] | None = None) -> str:
    """The language before options are parsed (help texts are chosen at import)."""
    from qy_landing.config import early_lang as from_args

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
    from qy_landing.config import database_url

    return database_url()
