"""What the plan decides: people, projects and every dated change, before any database.

These are plain data classes filled in by the planner (:mod:`qy_landing.demo.plan` and its
helpers) and read by the replay; :meth:`DemoPlan.expected` computes the headline figures
the plan promises, which the build later compares with the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from qy_landing.demo.figures import Figures, year_earlier
from qy_landing.vocabulary import CATALOGUE_FLAGS, approval_of

if TYPE_CHECKING:
    from qy_landing.workflow.definition import Step

# the workflows the demo's projects follow (workflows/*.yaml)
WORKFLOWS = ("standard", "data_center", "energy")
DEMO_ACTOR = "qy-landing-demo"  # the first audit event's actor marks a demo database
DEFAULT_SEED = 2026
DEFAULT_AS_OF = date(2026, 10, 31)  # the report's date (figures.yaml: target.end)

# The day the city hands out the yearly targets (the first working day of the year).
TARGETS_DAY = date(2026, 1, 5)
# The first and last working days on which the demo's history happens.
SETUP_DAY = date(2024, 9, 30)
LAST_DAY = date(2026, 10, 30)


@dataclass
class Move:
    """A procedure's status change on a day (with the authority's note or waiver reason)."""

    on: date
    status: str
    note: str | None = None


@dataclass
class PlannedProblem:
    """A bottleneck opened on a day, perhaps resolved later."""

    text: str
    owner: str | None
    opened_on: date
    resolved_on: date | None = None
    resolution: str | None = None


@dataclass
class PlannedFunds:
    """A funds-in-place record; ``weight`` sizes it before the exact amounts are spread."""

    on: date
    amount: Decimal
    out_of_province: bool
    note: str
    weight: float = 0.0


@dataclass
class PersonPlan:
    """A person of the demo, with how reminders reach them."""

    name: str
    unit: str
    title: str
    supervisor: bool = False
    email: str | None = None
    wecom: str | None = None
    channel: str = "console"

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.unit}"


@dataclass
class People:
    """Everyone, and who holds which part (by unit where it is per unit)."""

    persons: list[PersonPlan]
    heads: dict[str, PersonPlan]
    deputies: dict[str, PersonPlan]
    center_head: PersonPlan
    chiefs: list[PersonPlan]
    commissioners: list[PersonPlan]
    commissioner_of: dict[str, PersonPlan]
    office_head: PersonPlan
    by_unit: dict[str, PersonPlan]


@dataclass
class PlannedProject:
    """One project: who and what it is, and every change it will go through."""

    index: int
    cohort: str  # continuing | carry | fair | y2026
    fate: str  # started | progress | suspended | terminated
    profile: (
        str  # basic | basic_energy | workshop | newland | bigenergy | hazardous | listed | dc | any
    )
    chain: str
    unit: str
    signed_on: date
    signing_event: str | None
    major: bool
    workflow: str = "standard"
    new_land: bool = False
    hazardous: bool = False
    approval_listed: bool = False
    eia_full: bool = False
    energy_tce: float | None = None
    # the facts of the Gansu procedure catalogue (workflows/standard.yaml)
    approval_level: str | None = None
    in_planned_urban_land: bool = False
    over_mineral_area: bool = False
    relics_zone: bool = False
    uses_forest_or_grassland: bool = False
    abstracts_water: bool = False
    civil_building: bool = False
    weight: float = 1.0
    amount: Decimal = Decimal(0)
    code: str = ""
    name: str = ""
    investor: str = ""
    description: str = ""
    planned_start_on: date | None = None
    steps: list[Step] = field(default_factory=list)
    moves: dict[str, list[Move]] = field(default_factory=dict)
    start_on: date | None = None
    suspend_on: date | None = None
    suspend_reason: str = ""
    resume_on: date | None = None
    resume_reason: str = ""
    terminate_on: date | None = None
    terminate_reason: str = ""
    first_responsible: list[str] = field(default_factory=list)
    direct_responsible: list[str] = field(default_factory=list)
    commissioner: str = ""
    actor: str = ""
    lead_chief: str = ""
    lead_on: date | None = None  # None: named when the project is registered
    handover: tuple[date, str, str] | None = None  # (on, new commissioner, old commissioner)
    problems: list[PlannedProblem] = field(default_factory=list)
    funds: list[PlannedFunds] = field(default_factory=list)
    introduced_by: str | None = None  # the introducing unit, when not the landing unit

    def facts(self) -> dict[str, Any]:
        return {
            "new_land": self.new_land,
            "hazardous": self.hazardous,
            "approval_listed": self.approval_listed,
            "eia_full": self.eia_full,
            "major": self.major,
            "energy_tce": self.energy_tce,
            "amount": self.amount,
            "approval": approval_of(self.approval_listed, self.approval_level),
            **{name: getattr(self, name) for name in CATALOGUE_FLAGS},
        }

    @property
    def window_end(self) -> date:
        """The last day procedures can move (before suspension, termination or the cut-off)."""
        for stop in (self.terminate_on, self.suspend_on if self.resume_on is None else None):
            if stop is not None:
                return stop
        return LAST_DAY

    def approvals(self) -> Iterable[tuple[str, date]]:
        for key, moves in self.moves.items():
            for move in moves:
                if move.status == "approved":
                    yield key, move.on


def handled(projects: Iterable[PlannedProject], start: date, end: date) -> dict[str, int]:
    """Approvals of ``start`` … ``end``, counted by the procedure's level."""
    counts = {"provincial": 0, "city": 0, "county": 0}
    for p in projects:
        levels = {s.key: s.level for s in p.steps}
        for key, on in p.approvals():
            if start <= on <= end:
                counts[levels[key]] += 1
    return counts


@dataclass
class DemoPlan:
    """The whole plan of a seed; ``fair`` is the signing event counted apart."""

    seed: int
    people: People
    projects: list[PlannedProject]
    fair: str
    # the units added beyond units.yaml: (name, kind, code); yearly targets (unit, indicator, value)
    units: list[tuple[str, str, str]] = field(default_factory=list)
    targets: list[tuple[str, str, Decimal]] = field(default_factory=list)

    def expected(self, as_of: date) -> Figures:
        """The figures the plan promises for 1 January … ``as_of`` of ``as_of``'s year."""
        start = date(as_of.year, 1, 1)
        last_start, last_end = date(as_of.year - 1, 1, 1), year_earlier(as_of)
        signed = [p for p in self.projects if start <= p.signed_on <= as_of]
        fair = [p for p in signed if p.signing_event == self.fair]
        counts = handled([p for p in self.projects if p.signed_on <= as_of], start, as_of)
        started = [p for p in self.projects if p.start_on and start <= p.start_on <= as_of]
        funds = [f for p in self.projects for f in p.funds if f.out_of_province]
        return Figures(
            start=start,
            end=as_of,
            signed=len(signed),
            signed_amount=sum((p.amount for p in signed), Decimal("0.00")),
            fair=len(fair),
            fair_amount=sum((p.amount for p in fair), Decimal("0.00")),
            handled_provincial=counts["provincial"],
            handled_city=counts["city"],
            handled_county=counts["county"],
            started=len(started),
            started_major=sum(1 for p in started if p.major),
            funds=sum((f.amount for f in funds if start <= f.on <= as_of), Decimal("0.00")),
            funds_last_year=sum(
                (f.amount for f in funds if last_start <= f.on <= last_end), Decimal("0.00")
            ),
        )
