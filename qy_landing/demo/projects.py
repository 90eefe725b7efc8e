"""Planning the demo's projects: cohorts and fates, profiles, amounts, names, codes, people.

Four cohorts: projects signed in late 2024 and building since 2025 (``continuing``),
signed in the second half of 2025 (``carry``), signed at the fair (``fair``) and signed
elsewhere in 2026 (``y2026``). How many of each start construction, and with which
*profile* (the facts that decide their procedures), is fixed, so the procedure figures
do not depend on the seed; the rest is drawn.
"""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

from qy_landing.demo.draw import Days, spread, weighted
from qy_landing.demo.model import LAST_DAY, People, PlannedProject
from qy_landing.demo.world import World

# The profiles of the projects that start construction, per cohort.
STARTED_PROFILES = {
    "continuing": ["dc"] * 2
    + ["newland"] * 3
    + ["bigenergy"] * 3
    + ["hazardous"]
    + ["basic_energy"] * 3,
    "carry": ["dc"] * 2
    + ["newland"] * 6
    + ["bigenergy"] * 2
    + ["hazardous"]
    + ["listed"] * 2
    + ["workshop"] * 8
    + ["basic"] * 9
    + ["basic_energy"] * 4,
    "fair": ["workshop"] * 3 + ["basic", "basic_energy", "newland"],
    "y2026": ["dc"] * 2
    + ["newland"] * 4
    + ["bigenergy"] * 2
    + ["hazardous"]
    + ["listed"] * 2
    + ["workshop"] * 8
    + ["basic"] * 7
    + ["basic_energy"] * 4,
}
# (cohort) -> how many started projects are not major
STARTED_MINOR = {"continuing": 0, "carry": 4, "fair": 0, "y2026": 12}
WORKSHOP_CHAINS = ("equipment", "equipment", "health", "digital", "agriculture", "green")
NEW_LAND_CHAINS = ("energy", "chemicals", "equipment", "agriculture", "green", "tourism")


class _Cohorts:
    """Draws the projects of the four cohorts, in the order the seed's draws depend on."""

    def __init__(self, rng: Random, days: Days, world: World) -> None:
        self.rng = rng
        self.days = days
        self.world = world
        self.projects: list[PlannedProject] = []

    def new(
        self,
        cohort: str,
        fate: str,
        profile: str,
        signed_on: date,
        event: str | None,
        major: bool,
        chain: str | None = None,
    ) -> PlannedProject:
        rng = self.rng
        if cohort == "continuing" and profile in ("newland", "basic_energy"):
            chain = "energy" if profile == "newland" else rng.choice(("energy", "equipment"))
        chain = chain or self.profile_chain(profile)
        unit = self.chain_unit(chain, profile)
        if profile == "dc":
            unit = rng.choice(self.world.data_centres.units)
        project = PlannedProject(
            len(self.projects), cohort, fate, profile, chain, unit, signed_on, event, major
        )
        apply_profile(rng, project, self.world)
        self.projects.append(project)
        return project

    def profile_chain(self, profile: str) -> str:
        rng = self.rng
        if profile == "dc":
            return "digital"
        if profile in ("bigenergy", "hazardous"):
            return "chemicals"
        if profile == "listed":
            return "energy"
        if profile == "workshop":
            return rng.choice(WORKSHOP_CHAINS)
        if profile == "newland":
            return rng.choice(NEW_LAND_CHAINS)
        return weighted(rng, [(key, c.weight) for key, c in self.world.chains.items()])

    def chain_unit(self, chain: str, profile: str) -> str:
        rng, world = self.rng, self.world
        if profile == "workshop":
            return rng.choice(world.workshop_units)
        if rng.random() < 0.8:
            return rng.choice(world.chains[chain].units)
        return rng.choice(world.counties + world.parks)

    def started_profiles(self, cohort: str) -> list[tuple[str, bool]]:
        """The cohort's started profiles, shuffled, each with whether it is major."""
        rng = self.rng
        profiles = list(STARTED_PROFILES[cohort])
        rng.shuffle(profiles)
        small = [i for i, pr in enumerate(profiles) if pr in ("basic", "workshop", "basic_energy")]
        minor = set(rng.sample(small, STARTED_MINOR[cohort]))
        return [(pr, i not in minor) for i, pr in enumerate(profiles)]


