"""Every error class: in errors.py, one root, typed fields, a message in Chinese and English."""

from __future__ import annotations

import ast
import inspect
import string
import warnings
from pathlib import Path

import pytest

import qy_landing
from qy_landing import errors, i18n
from qy_landing.errors import (
    BadKindError,
    BadStatusError,
    ChoiceError,
    LandingError,
    NotFoundError,
    ProjectNotFoundError,
    RowProblem,
)
from qy_landing.i18n import Msg, Term

PACKAGE = Path(qy_landing.__file__).parent


def error_classes() -> list[type[BaseException]]:
    """The exception classes errors.py defines."""
    return [
        value
        for value in vars(errors).values()
        if inspect.isclass(value)
        and issubclass(value, BaseException)
        and value.__module__ == errors.__name__
    ]


def user_errors() -> list[type[LandingError]]:
    return [c for c in error_classes() if issubclass(c, LandingError)]


def sample(cls: type[LandingError]) -> LandingError:
    """An instance of ``cls`` with a plausible value for every field its __init__ takes."""
    arguments: dict[str, object] = {}
    for name, parameter in inspect.signature(cls.__init__).parameters.items():
        if name == "self" or parameter.kind is parameter.VAR_KEYWORD:
            continue
        annotation = str(parameter.annotation)
        if parameter.default is not parameter.empty and name != "allowed":
            continue
        if annotation.startswith("list[tuple"):
            arguments[name] = [("signed", 438, 437)]
        elif "Sequence[RowProblem]" in annotation:
            arguments[name] = [RowProblem(2, "code", Msg("expect.text"))]
        elif "Sequence[Term]" in annotation:
            arguments[name] = [Term("status", "approved")]
        elif "Sequence" in annotation:
            arguments[name] = ["a", "b"]
        elif "Term" in annotation:
            arguments[name] = Term("noun", "project")
        elif annotation.startswith("int"):
            arguments[name] = 3
        elif name == "what":
            arguments[name] = "project"
        else:
            arguments[name] = "x"
    if cls.__init__ is LandingError.__init__:  # no own fields: fill what the template names
        template = i18n.text(cls.key, "en")
        names = {field for _, field, _, _ in string.Formatter().parse(template) if field}
        return cls(**dict.fromkeys(names, "x"))
    return cls(**arguments)


@pytest.mark.parametrize("cls", user_errors(), ids=lambda c: c.__name__)
def test_every_error_renders_in_both_languages_from_the_catalogue(
    cls: type[LandingError],
) -> None:
    """Each user error's key has zh and en text, and its message fills every field."""
    assert i18n.has_text(cls.key), cls.key
    error = sample(cls)
    with warnings.catch_warnings():
        warnings.simplefilter("error", i18n.MissingTextWarning)
        for lang in ("zh", "en"):
            text = error.render(lang)
            assert text and "⟦" not in text and "{" not in text, text
    assert error.fields is not None and str(error) == error.render("en")


@pytest.mark.parametrize("cls", error_classes(), ids=lambda c: c.__name__)
def test_every_error_class_says_when_it_is_raised(cls: type[BaseException]) -> None:
    """A one-line "Raised when …" docstring heads every error class."""
    assert (cls.__doc__ or "").startswith("Raised"), cls.__name__


def test_every_user_error_is_also_a_fitting_builtin_where_natural() -> None:
    """Lookups are LookupErrors, bad values ValueErrors (except ValueError catches them)."""
    assert issubclass(NotFoundError, LookupError) and issubclass(ProjectNotFoundError, LookupError)
    assert issubclass(ChoiceError, ValueError) and issubclass(errors.ConfigError, ValueError)
    assert issubclass(errors.InvalidValueError, ValueError)


def test_fields_are_typed_attributes_not_a_catch_all() -> None:
    """Fields are attributes set in __init__; an unknown attribute is an AttributeError."""
    assert "__getattr__" not in vars(LandingError)
    error = ChoiceError("language", "fr", ["zh", "en"])
    assert (error.what, error.value, error.allowed) == ("language", "fr", ["zh", "en"])
    with pytest.raises(AttributeError):
        error.suggestions  # type: ignore[attr-defined]  # noqa: B018


def test_choice_errors_are_one_class() -> None:
    """Reminder kinds and statuses are ChoiceErrors: one message form for every choice."""
    kind = BadKindError("weekly", ["monthly", "overdue", "all"])
    status = BadStatusError("gone", ["pending", "sent"])
    assert isinstance(kind, ChoiceError) and isinstance(status, ChoiceError)
    assert kind.render("en") == "Unknown reminder kind 'weekly'; allowed: monthly, overdue, all"
    assert status.render("zh") == "提醒状态「gone」无效，可选：pending、sent"


def test_not_found_without_hints_says_only_what_is_missing() -> None:
    """With nothing to suggest the message stops after the value."""
    assert NotFoundError("problem", "#9").render("en") == "No problem '#9'"


def test_no_error_class_is_defined_outside_errors_py() -> None:
    """Exception subclasses live in errors.py, the demo's included."""
    elsewhere = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # a private control-flow signal (_DryRunRollback) is not an error of the library
            if (
                isinstance(node, ast.ClassDef)
                and not node.name.startswith("_")
                and any(
                    ast.unparse(base).endswith(("Error", "Exception", "Warning"))
                    and not ast.unparse(base).endswith("MissingTextWarning")
                    for base in node.bases
                )
            ):
                elsewhere.append(f"{relative}:{node.name}")
    # i18n's MissingTextWarning is a warning category of the catalogue, not an error
    assert elsewhere == ["i18n/__init__.py:MissingTextWarning"]
