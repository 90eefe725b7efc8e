"""The reports' catalogue: every text in both languages, with the same fields in each."""

from __future__ import annotations

from qy_landing import i18n
from qy_landing.i18n.reports import MESSAGES
from tests.i18n.catalogue import problems


def test_every_key_has_both_languages_with_the_same_fields():
    """No empty text, no key routed to another catalogue, zh and en name the same fields."""
    assert problems(MESSAGES) == {}


def test_keys_are_found_through_the_catalogue_in_both_languages():
    """Every key reads back through i18n.text as its own zh and en text."""
    for key, (zh, en) in MESSAGES.items():
        assert (i18n.text(key, "zh"), i18n.text(key, "en")) == (zh, en), key
