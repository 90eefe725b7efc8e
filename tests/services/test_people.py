"""Persons: the route a person chooses, and edits recorded as events, one per field."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qy_landing.errors import InvalidValueError
from qy_landing.services.people import PersonChanges, edit_person, parse_fallback
from qy_landing.store.models import Event
from tests.builders import person


def test_a_chosen_channel_is_kept_and_no_choice_follows_the_office(ctx):
    """--channel alone: that channel only (fallback ""); nothing chosen: NULL (office route)."""
    chosen = person(ctx, "张伟", channel="email", email="zw@example.cn")
    default = person(ctx, "李娜")
    first_of = person(ctx, "孙七", fallback="sms,email")
    assert (chosen.channel, chosen.fallback) == ("email", "")
    assert (default.channel, default.fallback) == ("console", None)
    assert (first_of.channel, first_of.fallback) == ("sms", "email")


def test_fallback_values_name_channels_none_or_default():
    """Keys or names, comma or 全角 comma; "none" → no fallback; "default" → office route."""
    assert parse_fallback("短信，E-mail, sms") == "sms,email"
    assert parse_fallback("none") == ""
    assert parse_fallback("默认") is None
    with pytest.raises(InvalidValueError):
        parse_fallback(" , ")


def test_each_changed_field_is_an_event_with_old_and_new_values(ctx):
    """Editing wecom and channel records two events; the same values again record none."""
    person(ctx, "张伟", wecom="old-id")
    changes = PersonChanges(wecom="zhangwei", channel="wecom_app", fallback="sms")
    edited, changed = edit_person(ctx, "张伟", changes)
    assert changed == ["wecom", "channel", "fallback"]
    assert (edited.wecom, edited.channel, edited.fallback) == ("zhangwei", "wecom_app", "sms")
    assert edit_person(ctx, "张伟", changes)[1] == []
    with ctx.db.read() as session:
        events = session.execute(
            select(Event.field, Event.old, Event.new).where(Event.action == "edit")
        ).all()
    assert [tuple(e) for e in events] == [
        ("wecom", "old-id", "zhangwei"),
        ("channel", "console", "wecom_app"),
        ("fallback", None, "sms"),
    ]


def test_a_new_channel_keeps_the_other_fallbacks_and_a_contact_can_be_cleared(ctx):
    """Channel sms over route wecom_app → sms,email: sms leaves the fallbacks; "" clears e-mail."""
    person(ctx, "张伟", channel="wecom_app", fallback="sms,email", email="zw@example.cn")
    edited, _ = edit_person(ctx, "张伟", PersonChanges(channel="sms", email=""))
    assert (edited.channel, edited.fallback, edited.email) == ("sms", "email", None)
