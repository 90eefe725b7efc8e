"""Reminder templates: shipped in zh and en, an office may reword them but not invent fields."""

from __future__ import annotations

import pytest

from qy_landing.errors import ConfigError
from qy_landing.reminders.messages import fields_of, shipped, templates


def test_both_languages_ship_the_same_templates_with_the_same_fields():
    """Every template exists in zh and en with the same fields (English names the month)."""
    zh, en = shipped("zh"), shipped("en")
    assert zh.keys() == en.keys()
    differ = {k for k in zh if fields_of(zh[k]) != fields_of(en[k])}
    assert differ == {"common.month"}
    assert fields_of(en["common.month"]) == {"month_name", "year"}


def test_an_unknown_language_falls_back_to_chinese():
    """A language without templates gets the Chinese ones."""
    assert templates("fr").lang == "zh"


def test_an_office_rewords_a_template(tmp_path):
    """An override with the same fields replaces the shipped text."""
    key, text = next((k, v) for k, v in shipped("en").items() if fields_of(v))
    field = sorted(fields_of(text))[0]
    (tmp_path / "en.toml").write_text(f'"{key}" = "Our words: {{{field}}}"\n', encoding="utf-8")
    loaded = templates("en", tmp_path)
    assert loaded[key] == f"Our words: {{{field}}}"
    assert loaded.render(key, **dict.fromkeys(fields_of(text), "X")) == "Our words: X"


def test_an_override_with_a_field_the_template_lacks_is_refused(tmp_path):
    """A field the template does not have would fail at send time: refused when loading."""
    key = next(iter(shipped("zh")))
    (tmp_path / "zh.toml").write_text(f'"{key}" = "{{no_such_field}}"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        templates("zh", tmp_path)
    assert "no_such_field" in caught.value.render("en")


def test_an_override_of_an_unknown_key_is_refused(tmp_path):
    """A misspelt key is named, not ignored."""
    (tmp_path / "zh.toml").write_text('"no.such.key" = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        templates("zh", tmp_path)
    assert "no.such.key" in caught.value.render("en")
