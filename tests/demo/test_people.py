"""The demo's people: who holds which part, unique names, how reminders reach them."""

from __future__ import annotations

from random import Random

from qy_landing.demo.people import plan_people
from qy_landing.demo.world import load_world


def test_43_people_with_unique_names(plan):
    """43 people, no name twice, each of 2 or 3 characters, no character repeated."""
    names = [p.name for p in plan.people.persons]
    assert len(names) == 43
    assert len(set(names)) == 43
    assert all(len(n) in (2, 3) and len(set(n)) == len(n) for n in names)


def test_heads_and_deputies_per_unit(plan):
    """Each county/park has its head and its deputy in charge of investment, with titles."""
    people = plan.people
    assert people.heads["环县"].title == "县长"
    assert people.heads["西峰区"].title == "区长"
    assert people.heads["庆阳经济技术开发区"].title == "管委会主任"
    assert people.deputies["环县"].title == "副县长（分管招商引资）"
    assert set(people.heads) == set(people.deputies) == set(people.commissioner_of)


def test_centre_chiefs_commissioners_supervisors_and_contacts(plan):
    """Five section chiefs, six commissioners, two supervisors, a contact per department."""
    people = plan.people
    assert [c.title for c in people.chiefs][-1] == "重大项目科科长"
    assert len(people.chiefs) == 5
    assert len(people.commissioners) == 6
    assert {p.unit for p in people.persons if p.supervisor} == {"市委督查室", "市政府办公室"}
    assert people.by_unit["市生态环境局"].title == "环评科科长"


def test_reminder_channels_and_example_addresses(plan):
    """Everyone has an address under .example; some get e-mail or WeCom instead of the console."""
    persons = plan.people.persons
    assert all(p.email and p.email.endswith("@qingyang.example") for p in persons)
    channels = {p.channel for p in persons}
    assert channels == {"console", "email", "wecom"}
    assert all(p.wecom for p in persons if p.channel == "wecom")


def test_same_seed_same_people():
    """The same seed draws the same names."""
    world = load_world()
    one = plan_people(Random(3), world)
    two = plan_people(Random(3), world)
    assert [p.name for p in one.persons] == [p.name for p in two.persons]
