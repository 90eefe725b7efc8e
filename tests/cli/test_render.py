"""What tables and lines show: control characters visible, amounts bare, due dates marked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from qy_landing import i18n
from qy_landing.cli import render, state


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setattr(state.state, "lang", "en")


def test_control_characters_are_shown_not_obeyed():
    """An escape sequence or a bidi override in a name is drawn as a visible symbol."""
    assert render.escape_controls("环县\x1b[31m") == "环县␛[31m"
    assert render.escape_controls("a\u202eb") == "a<U+202E>b"
    assert render.escape_controls("plain 文本") == "plain 文本"


def test_amounts_lose_trailing_zeros_and_lines_are_one_line():
    """12.5000 shows as 12.5, 3.0000 as 3; newlines in a message become spaces."""
    assert [render.amount(v) for v in (Decimal("12.5000"), "3.0000", None)] == ["12.5", "3", ""]
    assert render.one_line("第一行\n  第二行") == "第一行 第二行"


def test_due_dates_say_when_they_are_provisional_and_how_many_days_are_left():
    """A provisional due date is marked; overdue days are red, today yellow."""
    assert render.due_cell(date(2027, 3, 1), False) == "2027-03-01"
    assert render.due_cell(date(2027, 3, 1), True) == i18n.t(
        "cli.due.provisional", "en", due="2027-03-01"
    )
    overdue = render.left_cell(-3)
    assert overdue.plain == i18n.t("cli.due.overdue", "en", days=3) and "red" in str(overdue.style)
    assert render.left_cell(None).plain == ""
    assert render.label("status", "approved") == i18n.term("status", "approved", "en")
