"""The corrections catalogue: every text in both languages, with the same fields in each."""

from __future__ import annotations

import string

from qy_landing import i18n
from qy_landing.i18n.corrections import MESSAGES


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_has_both_languages_with_the_same_fields():
    """No empty text, no key outside the area, zh and en name the same fields."""
    for key, (zh, en) in MESSAGES.items():
        assert key.startswith("correct."), key
        assert zh.strip() and en.strip(), key
        assert fields(zh) == fields(en), key


def test_keys_route_to_this_catalogue():
    """``correct.*`` keys are found through i18n.text in either language."""
    assert i18n.text("correct.kind.fact", "zh") == "项目信息"
    assert i18n.text("correct.kind.fact", "en") == "project details"
