"""Message templates in Chinese and English (``templates/zh.toml``, ``templates/en.toml``).

Each file holds sections (``common``, ``monthly``, ``overdue``, ``stall``) of named
``str.format`` templates. An office may override single entries with files of the same
names in the folder named by ``reminders.templates`` in ``qy-landing.toml``; an override
must use only the fields the shipped template uses.
"""

from __future__ import annotations

import string
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from qy_landing.errors import ConfigError, Msg

LANGS = ("zh", "en")


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


def fields_of(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@cache
def shipped(lang: str) -> dict[str, str]:
    text = (
        resources.files("qy_landing.reminders")
        .joinpath(f"templates/{lang}.toml")
        .read_text(encoding="utf-8")
    )
    return _flatten(tomllib.loads(text))


class Templates:
    """The templates of one language; ``render("monthly.title", month=…, …)``."""

    def __init__(self, lang: str, entries: dict[str, str]) -> None:
        self.lang = lang
        self.entries = entries

    def __getitem__(self, key: str) -> str:
        return self.entries[key]

    def render(self, name: str, /, **fields: Any) -> str:
        template = self.entries[name]
        if self.lang == "en":  # "1 project", never "1 projects"
            from qy_landing.i18n import singular_counts

            template = singular_counts(template, fields)
        return template.format(**fields)


@cache
def _load(lang: str, folder: Path | None) -> Templates:
    entries = dict(shipped(lang))
    if folder is not None:
        path = folder / f"{lang}.toml"
        if path.is_file():
            try:
                override = _flatten(tomllib.loads(path.read_text(encoding="utf-8")))
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
                raise ConfigError(str(path), Msg("config.syntax", reason=str(exc))) from None
            for key, template in override.items():
                if key not in entries:
                    raise ConfigError(
                        str(path),
                        Msg("config.unknown_key", setting=key, allowed=sorted(entries)),
                    )
                extra = fields_of(template) - fields_of(entries[key])
                if extra:
                    raise ConfigError(
                        str(path),
                        Msg(
                            "config.template_fields",
                            setting=key,
                            fields=sorted(extra),
                            allowed=sorted(fields_of(entries[key])),
                        ),
                    )
                entries[key] = template
    return Templates(lang, entries)


def templates(lang: str, folder: Path | None = None) -> Templates:
    """The templates of ``lang`` (``zh`` for anything else), with the office's overrides."""
    return _load(lang if lang in LANGS else "zh", folder)
