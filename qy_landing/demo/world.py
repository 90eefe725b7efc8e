"""The demo's fictional world, read from the YAML files in ``qy_landing/demo/data/``.

Names of units, people, chains, investors and signing events, the reasons and problems an
office writes, and the figures the demo reproduces are data, not code: they live in
``units.yaml``, ``people.yaml``, ``chains.yaml``, ``signings.yaml``, ``texts.yaml`` and
``figures.yaml`` (each file says what its entries mean). :func:`load_world` reads them once
into the typed, frozen :class:`World` the planner uses. The files ship with the package;
one that does not match what is expected is a bug of the package, reported as
:class:`~qy_landing.errors.DemoPlanError` naming the file and the entry.

Order matters: the seeded random choices see every list and mapping in the order written.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, NoReturn

from qy_landing.demo.figures import Figures
from qy_landing.errors import DemoPlanError

DATA_PACKAGE = "qy_landing.demo"
DATA_FOLDER = "data"


@dataclass(frozen=True)
class CityUnit:
    """A city unit the demo adds, and the part it plays (centre, office, supervisor, contact)."""

    name: str
    name_en: str
    kind: str
    code: str
    role: str
    title: str | None = None  # of its supervisor or contact


@dataclass(frozen=True)
class Chain:
    """An industry chain as the demo's projects see it (see ``chains.yaml``)."""

    key: str
    section: str
    weight: int
    units: tuple[str, ...]
    content: str
    investor_words: tuple[str, ...]
    names: tuple[str, ...]


@dataclass(frozen=True)
class DataCentres:
    """Where the 东数西算 data-centre projects stand, their names and what they build."""

    units: tuple[str, ...]
    content: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class SigningEvent:
    """A signing event of 2026 and how many projects it signs."""

    name: str
    on: date
    projects: int
    data_centres: bool = False


@dataclass(frozen=True)
class Heads:
    """Titles of a unit's head (first-responsible) and its deputy (direct-responsible)."""

    head: str
    deputy: str


@dataclass(frozen=True)
class ProblemText:
    """A bottleneck, how it was solved, and who owns it (``direct`` or a contact's unit)."""

    text: str
    resolution: str
    owner: str


@dataclass(frozen=True)
class World:
    """Everything the planner draws from, as read from the data files."""

    # units.yaml
    regions: dict[str, str]  # county/district -> region segment of its project codes
    places: dict[str, str]  # park -> how a project name refers to it
    city_region: str
    city_units: tuple[CityUnit, ...]
    oilfield: tuple[str, ...]  # counties over the 长庆 oilfield
    # people.yaml
    surnames: str
    given_names: str
    heads: dict[str, Heads]  # park | district | county
    centre_head: str
    centre_deputy: str
    sections: tuple[str, ...]
    major_section: str
    office_head: str
    commissioner: str
    commissioners: int
    # chains.yaml
    chains: dict[str, Chain]
    data_centres: DataCentres
    workshop_units: tuple[str, ...]
    # signings.yaml
    provinces: tuple[tuple[str, int], ...]
    company_suffixes: tuple[str, ...]
    fair: str
    fair_days: tuple[date, ...]
    earlier_events: dict[str, str]  # cohort -> its signing event
    events_2026: tuple[SigningEvent, ...]
    daily_month_weights: tuple[int, ...]
    # texts.yaml
    waive_workshop: dict[str, str]
    waive_park_soil: str
    waive_eia_registration: str
    reject_notes: dict[str, str]
    reject_default: str
    suspend_reasons: tuple[str, ...]
    resume_reasons: tuple[str, ...]
    terminate_reasons: tuple[str, ...]
    problems: tuple[ProblemText, ...]
    funds_notes: tuple[str, ...]
    # figures.yaml
    target: Figures
    cohort_amounts: dict[str, Decimal]

    @property
    def counties(self) -> tuple[str, ...]:
        return tuple(self.regions)

    @property
    def parks(self) -> tuple[str, ...]:
        return tuple(self.places)

    def unit(self, role: str) -> str:
        """The name of the (first) city unit playing ``role``."""
        return next(u.name for u in self.city_units if u.role == role)

    def reject_note(self, step: str) -> str:
        return self.reject_notes.get(step, self.reject_default)


