"""Simplified Chinese and English texts: messages, and names of states, levels, roles …

Catalogues live beside this module, one per area (``core``, ``cli``, ``reminders``,
``reports``), each a dict ``key -> (zh, en)``; the first part of a key picks the
catalogue, which is imported only when first needed.
"""

from __future__ import annotations

import importlib
import locale
import os
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

# key prefix -> catalogue module; every other prefix lives in ``core``
_AREAS = {"cli": "cli", "remind": "reminders", "report": "reports"}
_AREAS["demo"] = "demo"  # the demo command's own catalogue (i18n/demo.py)
_AREAS["correct"] = "corrections"  # corrections and point-in-time views (i18n/corrections.py)


@cache
def _catalogue(area: str) -> Mapping[str, tuple[str, str]]:
    module = importlib.import_module(f"qy_landing.i18n.{area}")
    catalogue: Mapping[str, tuple[str, str]] = module.MESSAGES
    return catalogue


def catalogue_for(key: str) -> Mapping[str, tuple[str, str]]:
    return _catalogue(_AREAS.get(key.split(".", 1)[0], "core"))


def text(key: str, lang: str, default: str | None = None) -> str:
    """The raw catalogue text of ``key``; ``default`` (or the key) when it is missing."""
    pair = catalogue_for(key).get(key)
    if pair is None:
        return key if default is None else default
    return pair[0] if lang == "zh" else pair[1]


def term(kind: str, value: str, lang: str) -> str:
    """The name of a state, level, role, status, chain … in ``lang``; the value itself if unknown."""
    return text(f"{kind}.{value}", lang, default=value)


def join(items: list[str], lang: str) -> str:
    if not items:
        return text("word.none", lang)
    return ("、" if lang == "zh" else ", ").join(items)


def format_value(value: Any, lang: str) -> str:
    from qy_landing.errors import Msg, RowProblem, Term

    if isinstance(value, Term):
        return term(value.kind, value.value, lang)
    if isinstance(value, Msg):
        return value.render(lang)
    if hasattr(value, "localize"):
        return str(value.localize(lang))
    if isinstance(value, RowProblem):
        return render_message(
            "error.row_problem",
            lang,
            {"row": value.row, "column": value.column, "reason": value.reason},
        )
    if isinstance(value, list | tuple):
        return join([format_value(v, lang) for v in value], lang)
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if value is None:
        return ""
    return str(value)


def render_message(key: str, lang: str, fields: Mapping[str, Any]) -> str:
    template = text(key, lang)
    values = {name: format_value(v, lang) for name, v in fields.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        # A catalogue template naming a field the error lacks must not hide the error itself.
        return f"{template} {values}"


def t(key: str, lang: str, **fields: Any) -> str:
    """Render catalogue message ``key`` in ``lang`` with ``fields``."""
    return render_message(key, lang, fields)


def detect_lang(explicit: str | None = None) -> Lang:
    """``--lang``, else ``QY_LANDING_LANG``, else the locale (Chinese when it is Chinese)."""
    for candidate in (explicit, os.environ.get("QY_LANDING_LANG")):
        if candidate:
            return normalise_lang(candidate)
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    current = locale.getlocale()[0] or ""
    return "zh" if current.lower().startswith("zh") else "en"


def normalise_lang(value: str) -> Lang:
    low = value.strip().lower().replace("_", "-")
    if low in ("zh", "cn", "zh-cn", "zh-hans", "chinese", "中文"):
        return "zh"
    if low in ("en", "en-us", "en-gb", "english"):
        return "en"
    from qy_landing.errors import ChoiceError

    raise ChoiceError("language", value, ["zh", "en"])
