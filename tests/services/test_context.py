"""The context of every call: who acts, on which database, at what time, and its calendar."""

from __future__ import annotations

from datetime import date

from qy_landing.clock import FixedClock
from qy_landing.services import calendar
from qy_landing.services.calendar import set_override
from qy_landing.services.context import Context, default_actor, read_calendar


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


def test_an_effective_date_defaults_to_today(ctx):
    """``--on`` defaults to today; whether a date may be recorded is check_effective's."""
    assert ctx.effective(None) == ctx.today() == date(2026, 10, 12)
    assert ctx.effective(date(2026, 10, 13)) == date(2026, 10, 13)


def test_the_actor_comes_from_the_environment_else_the_login(monkeypatch):
    """QY_LANDING_USER names the actor; without it the operating-system user does."""
    monkeypatch.setenv("QY_LANDING_USER", "王芳")
    assert default_actor() == "王芳"
    monkeypatch.delenv("QY_LANDING_USER")
    assert default_actor()  # the login name, or "unknown" in a container without one


def test_today_is_the_clocks(ctx):
    """Time is a parameter: the context's clock says what today is."""
    assert ctx.today() == date(2026, 10, 12)


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
