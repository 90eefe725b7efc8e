"""Applicability conditions: the small expression language steps are switched on with."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qy_landing.workflow.conditions import FACTS, ConditionSyntaxError, parse_condition


@pytest.mark.parametrize(
    ("text", "facts", "expected"),
    [
        ("new_land", {"new_land": True}, True),
        ("new_land", {"new_land": False}, False),
        ("new_land", {}, False),  # a missing fact is false
        ("not approval_listed", {"approval_listed": False}, True),
        ("new_land and energy_tce >= 10000", {"new_land": True, "energy_tce": 10000}, True),
        ("new_land and energy_tce >= 10000", {"new_land": True, "energy_tce": 9999}, False),
        ("hazardous or energy_tce > 5", {"hazardous": False, "energy_tce": 6}, True),
        ("energy_tce < 1000", {}, False),  # no number: no comparison holds
        ("amount == 12.5", {"amount": Decimal("12.5")}, True),
        ("amount != 12.5", {"amount": "12.50"}, False),  # compared exactly, as decimals
        ("amount <= 0.1", {"amount": 0.1}, True),  # a float is read through its text
    ],
)
def test_conditions_evaluate_against_a_projects_facts(text, facts, expected):
    """Facts are true/false or compared as exact decimals; a missing fact never holds."""
    assert parse_condition(text).evaluate(facts) is expected


def test_not_binds_tighter_than_and_and_and_tighter_than_or():
    """``not a or b and c`` reads as ``(not a) or (b and c)``; parentheses change that."""
    plain = parse_condition("not major or hazardous and new_land")
    grouped = parse_condition("not (major or hazardous) and new_land")
    facts = {"major": True, "hazardous": True, "new_land": False}
    assert plain.evaluate(facts) is False
    assert plain.evaluate({**facts, "new_land": True}) is True
    assert grouped.evaluate({"new_land": True}) is True
    assert grouped.evaluate({"new_land": True, "hazardous": True}) is False


def test_a_condition_names_the_facts_it_reads():
    """facts() lists every fact the condition reads, so applicability can be memoised."""
    condition = parse_condition("hazardous or (energy_tce >= 1000 and not major)")
    assert condition.facts() == {"hazardous", "energy_tce", "major"}
    assert condition.source == "hazardous or (energy_tce >= 1000 and not major)"
    assert condition.facts() <= set(FACTS)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "the condition is empty"),
        ("colour", "colour"),  # unknown fact: named, with the known ones
        ("new_land and", "the condition ends too early"),
        ("(new_land", "the condition ends too early"),
        ("(new_land major", "missing ')'"),
        ("energy_tce >= lots", "lots"),
        ("new_land >= 3", "new_land"),  # a yes/no fact is not compared
        ("energy_tce", "energy_tce"),  # a number alone is not a condition
        ("new_land hazardous", "unexpected 'hazardous'"),
        ("new_land & major", "cannot read the condition at: & major"),
        ("__import__('os')", "cannot read"),  # nothing is ever evaluated as Python
    ],
)
def test_bad_conditions_say_what_is_wrong(text, says):
    """Every syntax error is one catalogue message naming the offending part."""
    with pytest.raises(ConditionSyntaxError) as caught:
        parse_condition(text)
    assert says in caught.value.msg.render("en")


def test_unknown_fact_lists_the_known_facts():
    """The message for an unknown fact lists the facts a condition may read."""
    with pytest.raises(ConditionSyntaxError) as caught:
        parse_condition("colour")
    message = caught.value.msg.render("en")
    assert all(name in message for name in ("new_land", "energy_tce", "amount"))
