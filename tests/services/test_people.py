"""Persons responsible for projects: added once per unit, listed by unit, validated on entry."""

from __future__ import annotations

import pytest

from qy_landing.errors import ChoiceError, DuplicateError, InvalidValueError, NotFoundError
from qy_landing.services import people
from qy_landing.services.people import PersonInput


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
