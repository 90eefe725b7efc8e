"""The CLI's one t/h/join: texts in the run's language, areas routed to their catalogues."""

from __future__ import annotations

import pytest

from qy_landing import i18n
from qy_landing.cli import state, texts


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setattr(state.state, "lang", "en")


def test_output_texts_follow_the_run_language(monkeypatch):
    """t() reads cli.<key> in the language --lang set; other areas' keys are given whole."""
    monkeypatch.setattr(state.state, "lang", "zh")
    assert texts.t("word.yes") == i18n.text("cli.word.yes", "zh")
    monkeypatch.setattr(state.state, "lang", "en")
    assert texts.t("word.yes") == i18n.text("cli.word.yes", "en")
    assert texts.t("meeting.status.missed") == "missed"  # the meeting area, not cli.meeting…


def test_lists_and_words_in_the_run_language(english):
    """join() and term() speak the run's language."""
    assert texts.join(["a", "b", "c"]) == i18n.join(["a", "b", "c"], "en")
    assert texts.term("level", "county") == i18n.term("level", "county", "en")


def test_help_texts_exist_for_keys_of_every_area():
    """h() finds cli.help.* keys and other areas' whole keys (no ⟦missing⟧ marker)."""
    assert "⟦" not in texts.h("project.add")
    assert "⟦" not in texts.h("remind.help.run")
