"""Building the demo: plan, replay, measure, compare; and the command's safe entry point.

:func:`build_demo` writes the demo into an empty database and fails loudly
(:class:`~qy_landing.errors.DemoFiguresError`) if the database does not show the figures
the plan promised; :func:`create_demo` is what ``qy-landing demo`` calls: it refuses to
touch anything but an empty or demo database, and rebuilds a demo file only on ``reset``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qy_landing.clock import OFFICE_TZ, Clock, FixedClock
from qy_landing.demo.measure import DemoSummary, measure, summarise
from qy_landing.demo.model import DEFAULT_AS_OF, DEFAULT_SEED, DEMO_ACTOR, SETUP_DAY
from qy_landing.demo.plan import plan_demo
from qy_landing.demo.replay import Replay, add_units_and_people, all_actions
from qy_landing.demo.target import inspect_target, remove_demo_file
from qy_landing.demo.world import load_world
from qy_landing.errors import (
    DemoExistsError,
    DemoFiguresError,
    DemoForeignTargetError,
    DemoNotDemoError,
    DemoResetNotFileError,
    DemoTargetNotEmptyError,
    InvalidValueError,
    Msg,
)

if TYPE_CHECKING:
    from qy_landing.services.context import Context
    from qy_landing.workflow.definition import Definition

DEFAULT_FILE = "qy-landing-demo.db"

ProgressCallback = Callable[[str, int, int], None]


def _open(target: Any, clock: FixedClock) -> tuple[Context, bool]:
    """A context on ``target`` with the demo's clock; True when we opened (and must close) it."""
    from qy_landing.services.context import Context

    if isinstance(target, str):
        return Context.open(target, actor=DEMO_ACTOR, clock=clock), True
    if isinstance(target, Context):
        return Context(target.db, DEMO_ACTOR, clock), False
    if callable(target):
        ctx = target(clock)
        if not isinstance(ctx, Context):
            raise TypeError("the context factory must return a Context")
        ctx.actor = DEMO_ACTOR
        return ctx, False
    raise TypeError(f"cannot build the demo into {target!r}")


def build_demo(
    ctx_factory_or_url: str | Context | Callable[[Clock], Context],
    *,
    seed: int = DEFAULT_SEED,
    as_of: date = DEFAULT_AS_OF,
    on_progress: ProgressCallback | None = None,
) -> DemoSummary:
    """Build the demo into an empty database and return what it holds as of ``as_of``.

    ``ctx_factory_or_url`` is a database URL, a :class:`Context` (its database is used)
    or a callable that makes a Context from the demo's clock. The history is replayed up
    to ``as_of`` (2026-10-31 by default, where the figures equal DOMAIN.md's); the
    database is then measured and :class:`DemoFiguresError` raised if it differs from
    the plan. ``on_progress(phase, done, total)`` is told about every phase: ``setup``,
    ``plan``, ``people``, ``history``, ``check``.
    """
    from qy_landing.services.setup import init_database

    if as_of < date(2026, 1, 1):
        raise InvalidValueError("date", as_of.isoformat(), Msg("demo.expect.as_of"))
    began = time.perf_counter()
    report = on_progress or (lambda phase, done, total: None)
    clock = FixedClock.on(SETUP_DAY, hour=8)
    ctx, owned = _open(ctx_factory_or_url, clock)
    try:
        report("setup", 0, 1)
        init_database(ctx)
        definitions = _definitions_of_empty(ctx)
        report("plan", 0, 1)
        world = load_world()
        plan = plan_demo(seed, definitions, ctx.calendar(), world)
        report("plan", 1, 1)
        report("people", 0, 1)
        add_units_and_people(ctx, plan, world)
        report("people", 1, 1)
        replay = Replay(ctx, plan, definitions)
        replay.run(all_actions(plan), as_of, lambda done, total: report("history", done, total))
        end = max(as_of, SETUP_DAY)
        clock.at = datetime(end.year, end.month, end.day, 18, tzinfo=OFFICE_TZ)
        ctx.actor = DEMO_ACTOR
        report("check", 0, 1)
        expected = plan.expected(as_of)
        actual = measure(ctx, as_of, fair=world.fair)
        if actual != expected:
            raise DemoFiguresError(expected.differences(actual))
        summary = summarise(ctx, seed=seed, as_of=as_of, seconds=time.perf_counter() - began)
        report("check", 1, 1)
        return summary
    finally:
        if owned:
            ctx.db.dispose()


def _definitions_of_empty(ctx: Context) -> dict[str, Definition]:
    """The stored workflow definitions, once sure the database holds no projects or events."""
    from sqlalchemy import func, select
    from sqlmodel import col

    from qy_landing.services.definitions import get_definition
    from qy_landing.store.database import redact
    from qy_landing.store.models import Event, Project

    with ctx.db.read() as session:
        projects = int(session.execute(select(func.count(col(Project.id)))).scalar_one())
        events = int(session.execute(select(func.count(col(Event.id)))).scalar_one())
        definitions = {name: get_definition(session, name) for name in ("standard", "data_center")}
    if projects or events:
        raise DemoTargetNotEmptyError(redact(ctx.db.url), projects, events)
    return definitions


def default_demo_url(folder: Path | None = None) -> str:
    """``qy-landing-demo.db`` in ``folder`` (the current directory by default)."""
    return f"sqlite:///{(folder or Path.cwd()) / DEFAULT_FILE}"


def create_demo(
    url: str,
    *,
    reset: bool = False,
    seed: int = DEFAULT_SEED,
    as_of: date = DEFAULT_AS_OF,
    on_progress: ProgressCallback | None = None,
) -> DemoSummary:
    """Build the demo at ``url``, refusing to touch anything but an empty or demo database.

    An existing demo database is rebuilt only with ``reset`` (and only a SQLite file is
    deleted); a database with real data is never touched.
    """
    import dataclasses

    info = inspect_target(url)
    replaced = False
    if info.kind == "other":
        raise DemoNotDemoError(info.url, info.projects)
    if info.kind == "foreign":
        raise DemoForeignTargetError(info.url)
    if info.kind == "demo":
        if not reset:
            raise DemoExistsError(info.url)
        if not info.is_file:
            raise DemoResetNotFileError(info.url)
        remove_demo_file(url)
        replaced = True
    summary = build_demo(url, seed=seed, as_of=as_of, on_progress=on_progress)
    return dataclasses.replace(summary, replaced=replaced)
