"""The one-screen dashboard (``qy-landing status``): funnel, overdue per unit, most stuck."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from qy_landing.reports.common import STAGES, unit_loads
from qy_landing.reports.monthly import funnel_by_unit
from qy_landing.reports.stuck import StuckProject, count_stuck, most_stuck
from qy_landing.reports.target_progress import TargetProgress, target_progress
from qy_landing.services.context import Context
from qy_landing.services.definitions import StoredDefinitions
from qy_landing.services.due_dates import MovedDue

# how far back ``status`` tells of due dates a calendar change moved
MOVED_DAYS = 7


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
    # due dates a calendar change moved in the last MOVED_DAYS days (services.calendar)
    moved_due: list[MovedDue] = field(default_factory=list)
    targets: TargetProgress | None = None  # progress against the yearly targets
    # a unit staff login's screen: its own unit's line only (services.users.ReadScope)
    limited_to: str | None = None

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "limited_to": self.limited_to,
            "as_of": self.as_of.isoformat(),
            "funnel": dict(zip(STAGES, self.funnel, strict=True)),
            "units": [u.as_dict() for u in self.units],
            "most_stuck": [p.as_dict(lang) for p in self.most_stuck],
            "moved_due_dates": [m.as_dict() for m in self.moved_due],
            "targets": self.targets.as_dict()["units"] if self.targets else [],
        }


def build_dashboard(
    ctx: Context, as_of: date | None = None, *, top: int = 10, as_recorded: bool = False
) -> Dashboard:
    """The dashboard as of ``as_of`` (default today): a few grouped queries and one scan.

    A unit staff login (row-level security) sees its own unit's line and funnel only.
    """
    from qy_landing.services.snapshot import at
    from qy_landing.services.users import read_scope

    scope = read_scope(ctx)
    as_of = as_of or ctx.today()
    ctx = at(ctx, as_of, as_recorded=as_recorded)
    lines: dict[int, UnitLine] = {}
    with ctx.db.read() as session:
        definitions = StoredDefinitions.load(session)
        own = scope.unit_id if scope is not None else None
        per_unit = funnel_by_unit(session, definitions, date(as_of.year, 1, 1), as_of, own)
        funnel = [sum(counts[i] for _, counts in per_unit) for i in range(len(STAGES))]
        active_states = sorted(definitions.states("normal"))
        for load in unit_loads(session, active_states, as_of):
            if scope is not None and load.unit_id != scope.unit_id:
                continue
            lines[load.unit_id] = UnitLine(
                load.unit, active=load.active, running=load.running, overdue=load.overdue
            )
    by_name = {line.unit: line for line in lines.values()}
    for name, counts in count_stuck(ctx, as_of).items():
        if name in by_name:
            by_name[name].stuck = counts.projects
    ordered = [lines[k] for k in sorted(lines)]
    from qy_landing.services.calendar import moved_due_dates

    moved = [m for m in moved_due_dates(ctx, as_of - timedelta(days=MOVED_DAYS)) if m.on <= as_of]
    targets = target_progress(ctx, as_of)
    return Dashboard(
        as_of,
        funnel,
        ordered,
        most_stuck(ctx, as_of, limit=top),
        moved,
        targets=targets,
        limited_to=None if scope is None else scope.unit or "",
    )
