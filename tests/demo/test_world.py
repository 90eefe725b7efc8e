"""The world data files: complete, consistent with the product's vocabulary, read into types."""

from __future__ import annotations

import string
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from qy_landing.codes import SEED_UNITS
from qy_landing.demo.model import DEFAULT_AS_OF
from qy_landing.demo.world import load_world, read_world
from qy_landing.errors import DemoPlanError
from qy_landing.vocabulary import CHAINS


def test_units_are_the_seeded_counties_and_parks():
    """The counties/districts (with their division codes) and parks are those `init` seeds."""
    world = load_world()
    assert world.regions == {u.name: u.code for u in SEED_UNITS if u.kind == "county"}
    assert set(world.parks) == {u.name for u in SEED_UNITS if u.kind == "park"}


def test_city_units_play_every_part_the_planner_needs():
    """There is one centre, one landing office, two supervisors, and contacts with titles."""
    world = load_world()
    roles = [u.role for u in world.city_units]
    assert (roles.count("centre"), roles.count("landing_office")) == (1, 1)
    assert roles.count("supervisor") == 2
    assert world.unit("centre") == "市招商促进中心"
    assert all(u.title for u in world.city_units if u.role in ("supervisor", "contact"))
    assert len({u.code for u in world.city_units}) == len(world.city_units)


def test_chains_are_the_vocabulary_chains_with_complete_entries():
    """Every chain of the vocabulary has units, names, investor words and a centre section."""
    world = load_world()
    assert set(world.chains) == set(CHAINS)
    places = set(world.counties) | set(world.parks)
    for chain in world.chains.values():
        assert set(chain.units) <= places, chain.key
        assert chain.section in world.sections, chain.key
        assert chain.weight > 0 and chain.names and chain.investor_words


def test_name_templates_use_only_the_known_sizes():
    """Project name templates name only the place and the sizes the planner computes."""
    world = load_world()
    known = {"p", "mw", "mwh", "wt", "racks", "n"}
    templates = [n for c in world.chains.values() for n in c.names] + list(world.data_centres.names)
    for template in templates:
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        assert "p" in fields and fields <= known, template


def test_problem_owners_are_contacts_or_the_direct_responsible():
    """A problem is owned by a contact's unit or by the project's direct-responsible person."""
    world = load_world()
    contacts = {u.name for u in world.city_units if u.role == "contact"}
    assert {p.owner for p in world.problems} <= contacts | {"direct"}


def test_signing_calendar():
    """The fair lies in early July; the 2026 events sign 164 projects, one of them data centres."""
    world = load_world()
    assert world.fair == "第三十届兰洽会"
    assert all(day.month == 7 for day in world.fair_days)
    assert sum(e.projects for e in world.events_2026) == 164
    assert [e.data_centres for e in world.events_2026].count(True) == 1
    assert len(world.daily_month_weights) == 10  # January … October


def test_target_is_the_report_of_domain_md():
    """The figures to reproduce are the Qingyang report's, as of the default date."""
    target = load_world().target
    assert (target.start, target.end) == (date(2026, 1, 1), DEFAULT_AS_OF)
    assert (target.signed, target.signed_amount) == (438, Decimal("1374.95"))
    assert (target.fair, target.fair_amount) == (81, Decimal("950.98"))
    assert target.handled == {"provincial": 29, "city": 78, "county": 416}
    assert (target.started, target.started_major) == (70, 54)
    assert target.funds_growth == Decimal("59.50")


def _copy_data(tmp_path: Path) -> Path:
    source = resources.files("qy_landing.demo") / "data"
    for name in ("units", "people", "chains", "signings", "texts", "figures"):
        (tmp_path / f"{name}.yaml").write_text(
            source.joinpath(f"{name}.yaml").read_text("utf-8"), encoding="utf-8"
        )
    return tmp_path


def test_a_copy_of_the_data_reads_as_the_same_world(tmp_path):
    """read_world() of a copy of the shipped files equals the shipped world."""
    assert read_world(_copy_data(tmp_path)) == load_world()


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "chains.yaml",
            "weight: 20",
            "weight: many",
            "chains.energy.weight must be a whole number",
        ),
        ("figures.yaml", "funds: '835.76'", "funds: 'lots'", "target.funds must be an exact"),
        (
            "signings.yaml",
            "'on': 2026-03-18",
            "'on': soon",
            "events_2026[0].on must be a date (YYYY-MM-DD)",
        ),
        (
            "people.yaml",
            "commissioners: 6",
            "commissioners: true",
            "landing_office.commissioners must be a whole number",
        ),
        ("texts.yaml", "funds_notes:", "funds_notes: []\nx:", "funds_notes must be a non-empty"),
        ("units.yaml", "role: centre", "role: boss", "city_units[0].role must be centre or"),
        ("units.yaml", "counties:", "counties: [", "demo data units.yaml:"),
    ],
)
def test_a_bad_entry_is_named_with_its_file(tmp_path, file, old, new, message):
    """A damaged data file raises DemoPlanError naming the file and the entry."""
    folder = _copy_data(tmp_path)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DemoPlanError, match=f"demo data {file}") as caught:
        read_world(folder)
    assert message in str(caught.value)


def test_data_files_ship_with_the_package():
    """pyproject.toml installs the data files with the qy_landing.demo package."""
    pyproject = Path(__file__).parents[2] / "pyproject.toml"
    if not pyproject.exists():  # pragma: no cover - an installed copy of the tests
        pytest.skip("no source tree")
    text = pyproject.read_text(encoding="utf-8")
    assert '"qy_landing.demo",' in text
    assert '"qy_landing.demo" = ["data/*.yaml"]' in text
