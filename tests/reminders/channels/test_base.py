"""What every channel shares: splitting long texts into byte-limited pieces, the footer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qy_landing.reminders.channels import Outgoing as Reexported
from qy_landing.reminders.channels.base import Outgoing, Recipient, split_utf8

TEXT = st.text(alphabet=st.sampled_from("ab 落地办环县\n✓"), max_size=400)


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


@given(TEXT, st.integers(min_value=4, max_value=64))
def test_pieces_fit_the_limit_and_keep_every_character(text: str, limit: int) -> None:
    """No piece exceeds the byte limit and together they hold the text (line ends aside)."""
    pieces = split_utf8(text, limit)
    assert all(len(p.encode("utf-8")) <= limit for p in pieces)
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")


def test_footer_names_the_reminder_key_and_the_package_reexports_the_types() -> None:
    """The footer carries the key (receivers drop repeats); the package offers the same class."""
    message = Outgoing(
        id=1,
        key="monthly:2026-10:7",
        kind="monthly",
        period="2026-10",
        channel="console",
        lang="zh",
        title="月度提醒",
        body="正文",
        recipient=Recipient(id=7, name="张伟", unit="环县"),
    )
    assert "monthly:2026-10:7" in message.footer()
    assert Reexported is Outgoing
