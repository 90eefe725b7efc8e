"""Planning the demo's people: a head and a deputy per unit, the centre, commissioners, contacts."""

from __future__ import annotations

from random import Random

from qy_landing.demo.model import People, PersonPlan
from qy_landing.demo.world import World


class _Names:
    """Unique Chinese names of 2 or 3 characters, no character twice, drawn from the world."""

    def __init__(self, rng: Random, world: World) -> None:
        self.rng = rng
        self.world = world
        self.used: set[str] = set()

    def __call__(self) -> str:
        rng, world = self.rng, self.world
        while True:
            surname = rng.choice(world.surnames)
            given = rng.choice(world.given_names) + (
                rng.choice(world.given_names) if rng.random() < 0.75 else ""
            )
            candidate = surname + given
            if candidate not in self.used and len(set(candidate)) == len(candidate):
                self.used.add(candidate)
                return candidate


def plan_people(rng: Random, world: World) -> People:
    """Everyone the demo registers, in the order they are added (which the names depend on)."""
    name = _Names(rng, world)
    persons: list[PersonPlan] = []

    def add(unit: str, title: str, *, supervisor: bool = False) -> PersonPlan:
        number = len(persons) + 1
        person = PersonPlan(name(), unit, title, supervisor=supervisor)
        # Fictional addresses under the reserved ".example" domain; most reminders go to
        # the console, some by e-mail or WeCom as an office would configure them.
        person.email = f"user{number:03d}@qingyang.example"
        if number % 5 == 0:
            person.channel = "email"
        elif number % 7 == 0:
            person.channel = "wecom"
            person.wecom = f"qy{number:03d}"
        persons.append(person)
        return person

    heads: dict[str, PersonPlan] = {}
    deputies: dict[str, PersonPlan] = {}
    units = [*world.counties, *world.parks]
    for unit in units:
        kind = "park" if unit in world.places else "district" if unit.endswith("区") else "county"
        heads[unit] = add(unit, world.heads[kind].head)
        deputies[unit] = add(unit, world.heads[kind].deputy)
    centre, office = world.unit("centre"), world.unit("landing_office")
    center_head = add(centre, world.centre_head)
    add(centre, world.centre_deputy)
    chiefs = [add(centre, f"{section}科长") for section in world.sections]
    office_head = add(office, world.office_head)
    commissioners = [add(office, world.commissioner) for _ in range(world.commissioners)]
    for city in world.city_units:
        if city.role == "supervisor" and city.title:
            add(city.name, city.title, supervisor=True)
    by_unit = {
        city.name: add(city.name, city.title)
        for city in world.city_units
        if city.role == "contact" and city.title
    }
    commissioner_of = {unit: commissioners[i % len(commissioners)] for i, unit in enumerate(units)}
    return People(
        persons=persons,
        heads=heads,
        deputies=deputies,
        center_head=center_head,
        chiefs=chiefs,
        commissioners=commissioners,
        commissioner_of=commissioner_of,
        office_head=office_head,
        by_unit=by_unit,
    )