def apply_profile(rng: Random, p: PlannedProject, world: World) -> None:
    """Set the facts of ``p`` that its profile implies (and draw those it leaves open).

    Projects that start construction keep to their profile's facts, so the procedures they
    approve (and the figures) do not depend on the seed; the others (``any``) also draw
    the facts of the Gansu catalogue: an approval level, minerals under oilfield sites,
    forest land or grassland, relics, water, civil buildings, planned urban land.
    """
    profile = p.profile
    if profile == "dc":
        p.workflow = "data_center"
        p.energy_tce = float(rng.randrange(20000, 90000, 500))
        return
    if profile == "newland":
        p.new_land = True
        p.energy_tce = rng.choice((None, 600.0, 2400.0))
    elif profile == "bigenergy":
        p.eia_full = True
        p.energy_tce = float(rng.randrange(12000, 60000, 500))
    elif profile == "hazardous":
        p.hazardous = True
        p.eia_full = True
        p.energy_tce = float(rng.randrange(3000, 9500, 100))
    elif profile == "listed":
        p.approval_listed = True
    elif profile == "basic_energy":
        p.energy_tce = float(rng.randrange(1200, 9000, 100))
    elif profile in ("basic", "workshop"):
        p.energy_tce = rng.choice((None, None, 350.0, 800.0))
    elif profile == "any":
        _draw_facts(rng, p)
        _draw_catalogue_facts(rng, p, world)
        if p.chain == "energy":  # wind, solar and storage plants (chains.yaml)
            p.workflow = "energy"


def _draw_facts(rng: Random, p: PlannedProject) -> None:
    roll = rng.random()
    p.new_land = roll < 0.15
    p.eia_full = rng.random() < 0.1 or (p.chain == "chemicals" and rng.random() < 0.4)
    p.hazardous = p.chain == "chemicals" and rng.random() < 0.3
    p.approval_listed = p.chain == "energy" and rng.random() < 0.25
    energy = rng.random()
    if energy < 0.5:
        p.energy_tce = None
    elif energy < 0.7:
        p.energy_tce = float(rng.randrange(100, 1000, 50))
    elif energy < 0.93:
        p.energy_tce = float(rng.randrange(1000, 10000, 100))
    else:
        p.energy_tce = float(rng.randrange(10000, 40000, 500))


def _draw_catalogue_facts(rng: Random, p: PlannedProject, world: World) -> None:
    if p.approval_listed:
        p.approval_level = rng.choice(("city", "city", "provincial"))
    heavy = p.chain in ("energy", "chemicals")
    p.over_mineral_area = heavy and p.unit in world.oilfield and rng.random() < 0.5
    p.uses_forest_or_grassland = p.chain in ("energy", "agriculture") and rng.random() < 0.2
    p.relics_zone = p.new_land and rng.random() < 0.15
    p.abstracts_water = p.chain in ("chemicals", "agriculture") and rng.random() < 0.3
    p.civil_building = p.chain in ("tourism", "health") and rng.random() < 0.4
    p.in_planned_urban_land = p.new_land and p.unit in world.parks and rng.random() < 0.5


def plan_projects(rng: Random, days: Days, world: World) -> list[PlannedProject]:
    """Every project of the four cohorts, with its fate, profile, chain, unit and signing."""
    cohorts = _Cohorts(rng, days, world)
    _continuing(cohorts)
    _carry(cohorts)
    _fair(cohorts)
    _y2026(cohorts)
    return cohorts.projects


def _continuing(c: _Cohorts) -> None:
    """Continuing projects (续建): signed in late 2024, building since 2025."""
    rng, days = c.rng, c.days
    for profile, major in c.started_profiles("continuing"):
        signed = days.pick(rng, date(2024, 10, 8), date(2025, 1, 17))
        event = c.world.earlier_events["continuing"] if rng.random() < 0.5 else None
        p = c.new("continuing", "started", profile, signed, event, major)
        p.weight = rng.uniform(80, 260)
        p.start_on = days.add(signed, rng.randint(95, 150))


