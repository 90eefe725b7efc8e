"""Funds in place (到位资金): exact amounts recorded over time, each an audited change."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from qy_landing.errors import InvalidValueError, ProjectNotFoundError
from qy_landing.services import funds, projects
from tests.builders import CODE, project


def test_funds_are_recorded_exactly_and_listed_by_date(ctx):
    """Amounts stay exact decimals; the list is in the order the money arrived."""
    project(ctx)
    funds.record_funds(ctx, CODE, "1.25", on=date(2026, 9, 1), out_of_province=False)
    funds.record_funds(ctx, CODE, Decimal("3.5"), on=date(2026, 8, 1), note="设备采购款")
    listed = [(f.received_on, f.amount, f.out_of_province, f.note) for f in
              funds.list_funds(ctx, CODE)]  # fmt: skip
    assert listed == [
        (date(2026, 8, 1), Decimal("3.5"), True, "设备采购款"),
        (date(2026, 9, 1), Decimal("1.25"), False, None),
    ]


def test_every_record_is_an_audit_event(ctx):
    """The audit trail says how much arrived, from where, and when."""
    project(ctx)
    funds.record_funds(ctx, CODE, "2", on=date(2026, 9, 1), out_of_province=False)
    event = [e for e in projects.history(ctx, CODE) if e.action == "funds"][-1]
    assert (event.entity, event.field, event.effective_on) == (
        "funds",
        "in_province",
        date(2026, 9, 1),
    )
    assert Decimal(event.new) == 2


@pytest.mark.parametrize("amount", ["-1", "abc", "1.23456", "NaN"])
def test_bad_amounts_are_refused_and_nothing_is_written(ctx, amount):
    """Negative, unreadable, too precise or non-finite amounts are refused before writing."""
    project(ctx)
    with pytest.raises(InvalidValueError):
        funds.record_funds(ctx, CODE, amount, on=date(2026, 9, 1))
    assert funds.list_funds(ctx, CODE) == []


def test_unknown_project_and_future_date_are_refused(ctx):
    """Funds need a known project and a date that is not in the future."""
    project(ctx)
    with pytest.raises(ProjectNotFoundError):
        funds.record_funds(ctx, "2601-000000-04-01-000000", "1", on=date(2026, 9, 1))
    with pytest.raises(InvalidValueError):
        funds.record_funds(ctx, CODE, "1", on=date(2026, 10, 13))
    assert funds.list_funds(ctx, CODE) == []
