"""``qy-landing report …``, ``stats`` and ``status`` (to be written)."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True)


def stats() -> None:
    raise NotImplementedError


def status() -> None:
    raise NotImplementedError