def _carry(c: _Cohorts) -> None:
    """Signed in the second half of 2025: most start construction in 2026."""
    rng, days = c.rng, c.days
    carry_dates = sorted(days.pick(rng, date(2025, 8, 1), date(2025, 12, 19)) for _ in range(42))
    carry_fates = ["started"] * 34 + ["progress"] * 6 + ["suspended", "terminated"]
    rng.shuffle(carry_fates)
    started = iter(c.started_profiles("carry"))
    for signed, fate in zip(carry_dates, carry_fates, strict=True):
        event = (
            c.world.earlier_events["carry"]
            if signed.month in (10, 11) and rng.random() < 0.6
            else None
        )
        if fate == "started":
            profile, major = next(started)
        else:
            profile, major = "any", rng.random() < 0.5
        p = c.new("carry", fate, profile, signed, event, major)
        p.weight = rng.uniform(6, 30) if major else rng.uniform(1, 5)
        if fate == "started":
            low = max(days.add(signed, 80), date(2026, 2, 2))
            p.start_on = days.pick(rng, low, date(2026, 10, 28))


def _fair(c: _Cohorts) -> None:
    """The 30th Lanzhou fair (兰洽会), early July 2026: 81 projects, most of the amount."""
    rng, days, fair = c.rng, c.days, c.world.fair
    fair_fates = ["started"] * 6 + ["terminated"] + ["suspended"] * 3 + ["progress"] * 71
    rng.shuffle(fair_fates)
    fair_started = iter(c.started_profiles("fair"))
    giants = 0
    for fate in fair_fates:
        signed = rng.choice(c.world.fair_days)
        if fate == "started":
            profile, major = next(fair_started)
            p = c.new("fair", fate, profile, signed, fair, major)
            p.weight = rng.uniform(8, 20)
            p.start_on = days.pick(rng, date(2026, 9, 14), date(2026, 10, 28))
            continue
        if giants < 2:
            p = c.new("fair", fate, "dc", signed, fair, True)
        elif giants < 6:  # the fair's largest signings: energy and chemical bases
            p = c.new("fair", fate, "any", signed, fair, True, rng.choice(("energy", "chemicals")))
        else:
            p = c.new("fair", fate, "any", signed, fair, False)
        giants += 1
        if giants <= 6:
            p.weight = rng.uniform(60, 110)
        elif giants <= 30:
            p.weight = rng.uniform(12, 25)
        else:
            p.weight = rng.uniform(2, 9)
        p.major = p.weight >= 5


def _daily_dates(rng: Random, days: Days, world: World, count: int) -> list[date]:
    """Signing days of projects signed outside events, spread over January … October 2026."""
    months = rng.choices(range(1, 11), weights=world.daily_month_weights, k=count)
    result = []
    for month in months:
        first = date(2026, month, 5 if month == 1 else 1)
        last = (date(2026, month + 1, 1) - timedelta(days=1)) if month < 10 else date(2026, 10, 28)
        result.append(days.pick(rng, first, last))
    return result


def _y2026(c: _Cohorts) -> None:
    """The other 2026 signings: events and day-by-day signings (357 projects in all)."""
    rng, days, world = c.rng, c.days, c.world
    early: list[tuple[str | None, date]] = []
    late: list[tuple[str | None, date]] = []
    for signing in world.events_2026:
        (early if signing.on <= date(2026, 5, 31) else late).extend(
            [(signing.name, signing.on)] * signing.projects
        )
    daily = 357 - sum(e.projects for e in world.events_2026)
    for day in _daily_dates(rng, days, world, daily):
        (early if day <= date(2026, 5, 15) else late).append((None, day))
    rng.shuffle(early)
    y_started = c.started_profiles("y2026")
    y_other = ["progress"] * (len(early) + len(late) - len(y_started))
    slots_started = early[: len(y_started)]  # signed by 20 May: time enough to start
    rest = early[len(y_started) :] + late
    rng.shuffle(rest)
    # terminated and suspended projects were signed early enough to have a history
    early_enough = [i for i, (_, day) in enumerate(rest) if day <= date(2026, 8, 20)]
    for n, i in enumerate(rng.sample(early_enough, 9)):
        y_other[i] = "terminated" if n < 3 else "suspended"
    for (profile, major), (event, signed) in zip(y_started, slots_started, strict=True):
        p = c.new("y2026", "started", profile, signed, event, major)
        p.weight = rng.uniform(3, 8) if major else rng.uniform(0.3, 1.5)
        p.start_on = days.pick(
            rng, days.add(signed, 60), min(days.add(signed, 140), date(2026, 10, 28))
        )
    data_centre_events = {e.name for e in world.events_2026 if e.data_centres}
    data_centres = 2
    for fate, (event, signed) in zip(y_other, rest, strict=True):
        chain = "digital" if event in data_centre_events and rng.random() < 0.7 else None
        if chain and data_centres and fate == "progress":
            data_centres -= 1
            p = c.new("y2026", fate, "dc", signed, event, True)
            p.weight = rng.uniform(5, 10)
            continue
        p = c.new("y2026", fate, "any", signed, event, False, chain)
        p.major = rng.random() < 0.08
        p.weight = rng.uniform(3, 8) if p.major else rng.uniform(0.15, 1.6)


