"""Help and output texts of the CLI in the run's language (catalogue ``i18n/cli.py``)."""

from __future__ import annotations

from typing import Any

from qy_landing import i18n
from qy_landing.cli.state import early_lang, state

_HELP_LANG = early_lang()


# Help texts of the reminder and report commands live in their own catalogues.
_OWN_CATALOGUES = ("remind", "report", "correct")


def h(key: str) -> str:
    """A help text, in the language known before options are parsed.

    ``h("project.add")`` reads ``cli.help.project.add``; keys of the reminder and report
    areas are given whole (``h("remind.help.run")``).
    """
    area = key.split(".", 1)[0]
    full = key if "." in key and area in _OWN_CATALOGUES else f"cli.help.{key}"
    return i18n.text(full, _HELP_LANG)


def t(key: str, **fields: Any) -> str:
    """An output text in the run's language (``--lang`` parsed)."""
    return i18n.t(f"cli.{key}", state.lang, **fields)


def term(kind: str, value: str) -> str:
    return i18n.term(kind, value, state.lang)
