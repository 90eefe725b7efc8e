"""The demo's projects: cohorts and fates, exact amounts, unique names and codes, people."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from qy_landing.codes import LOCAL_CODE, NATIONAL_CODE
from qy_landing.demo.world import load_world


def test_cohorts_and_fates(plan):
    """12 continuing, 42 from late 2025, 81 at the fair, 357 other 2026 signings: 492 projects."""
    cohorts = Counter(p.cohort for p in plan.projects)
    assert cohorts == {"continuing": 12, "carry": 42, "fair": 81, "y2026": 357}
    started = Counter(p.cohort for p in plan.projects if p.fate == "started")
    assert started == {"continuing": 12, "carry": 34, "fair": 6, "y2026": 30}
    fates = Counter(p.fate for p in plan.projects)
    assert fates["terminated"] == 5 and fates["suspended"] == 10


def test_amounts_are_exact_per_cohort(plan):
    """Each cohort's amounts add up exactly to its total; every amount is at least 0.05 亿元."""
    world = load_world()
    total: dict[str, Decimal] = {}
    for p in plan.projects:
        total[p.cohort] = total.get(p.cohort, Decimal(0)) + p.amount
    assert total["continuing"] == world.cohort_amounts["continuing"]
    assert total["carry"] == world.cohort_amounts["carry"]
    assert total["fair"] == Decimal("950.98")
    assert total["y2026"] == Decimal("1374.95") - Decimal("950.98")
    assert min(p.amount for p in plan.projects) >= Decimal("0.05")


def test_names_and_codes_are_unique_and_well_formed(plan):
    """No name or code twice; codes are national (YYMM-region-…) or local (QY-2026-NNNN)."""
    names = [p.name for p in plan.projects]
    codes = [p.code for p in plan.projects]
    assert len(set(names)) == len(names) == len(set(codes))
    for p in plan.projects:
        assert NATIONAL_CODE.match(p.code) or LOCAL_CODE.match(p.code), p.code
        if NATIONAL_CODE.match(p.code):
            assert p.code[:4] == f"{p.signed_on.year % 100:02d}{p.signed_on.month:02d}"
    assert 0 < sum(1 for c in codes if c.startswith("QY-2026-")) < 100


def test_investors_and_descriptions(plan):
    """Investors are named 省份某…公司; descriptions state the contract amount."""
    provinces = {name for name, _ in load_world().provinces}
    for p in plan.projects:
        assert p.investor[:2] in provinces and "某" in p.investor, p.investor
        assert p.description.startswith(f"总投资 {p.amount} 亿元")


def test_data_centres_follow_their_workflow(plan):
    """东数西算 data-centre projects are digital, on the data_center workflow, in 3 places."""
    centres = [p for p in plan.projects if p.workflow == "data_center"]
    assert len(centres) == 10
    assert {p.chain for p in centres} == {"digital"}
    assert {p.unit for p in centres} <= set(load_world().data_centres.units)
    assert all(p.name.startswith("东数西算") for p in centres)


def test_responsibilities(plan):
    """Fair projects have the centre's head as first-responsible too; all have a lead chief."""
    centre_head = plan.people.center_head.ref
    for p in plan.projects:
        assert p.first_responsible[-1] == plan.people.heads[p.unit].ref
        assert (centre_head in p.first_responsible) == (p.signing_event == "第三十届兰洽会")
        assert p.lead_chief in {c.ref for c in plan.people.chiefs}
        assert p.actor == p.commissioner.split("@")[0]