def assign_amounts(projects: list[PlannedProject], world: World) -> None:
    """Each cohort's contract amounts: drawn weights scaled to its exact total."""
    groups: dict[str, list[PlannedProject]] = {}
    for p in projects:
        key = p.cohort if p.cohort in ("continuing", "carry", "fair") else "y2026"
        groups.setdefault(key, []).append(p)
    target = world.target
    totals = {
        **world.cohort_amounts,
        "fair": target.fair_amount,
        "y2026": target.signed_amount - target.fair_amount,
    }
    for key, members in groups.items():
        for p, amount in zip(
            members, spread([p.weight for p in members], totals[key]), strict=True
        ):
            p.amount = amount


def name_project(rng: Random, p: PlannedProject, taken: set[str], world: World) -> None:
    """Name, investor and description of ``p``; a repeated name becomes a later phase."""
    place = world.places.get(p.unit, p.unit)
    amount = float(p.amount)
    numbers = {
        "p": place,
        "mw": max(20, round(amount * 16 / 10) * 10),
        "mwh": max(40, round(amount * 32 / 10) * 10),
        "wt": max(5, round(amount * 2)),
        "racks": max(1000, round(amount * 3.5) * 100),
        "n": max(1, round(amount * 0.8)),
    }
    centre = p.workflow == "data_center"
    chain = world.chains[p.chain]
    templates = world.data_centres.names if centre else chain.names
    base = rng.choice(templates).format(**numbers)
    name = base
    for phase in ("（二期）", "（三期）", "（四期）", "（扩建）", "（续建）"):
        if name not in taken:
            break
        name = base.replace("项目", phase + "项目") if "项目" in base else base + phase
    serial = 2
    while name in taken:
        name = f"{base}（{serial}）"
        serial += 1
    taken.add(name)
    p.name = name
    province = weighted(rng, world.provinces)
    word = rng.choice(chain.investor_words)
    p.investor = f"{province}某{word}{rng.choice(world.company_suffixes)}"
    content = world.data_centres.content if centre else chain.content
    p.description = f"总投资 {p.amount} 亿元，{content}。"


def code_project(
    rng: Random, p: PlannedProject, taken: set[str], local: list[int], world: World
) -> None:
    """A national project code (项目代码), or a local one for some recent signings."""
    if p.cohort == "y2026" and p.signed_on >= date(2026, 8, 1) and rng.random() < 0.25:
        local[0] += 1
        p.code = f"QY-2026-{local[0]:04d}"  # no national code yet: a local one
        return
    region = world.regions.get(p.unit, world.city_region)
    yymm = f"{p.signed_on.year % 100:02d}{p.signed_on.month:02d}"
    while True:
        code = (
            f"{yymm}-{region}-{rng.choice(('04', '05', '07', '89'))}-"
            f"{rng.choice(('01', '02', '03'))}-{rng.randint(0, 999999):06d}"
        )
        if code not in taken:
            taken.add(code)
            p.code = code
            return


def assign_people(rng: Random, p: PlannedProject, people: People, days: Days, world: World) -> None:
    """Who is responsible for ``p``, who leads it and who records its changes."""
    p.first_responsible = [people.heads[p.unit].ref]
    if p.signing_event == world.fair:
        p.first_responsible.insert(0, people.center_head.ref)
    p.direct_responsible = [people.deputies[p.unit].ref]
    commissioner = people.commissioner_of[p.unit]
    p.commissioner = commissioner.ref
    p.actor = commissioner.name
    chief = world.sections.index(world.chains[p.chain].section)
    if p.major and rng.random() < 0.5:
        chief = world.sections.index(world.major_section)
    p.lead_chief = people.chiefs[chief].ref
    if p.cohort in ("fair", "y2026"):
        p.lead_on = min(days.add(p.signed_on, rng.randint(2, 8)), LAST_DAY)
