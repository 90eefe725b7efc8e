"""Persons: added once per unit, validated on entry, their route, edits recorded as events."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qy_landing.errors import ChoiceError, DuplicateError, InvalidValueError, NotFoundError
from qy_landing.services import people
from qy_landing.services.people import PersonChanges, PersonInput, edit_person, parse_fallback
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


def test_a_person_is_added_with_contacts_and_listed(ctx):
    """Every field given is kept; the list shows the person under the unit."""
    people.add_person(
        ctx,
        PersonInput(
            name=" 张伟 ",
            unit="环县",
            title="副县长",
            phone="13800000000",
            email="zhang@example.org",
            channel="email",
            lang="en",
            supervisor=True,
        ),
    )
    (row,) = people.list_people(ctx)
    assert (row.name, row.unit, row.title, row.email) == (
        "张伟",
        "环县",
        "副县长",
        "zhang@example.org",
    )
    assert (row.channel, row.lang, row.supervisor) == ("email", "en", True)


def test_the_same_name_is_refused_in_one_unit_but_allowed_in_another(ctx):
    """Two 张伟 in one unit would be ambiguous; in different units they are two persons."""
    people.add_person(ctx, PersonInput(name="张伟", unit="环县"))
    with pytest.raises(DuplicateError) as caught:
        people.add_person(ctx, PersonInput(name="张伟", unit="环县"))
    assert "张伟" in caught.value.render("en")
    people.add_person(ctx, PersonInput(name="张伟", unit="西峰区"))
    assert {p.unit for p in people.list_people(ctx) if p.name == "张伟"} == {"环县", "西峰区"}


def test_the_list_filters_by_unit_also_by_a_short_name(ctx):
    """``unit`` accepts the unit's name, or its name without the suffix when unambiguous."""
    people.add_person(ctx, PersonInput(name="张伟", unit="环县"))
    people.add_person(ctx, PersonInput(name="王芳", unit="西峰区"))
    assert [p.name for p in people.list_people(ctx, unit="西峰")] == ["王芳"]
    assert [p.name for p in people.list_people(ctx, unit="环县")] == ["张伟"]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (PersonInput(name="张伟", unit="环县", email="not-an-address"), InvalidValueError),
        (PersonInput(name="  ", unit="环县"), InvalidValueError),
        (PersonInput(name="张伟", unit="火星县"), NotFoundError),
        (PersonInput(name="张伟", unit="环县", channel="pigeon"), ChoiceError),
    ],
)
def test_bad_input_is_refused_and_nothing_is_added(ctx, data, error):
    """A bad e-mail, an empty name, an unknown unit or channel: refused, nothing written."""
    with pytest.raises(error):
        people.add_person(ctx, data)
    assert people.list_people(ctx) == []
