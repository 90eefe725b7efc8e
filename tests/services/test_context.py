"""The context of every call: who acts, on which database, at what time."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.clock import FixedClock
from qy_landing.errors import InvalidValueError
from qy_landing.services import calendar
from qy_landing.services.context import Context, default_actor


def test_the_actor_comes_from_the_environment_else_the_login(monkeypatch):
    """QY_LANDING_USER names the actor; without it the operating-system user does."""
    monkeypatch.setenv("QY_LANDING_USER", "王芳")
    assert default_actor() == "王芳"
    monkeypatch.delenv("QY_LANDING_USER")
    assert default_actor()  # the login name, or "unknown" in a container without one


def test_today_is_the_clocks(ctx):
    """Time is a parameter: the context's clock says what today is."""
    assert ctx.today() == date(2026, 10, 12)


def test_effective_dates_may_not_lie_in_the_future(ctx):
    """An effective date defaults to today; a past one is kept; a future one is refused."""
    assert ctx.effective(None) == date(2026, 10, 12)
    assert ctx.effective(date(2026, 9, 1)) == date(2026, 9, 1)
    with pytest.raises(InvalidValueError) as caught:
        ctx.effective(date(2026, 10, 13))
    assert "2026-10-13" in caught.value.render("en")


def test_the_calendar_is_cached_until_an_override_changes_it(ctx):
    """The working-day calendar is read once; an override renews it for the next call."""
    first = ctx.calendar()
    assert ctx.calendar() is first
    calendar.set_override(ctx, date(2026, 10, 14), workday=False)
    renewed = ctx.calendar()
    assert renewed is not first
    assert not renewed.is_workday(date(2026, 10, 14))


def test_open_takes_actor_and_clock(db_url):
    """Context.open binds a database URL, the actor for the audit trail and the clock."""
    context = Context.open(db_url, actor="李娜", clock=FixedClock.on(date(2026, 1, 5)))
    try:
        assert context.actor == "李娜"
        assert context.today() == date(2026, 1, 5)
    finally:
        context.db.dispose()
