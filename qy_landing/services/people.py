"""Persons (人员) and how to reach them: contacts, preferred channel, fallback route."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from qy_landing.errors import AmbiguousError, DuplicateError, InvalidValueError, Msg, NotFoundError
from qy_landing.parsing import parse_lang
from qy_landing.services.context import Context
from qy_landing.services.units import find_unit
from qy_landing.store.models import Event, Person, Unit
from qy_landing.vocabulary import CHANNELS, resolve

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
    # None: the console, and the office's default route for the person's role (if any);
    # a channel chosen here is kept (with the fallbacks given, or none).
    channel: str | None = None
    lang: str = "zh"
    supervisor: bool = False
    fallback: str | None = None  # "sms,email"; "none": no fallback


# What --fallback takes besides channel names: no fallback, or the office's default route.
NO_FALLBACK = ("none", "无")
OFFICE_DEFAULT = ("default", "默认")


def parse_fallback(value: str) -> str | None:
    """A ``--fallback`` value as stored: ``"sms,email"``, ``""`` (none) or None (office default).

    Channels may be given by key or by their Chinese or English name, separated by commas
    (``,`` or ``，``).
    """
    text = value.strip()
    if text.casefold() in NO_FALLBACK:
        return ""
    if text.casefold() in OFFICE_DEFAULT:
        return None
    route: list[str] = []
    for part in text.replace("，", ",").split(","):
        if not part.strip():
            continue
        channel = resolve("channel", part)
        if channel not in route:
            route.append(channel)
    if not route:
        raise InvalidValueError("fallback", value, Msg("expect.fallback", allowed=list(CHANNELS)))
    return ",".join(route)


def _route(channel: str | None, fallback: str | None) -> tuple[str, str | None]:
    """The stored (channel, fallback) for a chosen channel and ``--fallback`` value."""
    rest = parse_fallback(fallback) if fallback is not None else None
    if channel is None:
        if not rest:  # nothing chosen: the console, or the office's default route
            return "console", rest
        first, *others = rest.split(",")
        return first, ",".join(others)
    chosen = resolve("channel", channel)
    if rest is None and fallback is None:
        return chosen, ""  # a chosen channel alone: kept, no fallback
    if rest is None:  # --fallback default: the office's route decides
        return chosen, None
    return chosen, ",".join(c for c in rest.split(",") if c and c != chosen)


def add_person(ctx: Context, data: PersonInput) -> Person:
    channel, fallback = _route(data.channel, data.fallback)
    lang = parse_lang(data.lang)
    if data.email and not _EMAIL.match(data.email):
        raise InvalidValueError("email", data.email, Msg("expect.email"))
    name = data.name.strip()
    if not name:
        raise InvalidValueError("name", data.name, Msg("expect.text"))
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
            title=data.title,
            phone=data.phone,
            email=data.email,
            wecom=data.wecom,
            dingtalk=data.dingtalk,
            channel=channel,
            fallback=fallback,
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
    fallback: str | None = None  # None: the office's default route for the role

    @property
    def route(self) -> tuple[str, ...] | None:
        """The person's own route, or None when the office's default applies."""
        if self.fallback is None:
            return None
        return (self.channel, *[c for c in self.fallback.split(",") if c])


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
            fallback=p.fallback,
        )
        for p, u in rows
    ]


@dataclass
class PersonChanges:
    """What ``person edit`` changes; None leaves a field as it is, "" clears a contact."""

    title: str | None = None
    phone: str | None = None
    email: str | None = None
    wecom: str | None = None
    dingtalk: str | None = None
    channel: str | None = None
    fallback: str | None = None  # "sms,email", "none", "default"
    lang: str | None = None
    supervisor: bool | None = None


def edit_person(ctx: Context, wanted: str, changes: PersonChanges) -> tuple[Person, list[str]]:
    """Change a person's contacts, route, language or supervisor flag in one transaction.

    Every changed field is recorded as an event (old and new value); the names of the
    changed fields are returned (empty: nothing changed).
    """
    if changes.email and not _EMAIL.match(changes.email):
        raise InvalidValueError("email", changes.email, Msg("expect.email"))
    lang = parse_lang(changes.lang) if changes.lang is not None else None
    with ctx.db.write() as session:
        person = find_person(session, wanted)
        unit = session.get(Unit, person.unit_id)
        new: dict[str, Any] = {}
        for name in ("title", "phone", "email", "wecom", "dingtalk"):
            value = getattr(changes, name)
            if value is not None:
                new[name] = value.strip() or None
        if changes.channel is not None or changes.fallback is not None:
            if changes.channel is None:  # only the fallbacks change
                fallback = parse_fallback(changes.fallback or "")
                channel = person.channel
                if fallback:
                    fallback = ",".join(c for c in fallback.split(",") if c != channel)
            else:
                channel, fallback = _route(changes.channel, changes.fallback)
                if changes.fallback is None and person.fallback:
                    fallback = ",".join(c for c in person.fallback.split(",") if c != channel)
            new["channel"], new["fallback"] = channel, fallback
        if lang is not None:
            new["lang"] = lang
        if changes.supervisor is not None:
            new["supervisor"] = changes.supervisor
        changed = [name for name, value in new.items() if getattr(person, name) != value]
        now, today = ctx.clock.now(), ctx.today()
        for name in changed:
            old = getattr(person, name)
            setattr(person, name, new[name])
            session.add(
                Event(
                    entity="person",
                    entity_id=person.id,
                    action="edit",
                    field=name,
                    old=None if old is None else str(old),
                    new=None if new[name] is None else str(new[name]),
                    actor=ctx.actor,
                    recorded_at=now,
                    effective_on=today,
                    note=person_label(person, unit),
                )
            )
        session.flush()
        session.expunge(person)
    return person, changed
