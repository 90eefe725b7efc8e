"""What every catalogue keeps: both languages, the same fields in each, keys in its own area."""

from __future__ import annotations

import string
from collections.abc import Mapping

from qy_landing import i18n


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def problems(messages: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """Keys with an empty text, keys routed elsewhere, keys whose zh and en fields differ."""
    found: dict[str, str] = {}
    for key, (zh, en) in messages.items():
        if not (zh.strip() and en.strip()):
            found[key] = "empty"
        elif i18n.catalogue_for(key) is not messages:
            found[key] = "routed to another catalogue"
        elif fields(zh) != fields(en):
            found[key] = f"fields {sorted(fields(zh))} ≠ {sorted(fields(en))}"
    return found
