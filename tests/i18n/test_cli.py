"""The CLI's catalogue: every text in both languages, with the same fields in each."""

from __future__ import annotations

from qy_landing import i18n
from qy_landing.i18n.cli import MESSAGES
from tests.i18n.catalogue import problems

# Deliberate: an ordinary day has no mark in the calendar grid; the English month title
# is "2026-09" (zero-padded `mm`), the Chinese one "2026 年 9 月".
EXPECTED = {
    "cli.calendar.mark.workday": "empty",
    "cli.calendar.mark.weekend": "empty",
    "cli.calendar.month_title": "fields ['month', 'year'] ≠ ['mm', 'year']",
}


def test_every_key_has_both_languages_with_the_same_fields():
    """No empty text (but the blank day marks), zh and en name the same fields."""
    assert problems(MESSAGES) == EXPECTED


def test_keys_are_found_through_the_catalogue_in_both_languages():
    """Every key reads back through i18n.text as its own zh and en text."""
    for key, (zh, en) in MESSAGES.items():
        if key not in EXPECTED:
            assert (i18n.text(key, "zh"), i18n.text(key, "en")) == (zh, en), key
