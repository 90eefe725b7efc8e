"""``qy-landing demo`` (to be written)."""

from __future__ import annotations


def demo() -> None:
    raise NotImplementedError
