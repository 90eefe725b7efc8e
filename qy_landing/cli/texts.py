"""Help and output texts of the CLI in the run's language (catalogue ``i18n/cli.py``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from qy_landing import i18n
from qy_landing.cli.state import early_lang, state

_HELP_LANG = early_lang()


def help_lang() -> str:
    """The language help texts were chosen in (before ``--lang`` is parsed)."""
    return _HELP_LANG


# Texts of the reminder, report, demo, meeting, sheet and correct commands live in their own
# catalogues.
_OWN_CATALOGUES = ("remind", "report", "demo", "meeting", "sheet", "correct")


def _own(key: str) -> bool:
    return "." in key and key.split(".", 1)[0] in _OWN_CATALOGUES


def h(key: str) -> str:
    """A help text, in the language known before options are parsed.

    ``h("project.add")`` reads ``cli.help.project.add``; keys of the reminder, report and
    demo areas are given whole (``h("remind.help.run")``).
    """
    return i18n.text(key if _own(key) else f"cli.help.{key}", _HELP_LANG)


def t(key: str, **fields: Any) -> str:
    """An output text in the run's language (``--lang`` parsed); the one ``t`` of the CLI.

    ``t("import.done")`` reads ``cli.import.done``; keys of the reminder, report and demo
    areas are given whole (``t("report.redblack.written")``).
    """
    return i18n.t(key if _own(key) else f"cli.{key}", state.lang, **fields)


def join(items: Iterable[str]) -> str:
    """Items listed in the run's language (``a、b`` / ``a, b``)."""
    return i18n.join(list(items), state.lang)


def term(kind: str, value: str) -> str:
    return i18n.term(kind, value, state.lang)
