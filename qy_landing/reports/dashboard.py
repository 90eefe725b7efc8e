"""The one-screen dashboard (``qy-landing status``): funnel, overdue per unit, most stuck."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from qy_landing.reports.common import STAGES, unit_loads
from qy_landing.reports.monthly import funnel_by_unit
from qy_landing.reports.stuck import StuckProject, count_stuck, most_stuck
from qy_landing.reports.target_progress import TargetProgress, target_progress
from qy_landing.services.context import Context
from qy_landing.services.definitions import StoredDefinitions


@dataclass
class UnitLine:
    """One unit's open work on the date."""

    unit: str
    active: int = 0
    running: int = 0
    overdue: int = 0
    stuck: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "active_projects": self.active,
            "running_procedures": self.running,
            "overdue_procedures": self.overdue,
            "stuck_projects": self.stuck,
        }


@dataclass
class Dashboard:
    as_of: date
    funnel: list[int]  # projects signed this year reaching each stage of STAGES
    units: list[UnitLine]
    most_stuck: list[StuckProject] = field(default_factory=list)
    targets: TargetProgress | None = None  # progress against the yearly targets

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "funnel": dict(zip(STAGES, self.funnel, strict=True)),
            "units": [u.as_dict() for u in self.units],
            "most_stuck": [p.as_dict(lang) for p in self.most_stuck],
            "targets": self.targets.as_dict()["units"] if self.targets else [],
        }


def build_dashboard(ctx: Context, as_of: date | None = None, *, top: int = 10) -> Dashboard:
    """The dashboard as of ``as_of`` (default today): a few grouped queries and one scan."""
    as_of = as_of or ctx.today()
    lines: dict[int, UnitLine] = {}
    with ctx.db.read() as session:
        definitions = StoredDefinitions.load(session)
        per_unit = funnel_by_unit(session, definitions, date(as_of.year, 1, 1), as_of)
        funnel = [sum(counts[i] for _, counts in per_unit) for i in range(len(STAGES))]
        active_states = sorted(definitions.states("normal"))
        for load in unit_loads(session, active_states, as_of):
            lines[load.unit_id] = UnitLine(
                load.unit, active=load.active, running=load.running, overdue=load.overdue
            )
    by_name = {line.unit: line for line in lines.values()}
    for name, counts in count_stuck(ctx, as_of).items():
        if name in by_name:
            by_name[name].stuck = counts.projects
    ordered = [lines[k] for k in sorted(lines)]
    targets = target_progress(ctx, as_of)
    return Dashboard(as_of, funnel, ordered, most_stuck(ctx, as_of, limit=top), targets)
