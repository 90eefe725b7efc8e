"""Catalogues: every key the code uses has Chinese and English text; a gap is never silent."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import qy_landing
from qy_landing import errors, i18n
from qy_landing.cli import texts
from qy_landing.i18n import Msg, Term, Trigger

PACKAGE = Path(qy_landing.__file__).parent
AREAS = ("core", "cli", "reminders", "reports", "demo", "sheets")
OWN_CLI_AREAS = texts._OWN_CATALOGUES  # keys cli/texts.py takes whole


def _name(call: ast.Call) -> str:
    """The called name: ``t`` for ``t(…)`` and ``i18n.t(…)``; other objects' methods don't count."""
    func = call.func
    if isinstance(func, ast.Attribute):
        owner = func.value
        # i18n.t(…), i18n.text(…); config's self.fail(key, "problem") names config.<problem>
        wanted = {"i18n": func.attr, "self": "fail" if func.attr == "fail" else ""}
        return wanted.get(owner.id, "") if isinstance(owner, ast.Name) else ""
    return getattr(func, "id", "")


def keys_used(path: Path) -> Iterator[tuple[str, int]]:
    """Catalogue keys written as literals in ``path``, resolved as the code resolves them."""
    relative = path.relative_to(PACKAGE).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    from_i18n = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "qy_landing.i18n"
        for alias in node.names
    }
    # in cli/, a bare t()/h() is cli/texts.py's, which adds the cli. prefix
    in_cli = relative.startswith("cli/") and "t" not in from_i18n
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):  # class attribute ``key = "error.x"``
            for item in node.body:
                if (
                    isinstance(item, ast.Assign)
                    and [ast.unparse(t) for t in item.targets] == ["key"]
                    and isinstance(item.value, ast.Constant)
                ):
                    yield item.value.value, item.lineno
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = _name(node)
        first = node.args[0]
        literal = first.value if isinstance(first, ast.Constant) else None
        if name == "fail" and len(node.args) > 1 and relative == "config.py":
            second = node.args[1]
            if isinstance(second, ast.Constant):
                yield f"config.{second.value}", node.lineno
            continue
        if not isinstance(literal, str):
            continue
        if name == "ConditionSyntaxError":
            yield f"wf.cond.{literal}", node.lineno
        elif name in ("Msg", "render_message") or (
            name == "text"
            and (isinstance(node.func, ast.Attribute) or "text" in from_i18n)
            and len(node.args) < 3
            and not any(k.arg == "default" for k in node.keywords)
        ):
            yield literal, node.lineno
        elif name in ("t", "h") and in_cli and not isinstance(node.func, ast.Attribute):
            own = literal.split(".", 1)[0] in OWN_CLI_AREAS
            prefix = "cli." if name == "t" else "cli.help."
            yield (literal if own else prefix + literal), node.lineno
        elif name == "t" and "." in literal:
            yield literal, node.lineno


def all_keys_used() -> list[tuple[str, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts or path.parent.name == "i18n":
            continue
        for key, line in keys_used(path):
            found.append((key, f"{path.relative_to(PACKAGE)}:{line}"))
    return found


def test_every_catalogue_key_used_in_code_has_both_languages() -> None:
    """A key written in the code but missing (or half-empty) in its catalogue fails here."""
    used = all_keys_used()
    assert len(used) > 300  # the walker really finds the keys
    missing = [f"{where}: {key}" for key, where in used if not i18n.has_text(key)]
    assert missing == []


@pytest.mark.parametrize("area", AREAS)
def test_every_catalogue_entry_has_chinese_and_english(area: str) -> None:
    """No entry has one language only (both blank is a deliberate blank, e.g. no mark)."""
    import importlib

    catalogue = importlib.import_module(f"qy_landing.i18n.{area}").MESSAGES
    assert [k for k in catalogue if not i18n.has_text(k)] == []


def test_a_missing_key_warns_and_shows_itself_marked() -> None:
    """Asking for a key with no text warns and never passes the bare key off as text."""
    with pytest.warns(i18n.MissingTextWarning, match="no.such.key"):
        shown = i18n.text("no.such.key", "zh")
    assert shown == "⟦no.such.key⟧"
    assert i18n.text("no.such.key", "zh", default="") == ""  # an optional lookup is quiet


def test_value_types_render_in_the_readers_language() -> None:
    """Term, Trigger and Msg localise themselves; errors re-export the same classes."""
    assert Term("state", "signed").localize("zh") == "已签约"
    assert Trigger("finish_city").localize("zh") == "finish_city（完成市级手续）"
    assert Msg("error.duplicate", what=Term("noun", "unit"), value="环县").render("en") == (
        i18n.t("error.duplicate", "en", what="unit", value="环县")
    )
    assert (errors.Term, errors.Msg, errors.Trigger) == (Term, Msg, Trigger)


def test_lists_join_as_words_or_as_cells() -> None:
    """A list reads a、b (none when empty); an export cell reads a；b (empty when empty)."""
    assert i18n.join(["a", "b"], "zh") == "a、b" and i18n.join([], "en") == "none"
    assert i18n.join(["a", "b"], "zh", cell=True) == "a；b"
    assert i18n.join(iter(["a", "b"]), "en", cell=True) == "a; b"
    assert i18n.join([], "zh", cell=True) == ""


def test_a_message_stored_as_data_reads_back_in_either_language():
    """as_data/from_data through JSON: nested messages, terms, lists, bilingual values and
    dates keep rendering as the original did."""
    import json
    from datetime import date

    original = Msg(
        "error.not_found",
        what=Term("noun", "person"),
        value=Trigger("approve"),
        allowed=[Term("status", "submitted"), "x"],
        on=date(2026, 10, 12),
        inner=Msg("remind.delivery.who.sms"),
    )
    again = Msg.from_data(original.key, json.loads(json.dumps(original.as_data())))
    for lang in ("zh", "en"):
        assert again.render(lang) == original.render(lang)
    assert again.known() and not Msg("remind.no_such_key", inner=again).known()