@functools.cache
def load_world() -> World:
    """The world of the shipped data files (read once)."""
    return read_world(resources.files(DATA_PACKAGE) / DATA_FOLDER)


def read_world(folder: Traversable) -> World:
    """The world of the data files in ``folder`` (a bad entry raises, naming file and entry)."""
    docs = {
        name: _Doc(f"{name}.yaml", _load_yaml(f"{name}.yaml", folder))
        for name in ("units", "people", "chains", "signings", "texts", "figures")
    }
    return World(
        **_units(docs["units"]),
        **_people(docs["people"]),
        **_chains(docs["chains"]),
        **_signings(docs["signings"]),
        **_texts(docs["texts"]),
        **_figures(docs["figures"]),
    )


def _load_yaml(file: str, folder: Traversable) -> Any:
    import yaml

    text = folder.joinpath(file).read_text("utf-8")
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        raise DemoPlanError(f"demo data {file}: {error}") from None


_KINDS: dict[type, str] = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    date: "a date (YYYY-MM-DD)",
    dict: "a mapping",
}
ROLES = ("centre", "landing_office", "supervisor", "contact")


class _Doc:
    """One data file's mapping, read with the file and entry named in every complaint."""

    def __init__(self, file: str, data: Any, where: str = "") -> None:
        self.file = file
        self.where = where
        if not isinstance(data, dict):
            self.fail("", "a mapping")
        self.data: dict[str, Any] = data

    def fail(self, key: str, expected: str) -> NoReturn:
        entry = ".".join(p for p in (self.where, key) if p) or "the file"
        raise DemoPlanError(f"demo data {self.file}: {entry} must be {expected}")

    def sub(self, key: str) -> _Doc:
        return _Doc(self.file, self.data.get(key), f"{self.where}.{key}".strip("."))

    def items(self, key: str) -> list[_Doc]:
        values = self.list(key, dict)
        return [
            _Doc(self.file, v, f"{self.where}.{key}[{i}]".strip(".")) for i, v in enumerate(values)
        ]

    def get(self, key: str, kind: type, *, default: Any = ...) -> Any:
        value = self.data.get(key, default)
        if value is ... or not isinstance(value, kind) or isinstance(value, bool) != (kind is bool):
            self.fail(key, _KINDS[kind])
        return value

    def text(self, key: str) -> str:
        value: str = self.get(key, str)
        return value

    def list(self, key: str, kind: type = str) -> list[Any]:
        values = self.data.get(key)
        if not isinstance(values, list) or not values:
            self.fail(key, f"a non-empty list, each {_KINDS[kind]}")
        if not all(isinstance(v, kind) and not isinstance(v, bool) for v in values):
            self.fail(key, f"a list, each {_KINDS[kind]}")
        return values

    def mapping(self, key: str, kind: type = str) -> dict[str, Any]:
        values = self.data.get(key)
        if not isinstance(values, dict) or not values:
            self.fail(key, f"a non-empty mapping of names, each to {_KINDS[kind]}")
        if not all(isinstance(k, str) and isinstance(v, kind) for k, v in values.items()):
            self.fail(key, f"a mapping of names, each to {_KINDS[kind]}")
        return values

    def amount(self, key: str) -> Decimal:
        try:
            return Decimal(self.text(key))
        except InvalidOperation:
            self.fail(key, "an exact amount such as '12.50'")


def _units(doc: _Doc) -> dict[str, Any]:
    units = []
    for item in doc.items("city_units"):
        if item.data.get("role") not in ROLES:
            item.fail("role", " or ".join(ROLES))
        title = item.get("title", str) if "title" in item.data else None
        units.append(
            CityUnit(
                item.text("name"),
                item.text("name_en"),
                item.text("kind"),
                item.text("code"),
                item.text("role"),
                title,
            )
        )
    return {
        "regions": doc.mapping("counties"),
        "places": doc.mapping("parks"),
        "city_region": doc.text("city_region"),
        "city_units": tuple(units),
        "oilfield": tuple(doc.list("oilfield")),
    }


