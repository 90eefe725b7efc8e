"""The plan's data: what a project promises, its window, and the figures a plan expects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from qy_landing.demo.model import LAST_DAY, PersonPlan, PlannedProject, handled
from qy_landing.demo.world import load_world

from .conftest import AS_OF


def _project(**fields: object) -> PlannedProject:
    base: dict[str, object] = {
        "index": 0,
        "cohort": "y2026",
        "fate": "progress",
        "profile": "any",
        "chain": "energy",
        "unit": "环县",
        "signed_on": date(2026, 3, 2),
        "signing_event": None,
        "major": False,
    }
    return PlannedProject(**(base | fields))  # type: ignore[arg-type]


def test_window_ends_at_termination_or_unresumed_suspension():
    """Procedures move until termination, an unresumed suspension, or the last day."""
    assert _project().window_end == LAST_DAY
    assert _project(terminate_on=date(2026, 5, 6)).window_end == date(2026, 5, 6)
    assert _project(suspend_on=date(2026, 4, 1)).window_end == date(2026, 4, 1)
    resumed = _project(suspend_on=date(2026, 4, 1), resume_on=date(2026, 5, 1))
    assert resumed.window_end == LAST_DAY


def test_a_person_is_referred_to_as_name_at_unit():
    """People are named name@unit in assignments, as the services accept them."""
    assert PersonPlan("张伟", "环县", "县长").ref == "张伟@环县"


def test_expected_figures_of_the_plan_are_the_target(plan):
    """The plan of the default seed promises exactly the target figures as of 2026-10-31."""
    assert plan.expected(AS_OF) == load_world().target


def test_expected_figures_are_cut_at_the_as_of_date(plan):
    """As of 30 June the fair (July) has signed nothing and fewer procedures are handled."""
    june = plan.expected(date(2026, 6, 30))
    assert (june.fair, june.fair_amount) == (0, Decimal("0.00"))
    assert june.signed < 438
    assert sum(june.handled.values()) < 29 + 78 + 416
    assert june.end == date(2026, 6, 30)


def test_handled_counts_approvals_by_level(plan):
    """handled() counts the approvals of a period per level of the procedure."""
    assert handled(plan.projects, *_period()) == {"provincial": 29, "city": 78, "county": 416}


def _period() -> tuple[date, date]:
    return date(2026, 1, 1), AS_OF
