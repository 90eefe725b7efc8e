"""The context: actor, clock, effective dates, and the calendar it owns."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.errors import InvalidValueError
from qy_landing.services.calendar import set_override
from qy_landing.services.context import Context, read_calendar


def test_a_long_lived_context_sees_a_closure_another_context_added(ctx):
    """``calendar()`` is cached while the database's calendar version stays; a closure
    added through another context (another process) bumps it and is seen at once."""
    day = date(2026, 10, 14)  # a Wednesday
    first = ctx.calendar()
    assert ctx.calendar() is first and first.is_workday(day)
    other = Context(ctx.db, "另一位同事", ctx.clock)
    set_override(other, day, workday=False, note="停电")
    assert not read_calendar(ctx.db).is_workday(day)
    assert not ctx.calendar().is_workday(day)
    assert ctx.calendar() is ctx.calendar()


def test_the_store_carries_no_calendar(ctx):
    """The calendar belongs to the context (services), not to the database object."""
    ctx.calendar()
    assert not hasattr(ctx.db, "_calendar")


def test_an_effective_date_may_not_lie_in_the_future(ctx):
    """``--on`` defaults to today and refuses tomorrow."""
    assert ctx.effective(None) == ctx.today() == date(2026, 10, 12)
    with pytest.raises(InvalidValueError):
        ctx.effective(date(2026, 10, 13))
