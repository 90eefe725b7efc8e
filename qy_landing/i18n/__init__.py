"""Simplified Chinese and English texts: messages, and names of states, levels, roles …

Catalogues live beside this module, one per area (``core``, ``cli``, ``reminders``,
``reports``), each a dict ``key -> (zh, en)``; the first part of a key picks the
catalogue, which is imported only when first needed.

The bilingual value types live here too: :class:`Term` (a word translated when shown),
:class:`Trigger` (a trigger with its name) and :class:`Msg` (a catalogue message with its
fields). Errors carry them; this package imports nothing else of ``qy_landing``, so every
other module may import it.

A key missing from its catalogue is a bug: :func:`text` then warns
(:class:`MissingTextWarning`, an error under the test suite) and shows the key with a
marker rather than passing the bare key off as text.
"""

from __future__ import annotations

import importlib
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

# key prefix -> catalogue module; every other prefix lives in ``core``
_AREAS = {"cli": "cli", "remind": "reminders", "report": "reports"}
_AREAS["demo"] = "demo"  # the demo command's own catalogue (i18n/demo.py)
_AREAS["sheet"] = "sheets"  # the progress sheets (i18n/sheets.py)
_AREAS["meeting"] = "meeting"  # commitments and the dispatch meeting (i18n/meeting.py)
_AREAS["correct"] = "corrections"  # corrections and point-in-time views (i18n/corrections.py)


@cache
def _catalogue(area: str) -> Mapping[str, tuple[str, str]]:
    module = importlib.import_module(f"qy_landing.i18n.{area}")
    catalogue: Mapping[str, tuple[str, str]] = module.MESSAGES
    return catalogue


def catalogue_for(key: str) -> Mapping[str, tuple[str, str]]:
    return _catalogue(_AREAS.get(key.split(".", 1)[0], "core"))


class MissingTextWarning(UserWarning):
    """Raised (as a warning) when code asks for a catalogue key that has no text."""


def text(key: str, lang: str, default: str | None = None) -> str:
    """The raw catalogue text of ``key``.

    ``default`` is for optional lookups (a state's name, else the state itself). Without a
    default a missing key warns with :class:`MissingTextWarning` and gives ``⟦key⟧``, so
    the gap is visible instead of passing for text.
    """
    pair = catalogue_for(key).get(key)
    if pair is None:
        if default is not None:
            return default
        warnings.warn(f"no catalogue text for {key!r}", MissingTextWarning, stacklevel=2)
        return f"⟦{key}⟧"
    return pair[0] if lang == "zh" else pair[1]


class _CharWidths(dict[str, int]):
    """Display columns of each character met so far (1, or 2 for East Asian wide ones):
    a long list measures the same few thousand characters over and over."""

    def __missing__(self, char: str) -> int:
        import unicodedata

        width = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        self[char] = width
        return width


_char_width = _CharWidths().__getitem__


def display_width(text: str) -> int:
    """Columns ``text`` takes on a screen or a page: East Asian wide characters count 2."""
    if text.isascii():
        return len(text)
    return sum(map(_char_width, text))


def has_text(key: str) -> bool:
    """Whether ``key`` is in its catalogue with both languages (or both blank on purpose)."""
    pair = catalogue_for(key).get(key)
    return pair is not None and bool(pair[0].strip()) == bool(pair[1].strip())


def term(kind: str, value: str, lang: str) -> str:
    """The name of a state, level, role, status, chain … in ``lang``; the value itself if unknown."""
    return text(f"{kind}.{value}", lang, default=value)


def join(items: Iterable[str], lang: str, *, cell: bool = False) -> str:
    """Items as one text: ``a、b`` / ``a, b``, or "无"/"none" when there are none.

    ``cell=True`` is for one cell of an export (a column of persons, reasons, procedures):
    ``a；b`` / ``a; b``, since items may hold 、 or commas themselves, and an empty cell
    stays empty.
    """
    listed = list(items)
    if cell:
        return ("；" if lang == "zh" else "; ").join(listed)
    if not listed:
        return text("word.none", lang)
    return ("、" if lang == "zh" else ", ").join(listed)


# --- bilingual values ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A word to be translated when the message is rendered (a state, a level, a role …)."""

    kind: str
    value: str

    def localize(self, lang: str) -> str:
        return term(self.kind, self.value, lang)


def terms(kind: str, values: Iterable[str]) -> list[Term]:
    return [Term(kind, v) for v in values]


@dataclass(frozen=True)
class Trigger:
    """A trigger as users must type it, with its name: ``finish_city（完成市级手续）``."""

    name: str

    def localize(self, lang: str) -> str:
        label = text(f"trigger.{self.name}", lang, default="")
        if not label or label.casefold() == self.name.replace("_", " ").casefold():
            return self.name
        return f"{self.name}（{label}）" if lang == "zh" else f"{self.name} ({label})"


def triggers(names: Iterable[str]) -> list[Trigger]:
    return [Trigger(n) for n in names]