def _people(doc: _Doc) -> dict[str, Any]:
    heads = doc.sub("heads")
    centre, office = doc.sub("centre"), doc.sub("landing_office")
    return {
        "surnames": doc.text("surnames"),
        "given_names": doc.text("given_names"),
        "heads": {kind: Heads(*heads.list(kind)[:2]) for kind in ("park", "district", "county")},
        "centre_head": centre.text("head"),
        "centre_deputy": centre.text("deputy"),
        "sections": tuple(centre.list("sections")),
        "major_section": centre.text("major_section"),
        "office_head": office.text("head"),
        "commissioner": office.text("commissioner"),
        "commissioners": office.get("commissioners", int),
    }


def _chains(doc: _Doc) -> dict[str, Any]:
    chains = doc.sub("chains")
    found = {}
    for key in chains.data:
        chain = chains.sub(key)
        found[key] = Chain(
            key=key,
            section=chain.text("section"),
            weight=chain.get("weight", int),
            units=tuple(chain.list("units")),
            content=chain.text("content"),
            investor_words=tuple(chain.list("investor_words")),
            names=tuple(chain.list("names")),
        )
    centres = doc.sub("data_centre")
    return {
        "chains": found,
        "data_centres": DataCentres(
            tuple(centres.list("units")), centres.text("content"), tuple(centres.list("names"))
        ),
        "workshop_units": tuple(doc.list("workshop_units")),
    }


def _signings(doc: _Doc) -> dict[str, Any]:
    fair = doc.sub("fair")
    events = [
        SigningEvent(
            item.text("name"),
            item.get("on", date),
            item.get("projects", int),
            item.get("data_centres", bool, default=False),
        )
        for item in doc.items("events_2026")
    ]
    return {
        "provinces": tuple(doc.mapping("provinces", int).items()),
        "company_suffixes": tuple(doc.list("company_suffixes")),
        "fair": fair.text("name"),
        "fair_days": tuple(fair.list("days", date)),
        "earlier_events": doc.mapping("earlier_events"),
        "events_2026": tuple(events),
        "daily_month_weights": tuple(doc.list("daily_month_weights", int)),
    }


def _texts(doc: _Doc) -> dict[str, Any]:
    problems = [
        ProblemText(item.text("text"), item.text("resolution"), item.text("owner"))
        for item in doc.items("problems")
    ]
    return {
        "waive_workshop": doc.mapping("waive_workshop"),
        "waive_park_soil": doc.text("waive_park_soil"),
        "waive_eia_registration": doc.text("waive_eia_registration"),
        "reject_notes": doc.mapping("reject_notes"),
        "reject_default": doc.text("reject_default"),
        "suspend_reasons": tuple(doc.list("suspend_reasons")),
        "resume_reasons": tuple(doc.list("resume_reasons")),
        "terminate_reasons": tuple(doc.list("terminate_reasons")),
        "problems": tuple(problems),
        "funds_notes": tuple(doc.list("funds_notes")),
    }


def _figures(doc: _Doc) -> dict[str, Any]:
    target = doc.sub("target")
    cohorts = doc.sub("cohort_amounts")
    return {
        "target": Figures(
            start=target.get("start", date),
            end=target.get("end", date),
            signed=target.get("signed", int),
            signed_amount=target.amount("signed_amount"),
            fair=target.get("fair", int),
            fair_amount=target.amount("fair_amount"),
            handled_provincial=target.get("handled_provincial", int),
            handled_city=target.get("handled_city", int),
            handled_county=target.get("handled_county", int),
            started=target.get("started", int),
            started_major=target.get("started_major", int),
            funds=target.amount("funds"),
            funds_last_year=target.amount("funds_last_year"),
        ),
        "cohort_amounts": {key: cohorts.amount(key) for key in cohorts.data},
    }
