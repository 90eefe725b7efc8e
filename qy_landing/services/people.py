"""Persons (人员) and how to reach them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from qy_landing.checks import clean_name, clean_optional_name, column_limit
from qy_landing.errors import AmbiguousError, DuplicateError, InvalidValueError, Msg, NotFoundError
from qy_landing.i18n import normalise_lang
from qy_landing.services.context import Context
from qy_landing.services.units import find_unit
from qy_landing.store.models import Event, Person, Unit
from qy_landing.vocabulary import resolve

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def person_label(person: Person, unit: Unit | None) -> str:
    return f"{person.name}@{unit.name}" if unit else person.name


def find_person(session: Session, wanted: str) -> Person:
    """A person by ``NAME`` or ``NAME@UNIT`` (needed when two share a name)."""
    name, _, unit_name = wanted.strip().partition("@")
    query = (
        select(Person, Unit)
        .join(Unit, col(Unit.id) == col(Person.unit_id))
        .where(col(Person.name) == name)
    )
    if unit_name:
        unit = find_unit(session, unit_name)
        query = query.where(col(Person.unit_id) == unit.id)
    rows = session.execute(query).all()
    if len(rows) == 1:
        person: Person = rows[0][0]
        return person
    if not rows:
        similar = (
            session.execute(
                select(col(Person.name)).where(col(Person.name).contains(name[:1])).limit(10)
            )
            .scalars()
            .all()
        )
        raise NotFoundError("person", wanted, sorted(set(similar)))
    raise AmbiguousError("person", wanted, [person_label(p, u) for p, u in rows])


@dataclass
class PersonInput:
    name: str
    unit: str
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    wecom: str | None = None
    dingtalk: str | None = None
    channel: str = "console"
    lang: str = "zh"
    supervisor: bool = False


def add_person(ctx: Context, data: PersonInput) -> Person:
    channel = resolve("channel", data.channel)
    lang = normalise_lang(data.lang)

    def field(value: str | None, what: str, column: str) -> str | None:
        return clean_optional_name(value, what, column_limit(Person, column))

    name = clean_name(data.name, "name", column_limit(Person, "name"))
    if not name:
        raise InvalidValueError("name", data.name, Msg("expect.text"))
    title = field(data.title, "title", "title")
    phone = field(data.phone, "phone", "phone")
    email = field(data.email, "email", "email")
    wecom = field(data.wecom, "wecom", "wecom")
    dingtalk = field(data.dingtalk, "dingtalk", "dingtalk")
    if email and not _EMAIL.match(email):
        raise InvalidValueError("email", email, Msg("expect.email"))
    with ctx.db.write() as session:
        unit = find_unit(session, data.unit)
        clash = (
            session.execute(
                select(Person).where(col(Person.name) == name, col(Person.unit_id) == unit.id)
            )
            .scalars()
            .first()
        )
        if clash is not None:
            raise DuplicateError("person", f"{name}@{unit.name}")
        person = Person(
            name=name,
            unit_id=unit.id,  # type: ignore[arg-type]
            title=title,
            phone=phone,
            email=email,
            wecom=wecom,
            dingtalk=dingtalk,
            channel=channel,
            lang=lang,
            supervisor=data.supervisor,
        )
        session.add(person)
        session.flush()
        session.add(
            Event(
                entity="person",
                entity_id=person.id,
                action="create",
                new=person_label(person, unit),
                actor=ctx.actor,
                recorded_at=ctx.clock.now(),
                effective_on=ctx.today(),
            )
        )
    return person


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    unit: str
    title: str | None
    phone: str | None
    email: str | None
    wecom: str | None
    dingtalk: str | None
    channel: str
    lang: str
    supervisor: bool


def list_people(ctx: Context, unit: str | None = None) -> list[PersonRow]:
    with ctx.db.read() as session:
        query = select(Person, Unit).join(Unit, col(Unit.id) == col(Person.unit_id))
        if unit:
            query = query.where(col(Person.unit_id) == find_unit(session, unit).id)
        rows = session.execute(query.order_by(col(Unit.id), col(Person.name))).all()
    return [
        PersonRow(
            id=p.id or 0,
            name=p.name,
            unit=u.name,
            title=p.title,
            phone=p.phone,
            email=p.email,
            wecom=p.wecom,
            dingtalk=p.dingtalk,
            channel=p.channel,
            lang=p.lang,
            supervisor=p.supervisor,
        )
        for p, u in rows
    ]
