"""The tables: what workflow conditions may read of a project, and the Core table of a model."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from qy_landing.store.models import Project, facts_of, table_of
from qy_landing.vocabulary import CATALOGUE_FLAGS
from qy_landing.workflow.conditions import FACTS


def test_facts_are_exactly_what_conditions_may_name():
    """facts_of() gives every fact the condition language knows, flags as booleans."""
    values = dict.fromkeys(CATALOGUE_FLAGS, 1)
    project = SimpleNamespace(
        new_land=True, hazardous=False, approval_listed=True, approval_level="city",
        eia_full=False, major=True, energy_tce=12000.0, amount=Decimal("12.5"), **values,
    )  # fmt: skip
    facts = facts_of(project)
    assert set(facts) == set(FACTS)
    assert facts["energy_tce"] == 12000.0 and facts["amount"] == Decimal("12.5")
    assert all(facts[name] is True for name in CATALOGUE_FLAGS)


def test_the_core_table_of_a_model_is_its_own():
    """table_of(Project) is the project table with its version column."""
    table = table_of(Project)
    assert table.name == "project"
    assert {"code", "state", "version"} <= set(table.c.keys())
