"""The environment's half of the settings: one reader, the same names through config."""

from __future__ import annotations

import subprocess
import sys

import pytest

from qy_landing import config, environment


def test_config_re_exports_the_very_same_readers():
    """config.env, config.VARIABLES … are environment's own objects (one owner, two names)."""
    for name in ("ENVIRONMENT", "VARIABLES", "env", "environment_with", "database_url",
                 "actor_name", "workflow_folders", "detect_lang", "early_lang"):  # fmt: skip
        assert getattr(config, name) is getattr(environment, name)


def test_a_variable_outside_the_table_is_a_programming_error(monkeypatch):
    """env() reads only the documented variables; empty counts as unset."""
    monkeypatch.setenv("QY_LANDING_DB", "")
    assert environment.database_url() is None
    with pytest.raises(KeyError, match="VARIABLES"):
        environment.env("HOME")


def test_the_language_comes_from_the_arguments_then_the_variables(monkeypatch):
    """--lang wins over QY_LANDING_LANG, which wins over the locale; nonsense falls to English."""
    monkeypatch.setenv("QY_LANDING_LANG", "zh")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert environment.early_lang(["project", "--lang=en"]) == "en"
    assert environment.early_lang(["project", "show"]) == "zh"
    monkeypatch.setenv("QY_LANDING_LANG", "klingon")
    assert environment.early_lang([]) == "en"


def test_importing_it_builds_no_settings_class():
    """The environment alone does not import the settings file's loader (start-up)."""
    code = "import sys, qy_landing.environment; print('qy_landing.config' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