@dataclass(frozen=True)
class Labelled:
    """A choice as typed (its key) with its name: ``filing（项目备案）`` / ``filing (Filing)``."""

    key: str
    label: Any  # anything with localize(lang), such as a workflow Text

    def localize(self, lang: str) -> str:
        name = str(self.label.localize(lang))
        if name.casefold() == self.key.replace("_", " ").casefold():
            return self.key
        return f"{self.key}（{name}）" if lang == "zh" else f"{self.key} ({name})"


class Msg:
    """A catalogue message with its fields, rendered in the reader's language later."""

    __slots__ = ("fields", "key")

    def __init__(self, key: str, **fields: Any) -> None:
        self.key = key
        self.fields = fields

    def render(self, lang: str = "en") -> str:
        return render_message(self.key, lang, self.fields)

    def localize(self, lang: str) -> str:
        return self.render(lang)

    def as_data(self) -> dict[str, Any]:
        """The fields as JSON-ready data (:meth:`from_data` reads them back): nested messages
        and :class:`Term` words stay translatable, other bilingual values keep both
        renderings, dates and amounts become their text."""
        return {name: _to_data(value) for name, value in self.fields.items()}

    @classmethod
    def from_data(cls, key: str, fields: Mapping[str, Any]) -> Msg:
        """The message ``key`` with fields stored by :meth:`as_data`."""
        return cls(key, **{name: _from_data(value) for name, value in fields.items()})

    def known(self) -> bool:
        """Whether this message and every message in its fields have catalogue text (a
        stored message may name a key a later version no longer has)."""
        nested = (v for v in self.fields.values() if isinstance(v, Msg))
        return has_text(self.key) and all(m.known() for m in nested)

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, {self.fields!r})"

    def __str__(self) -> str:
        return self.render("en")


@dataclass(frozen=True)
class Rendered:
    """A bilingual value kept as its two renderings (a stored message's field)."""

    zh: str
    en: str

    def localize(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def _to_data(value: Any) -> Any:
    if isinstance(value, Msg):
        return {"msg": value.key, "fields": value.as_data()}
    if isinstance(value, Term):
        return {"term": value.kind, "value": value.value}
    if hasattr(value, "localize"):
        return {"zh": str(value.localize("zh")), "en": str(value.localize("en"))}
    if isinstance(value, list | tuple):
        return [_to_data(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return format_value(value, "en")


def _from_data(value: Any) -> Any:
    if isinstance(value, list):
        return [_from_data(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "msg" in value:
        return Msg.from_data(str(value["msg"]), value.get("fields") or {})
    if "term" in value:
        return Term(str(value["term"]), str(value.get("value", "")))
    return Rendered(str(value.get("zh", "")), str(value.get("en", "")))


def format_value(value: Any, lang: str) -> str:
    """A message field as text: bilingual values (anything with ``localize``) in ``lang``."""
    if hasattr(value, "localize"):
        return str(value.localize(lang))
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


# English nouns counted in messages: "{count} projects" reads "1 project" for one
_COUNTED = frozenset(
    [
        "change",
        "character",
        "file",
        "person",
        "procedure",
        "project",
        "reminder",
        "row",
        "state",
        "supervisor",
        "unit",
        "day",
        "workday",
        "item",
        "problem",
        "message",
        "commitment",
        "task",
        "byte",
    ]
)
_COUNTED_NOUN = re.compile(r"\{(\w+)\} ([a-z]+)s\b")


def singular_counts(template: str, fields: Mapping[str, Any]) -> str:
    """``template`` with ``{n} projects`` made ``{n} project`` where the field ``n`` is 1."""

    def one(match: re.Match[str]) -> str:
        name, noun = match.group(1), match.group(2)
        if noun in _COUNTED and fields.get(name) == 1 and not isinstance(fields.get(name), bool):
            return f"{{{name}}} {noun}"
        return match.group(0)

    return _COUNTED_NOUN.sub(one, template)


def render_message(key: str, lang: str, fields: Mapping[str, Any]) -> str:
    template = text(key, lang)
    if lang == "en" and "s" in template:
        template = singular_counts(template, fields)
    values = {name: format_value(v, lang) for name, v in fields.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        # A catalogue template naming a field the error lacks must not hide the error itself.
        return f"{template} {values}"


def t(key: str, lang: str, **fields: Any) -> str:
    """Render catalogue message ``key`` in ``lang`` with ``fields``."""
    return render_message(key, lang, fields)


def fold(text: str) -> str:
    """``text`` as compared with a choice: full-width and half-width forms folded (NFKC, so
    ``（报告表）`` equals ``(报告表)``), case folded, ``-`` and spaces as ``_``."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", text).strip().casefold()
    return re.sub(r"[\s\-]+", "_", folded)


def known_lang(value: str) -> Lang | None:
    """``zh``/``en`` for the ways people write a language (``zh-CN``, ``中文`` …); else None."""
    low = value.strip().lower().replace("_", "-")
    if low in ("zh", "cn", "zh-cn", "zh-hans", "chinese", "中文"):
        return "zh"
    if low in ("en", "en-us", "en-gb", "english"):
        return "en"
    return None


def locale_lang(locale_name: str) -> Lang:
    """Chinese when a locale name (``zh_CN.UTF-8``) is Chinese, else English."""
    return "zh" if locale_name.lower().startswith("zh") else "en"
