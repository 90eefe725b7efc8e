"""Text rules of the services: names refuse control characters, free text loses them,
lengths equal the column limits on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest

from qy_landing.checks import clean_name, clean_text, column_limit, shown
from qy_landing.errors import InvalidValueError
from qy_landing.services import people
from qy_landing.store.models import Person
from tests.builders import person


def test_names_turn_line_breaks_into_spaces_and_refuse_other_controls():
    """An Excel Alt+Enter becomes a space; ESC, BEL, NUL and bidi overrides are refused."""
    assert clean_name("  环县\n风电\t项目 ", "name", 200) == "环县 风电 项目"
    for bad in ("\x1b[2J张三", "张\x00三", "张\x07", "abc\u202edef", "x\x9by"):
        with pytest.raises(InvalidValueError) as caught:
            clean_name(bad, "name", 200)
        assert "text without control characters" in caught.value.render("en")


def test_free_text_keeps_lines_and_drops_controls():
    """Problem texts keep line feeds and tabs; escape codes and CRs are removed."""
    assert clean_text("用地\r\n指标\t未落实\x1b[2J\x07", "text") == "用地\n指标\t未落实[2J"
    assert clean_text("  \x1b ", "text") is None


def test_messages_show_values_with_visible_controls_and_cut():
    """A refused value is repeated with its control characters visible, at most 40 characters."""
    assert shown("a\x1bb") == "a<U+001B>b"
    assert shown("长" * 100) == "长" * 39 + "…"


def test_person_name_limit_is_the_column_limit_on_every_backend(ctx):
    """60 characters are accepted, 61 refused with the limit named (SQLite as PostgreSQL)."""
    assert column_limit(Person, "name") == 60
    person(ctx, "张" * 60)
    with pytest.raises(InvalidValueError) as caught:
        person(ctx, "李" * 61)
    assert caught.value.render("en").endswith("expected text of at most 60 characters")
    assert [p.name for p in people.list_people(ctx)] == ["张" * 60]


def test_problem_texts_are_stored_without_control_characters(ctx):
    """open_problem strips escape codes from the text before the database sees it."""
    from qy_landing.services import problems
    from tests.builders import CODE, project

    project(ctx)
    opened = problems.open_problem(ctx, CODE, "用地指标\x1b]0;x\x07未落实\n待协调")
    assert opened.text == "用地指标]0;x未落实\n待协调"
