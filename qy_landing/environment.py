"""Environment variables: the one reader of them (table :data:`VARIABLES`), and the language.

The lower half of :mod:`qy_landing.config`, which re-exports every name here: the settings
file and the environment stay one concept with one owner, but a command that needs only
the environment (``project show`` reads ``QY_LANDING_DB``, ``QY_LANDING_USER`` and the
language) does not build the file's fifteen settings classes (≈ 5 % of its start-up).
A test fails when any other module touches ``os.environ`` or ``os.getenv``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from qy_landing.i18n import Lang, known_lang, locale_lang
from qy_landing.parsing import parse_lang

# environment variable -> key path in the file; applied over the file's values.
ENVIRONMENT: dict[str, tuple[str, ...]] = {
    "QY_LANDING_TIMEZONE": ("reminders", "timezone"),
    "QY_LANDING_SUPERVISORS": ("reminders", "supervisors"),  # comma-separated names
    "QY_LANDING_SMTP_HOST": ("channels", "email", "host"),
    "QY_LANDING_SMTP_PORT": ("channels", "email", "port"),
    "QY_LANDING_SMTP_SECURITY": ("channels", "email", "security"),
    "QY_LANDING_SMTP_USER": ("channels", "email", "username"),
    "QY_LANDING_SMTP_PASSWORD": ("channels", "email", "password"),
    "QY_LANDING_SMTP_FROM": ("channels", "email", "from"),
    "QY_LANDING_WECOM_URL": ("channels", "wecom", "url"),
    "QY_LANDING_DINGTALK_URL": ("channels", "dingtalk", "url"),
    "QY_LANDING_DINGTALK_SECRET": ("channels", "dingtalk", "secret"),
    "QY_LANDING_WEBHOOK_URL": ("channels", "webhook", "url"),
    "QY_LANDING_WEBHOOK_TOKEN": ("channels", "webhook", "token"),
    "QY_LANDING_WECOM_APP_SECRET": ("channels", "wecom_app", "secret"),
    "QY_LANDING_DINGTALK_APP_SECRET": ("channels", "dingtalk_work", "app_secret"),
    "QY_LANDING_SMS_SECRET_ID": ("channels", "sms", "secret_id"),
    "QY_LANDING_SMS_SECRET_KEY": ("channels", "sms", "secret_key"),
}


# Every environment variable qy-landing reads (besides ENVIRONMENT's overrides of the file).
VARIABLES: dict[str, str] = {
    "QY_LANDING_CONFIG": "the configuration file to read (then it must exist)",
    "QY_LANDING_DB": "the database URL or SQLite path when --db is not given",
    "QY_LANDING_USER": "the actor written to the audit trail when --as is not given",
    "QY_LANDING_LANG": "the language (zh or en) when --lang is not given",
    "QY_LANDING_WORKFLOWS": "folders of workflow files overriding the shipped ones by name",
    "QY_LANDING_DOCGEN_CHILD": "set by the docs/cli.md generator for its own child process",
    "LC_ALL": "the locale, for the language when nothing else names it",
    "LC_MESSAGES": "the locale, for the language when nothing else names it",
    "LANG": "the locale, for the language when nothing else names it",
    "COLUMNS": "the width of tables written to a file or a pipe (80 when unset)",
    **{name: "overrides " + ".".join(path) for name, path in ENVIRONMENT.items()},
}


def env(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """Environment variable ``name`` (one of :data:`VARIABLES`); None if unset or empty."""
    if name not in VARIABLES:
        raise KeyError(
            f"{name} is not a qy-landing environment variable (see environment.VARIABLES)"
        )
    value = (os.environ if environ is None else environ).get(name)
    return value or None


def environment_with(**overrides: str) -> dict[str, str]:
    """This process's environment with ``overrides`` (for a child process of ours)."""
    for name in overrides:
        env(name)  # only our own variables
    return {**os.environ, **overrides}


def database_url() -> str | None:
    """``QY_LANDING_DB``: the database when ``--db`` is not given."""
    return env("QY_LANDING_DB")


def actor_name() -> str | None:
    """``QY_LANDING_USER``: who acts when ``--as`` is not given."""
    return env("QY_LANDING_USER")


def workflow_folders() -> list[Path]:
    """``QY_LANDING_WORKFLOWS``: extra folders of workflow files (``os.pathsep``-separated)."""
    value = env("QY_LANDING_WORKFLOWS") or ""
    return [Path(folder) for folder in value.split(os.pathsep) if folder]


def detect_lang(explicit: str | None = None) -> Lang:
    """``--lang``, else ``QY_LANDING_LANG``, else the locale (Chinese when it is Chinese).

    Raises :class:`~qy_landing.errors.ChoiceError` for a language that is neither.
    """
    for candidate in (explicit, env("QY_LANDING_LANG")):
        if candidate:
            return parse_lang(candidate)
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env(variable)
        if value:
            return locale_lang(value)
    import locale

    return locale_lang(locale.getlocale()[0] or "")


def early_lang(args: list[str]) -> Lang:
    """The language ``--lang`` names in ``args``, else :func:`detect_lang`; English if invalid."""
    for index, arg in enumerate(args):
        value = None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None and known_lang(value):
            return known_lang(value) or "en"
    try:
        return detect_lang(None)
    except ValueError:
        return "en"
