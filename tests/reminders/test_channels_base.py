"""What every channel shares: splitting long texts into byte-limited pieces."""

from __future__ import annotations

from qy_landing.reminders.channels.base import split_utf8


def test_split_never_cuts_inside_a_character():
    """One 9 000-byte line without breaks is cut between characters."""
    text = "落地比签约更重要" * 375
    pieces = split_utf8(text, 4000)
    assert "".join(pieces) == text
    assert all(len(p.encode("utf-8")) <= 4000 for p in pieces)
    assert split_utf8("", 100) == [""]


def test_split_keeps_short_text_whole_and_cuts_at_line_ends():
    """Text within the limit is one piece; longer text is cut between lines first."""
    assert split_utf8("甲\n乙", 100) == ["甲\n乙"]
    assert split_utf8("aaaa\nbbbb", 6) == ["aaaa", "bbbb"]
