"""The fixed words, and names of states and triggers typed by key or name."""

from __future__ import annotations

import pytest

from qy_landing import i18n
from qy_landing.errors import ChoiceError
from qy_landing.vocabulary import name_key, resolve


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_state_or_trigger_name_resolves_to_its_key(lang):
    """Keys, and Chinese or English names in any case and spacing, give the key."""
    assert name_key("state", i18n.term("state", "city", lang)) == "city"
    assert name_key("trigger", f"  {i18n.term('trigger', 'begin', lang).upper()} ") == "begin"
    assert name_key("trigger", "START-CONSTRUCTION") == "start_construction"


def test_an_unknown_name_is_left_for_the_definition_to_judge():
    """A name the catalogue does not know comes back as typed (stripped)."""
    assert name_key("state", " withdrawn ") == "withdrawn"


def test_a_fixed_word_outside_its_vocabulary_is_a_choice_error():
    """``resolve`` refuses a word that is not in the vocabulary, listing the allowed ones."""
    assert resolve("role", "落地专员") == "commissioner"
    with pytest.raises(ChoiceError):
        resolve("role", "mayor")
