"""The demo database: a year of a landing office's work, reproducible from a seed.

:func:`build_demo` writes a fictional but realistic year into an empty database
**through the library's own API** (``services.*``): units and people, 492 projects over
the 8 counties/districts, 3 parks and 8 industry chains, their procedures in every status,
problems, suspensions, terminations, assignments and funds in place — replayed day by day
on a :class:`~qy_landing.clock.FixedClock` that walks from autumn 2024 to the end of
October 2026, so every audit event is recorded on the day it took effect.

As of 2026-10-31 the data reproduce the figures of the Qingyang report (DOMAIN.md)
exactly — see :data:`TARGET` and ``docs/demo.md``. They are hit by construction:
:func:`plan_demo` (pure, no database) decides everything up front and checks its own
figures; the build replays the plan and then measures the database with its own read
queries (:func:`measure`); a figure that differs from the plan raises
:class:`~qy_landing.errors.DemoFiguresError`, so a wrong build fails loudly.

The modules, by job:

- ``data/*.yaml`` and :mod:`~qy_landing.demo.world`: the fictional world (names of units,
  people, chains, investors, events; reasons and problems; the figures to reproduce),
  loaded into typed objects;
- :mod:`~qy_landing.demo.figures`: the headline figures of a period;
- :mod:`~qy_landing.demo.plan`: the pure year plan, with :mod:`~.model` (what it decides),
  :mod:`~.draw` (working days, weighted draws, exact splits), :mod:`~.people`,
  :mod:`~.projects`, :mod:`~.schedule` (procedure histories), :mod:`~.problems`,
  :mod:`~.funds` and :mod:`~.actions` (a project's changes in order, and their check);
- :mod:`~qy_landing.demo.replay`: driving the services day by day;
- :mod:`~qy_landing.demo.measure`: the read-only figure checks, the summary, the digest;
- :mod:`~qy_landing.demo.target`: what lies at the target database; deleting a demo file;
- :mod:`~qy_landing.demo.build`: :func:`build_demo` and :func:`create_demo`.
"""

from __future__ import annotations

from qy_landing.demo.build import (
    DEFAULT_FILE,
    ProgressCallback,
    build_demo,
    create_demo,
    default_demo_url,
)
from qy_landing.demo.figures import Figures
from qy_landing.demo.measure import DemoSummary, audit_digest, measure, summarise
from qy_landing.demo.model import DEFAULT_AS_OF, DEFAULT_SEED, DEMO_ACTOR, DemoPlan
from qy_landing.demo.plan import plan_demo
from qy_landing.demo.target import TargetInfo, inspect_target, remove_demo_file
from qy_landing.demo.world import World, load_world

TARGET: Figures = load_world().target
"""The figures the demo reproduces as of 2026-10-31 (``data/figures.yaml``)."""
FAIR: str = load_world().fair
"""The signing event counted apart: 第三十届兰洽会 (``data/signings.yaml``)."""

__all__ = [
    "DEFAULT_AS_OF",
    "DEFAULT_FILE",
    "DEFAULT_SEED",
    "DEMO_ACTOR",
    "FAIR",
    "TARGET",
    "DemoPlan",
    "DemoSummary",
    "Figures",
    "ProgressCallback",
    "TargetInfo",
    "World",
    "audit_digest",
    "build_demo",
    "create_demo",
    "default_demo_url",
    "inspect_target",
    "load_world",
    "measure",
    "plan_demo",
    "remove_demo_file",
    "summarise",
]
