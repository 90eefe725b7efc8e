"""Replaying the plan through the library's own API, on a clock that walks day by day.

Every change goes through ``services.*`` (units, people, projects, procedures, problems,
funds), so the demo exercises the same checks, transactions and audit events as an
office's daily work; no row is written by hand. A day's changes are spread over office
hours (08:30 … 17:30) on the context's :class:`~qy_landing.clock.FixedClock`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from qy_landing.clock import OFFICE_TZ, FixedClock
from qy_landing.demo.actions import project_actions
from qy_landing.demo.model import (
    DEMO_ACTOR,
    TARGETS_DAY,
    DemoPlan,
    PlannedFunds,
    PlannedProject,
)
from qy_landing.demo.world import World
from qy_landing.errors import DemoPlanError

if TYPE_CHECKING:
    from qy_landing.services.context import Context
    from qy_landing.workflow.definition import Definition


@dataclass(order=True)
class Action:
    """One change of the whole plan, sortable into the order the replay performs it."""

    on: date
    bucket: int  # 0: registrations of the day first
    project: int
    seq: int
    kind: str = field(compare=False)
    data: Any = field(compare=False, default=None)


def all_actions(plan: DemoPlan) -> list[Action]:
    """Every project's changes, with each day's registrations first, in replay order."""
    actions: list[Action] = []
    registrations: dict[date, list[PlannedProject]] = {}
    for p in plan.projects:
        registrations.setdefault(p.signed_on, []).append(p)
        for seq, (on, kind, data) in enumerate(project_actions(p)):
            actions.append(Action(on, 1, p.index, seq, kind, data))
    for on, group in registrations.items():
        actions.append(Action(on, 0, -1, 0, "register", group))
    if plan.targets:
        actions.append(Action(TARGETS_DAY, 0, -2, 0, "targets", plan.targets))
    actions.sort()
    return actions


def add_units_and_people(ctx: Context, plan: DemoPlan, world: World) -> None:
    """The city units the demo adds, and every planned person."""
    from qy_landing.services import people, units

    ctx.actor = DEMO_ACTOR
    for unit in world.city_units:
        units.add_unit(ctx, unit.name, code=unit.code, kind=unit.kind, name_en=unit.name_en)
    for name, kind, code in plan.units:
        units.add_unit(ctx, name, code=code, kind=kind, kinds=())
    for person in plan.people.persons:
        people.add_person(
            ctx,
            people.PersonInput(
                name=person.name,
                unit=person.unit,
                title=person.title,
                email=person.email,
                wecom=person.wecom,
                channel=person.channel,
                supervisor=person.supervisor,
            ),
        )


class Replay:
    """Drives the plan through ``services.*`` on a clock that walks forward day by day."""

    def __init__(self, ctx: Context, plan: DemoPlan, definitions: Mapping[str, Definition]) -> None:
        self.ctx = ctx
        self.plan = plan
        self.definitions = definitions
        self.state: dict[int, str] = {}
        self.statuses: dict[int, dict[str, str]] = {}
        self.problem_ids: dict[tuple[int, int], int] = {}
        self.handlers: dict[str, Callable[[PlannedProject, date, Any], None]] = {
            "lead": self.lead,
            "handover": self.handover,
            "status": self.status,
            "start": self.start,
            "suspend": self.suspend,
            "resume": self.resume,
            "terminate": self.terminate,
            "problem_open": self.open_problem,
            "problem_resolve": self.resolve_problem,
            "funds": self.funds,
        }

    def clock_at(self, day: date, minute: int) -> None:
        at = datetime(day.year, day.month, day.day, 8, 30, tzinfo=OFFICE_TZ) + timedelta(
            minutes=minute
        )
        clock = self.ctx.clock
        assert isinstance(clock, FixedClock)
        clock.at = at

    def run(
        self, actions: Sequence[Action], as_of: date, progress: Callable[[int, int], None]
    ) -> None:
        """Perform every action up to ``as_of``, telling ``progress(done, total)`` as it goes."""
        todo = [a for a in actions if a.on <= as_of]
        per_day: dict[date, int] = {}
        for action in todo:
            per_day[action.on] = per_day.get(action.on, 0) + 1
        seen: dict[date, int] = {}
        for done, action in enumerate(todo, 1):
            index = seen.get(action.on, 0)
            seen[action.on] = index + 1
            # spread the day's work over office hours, 08:30 … 17:30
            self.clock_at(action.on, index * 540 // max(1, per_day[action.on]))
            self.do(action)
            if done % 50 == 0 or done == len(todo):
                progress(done, len(todo))

    def do(self, action: Action) -> None:
        if action.kind == "register":
            self.register(action.data, action.on)
            return
        if action.kind == "targets":
            self.set_targets(action.data)
            return
        p = self.plan.projects[action.project]
        self.ctx.actor = p.actor
        handler = self.handlers.get(action.kind)
        if handler is None:  # pragma: no cover
            raise ValueError(action.kind)
        handler(p, action.on, action.data)

    def lead(self, p: PlannedProject, on: date, _data: Any) -> None:
        from qy_landing.services import assignments

        assignments.assign(self.ctx, p.code, "lead_chief", p.lead_chief, on=on)

    def handover(self, p: PlannedProject, on: date, data: tuple[date, str, str]) -> None:
        from qy_landing.services import assignments

        _, new, old = data
        assignments.assign(self.ctx, p.code, "commissioner", new, on=on)
        assignments.unassign(self.ctx, p.code, "commissioner", old, on=on)
        p.actor = new.split("@")[0]

    def status(self, p: PlannedProject, on: date, data: Any) -> None:
        from qy_landing.services import procedures

        key, move = data
        if self.state[p.index] == self.definitions[p.workflow].initial.name:
            self.move(p, on)
        procedures.set_status(
            self.ctx,
            p.code,
            key,
            move.status,
            on=on,
            reason=move.note if move.status == "waived" else None,
            note=move.note if move.status != "waived" else None,
        )
        self.statuses[p.index][key] = move.status
        if move.status in ("approved", "waived"):
            self.settle(p, on)

    def start(self, p: PlannedProject, on: date, _data: Any) -> None:
        for _ in range(6):
            if self.definitions[p.workflow].state(self.state[p.index]).final:
                break
            self.move(p, on)
        else:  # pragma: no cover - a plan bug
            raise DemoPlanError(f"{p.code} did not reach construction start")

    def suspend(self, p: PlannedProject, on: date, _data: Any) -> None:
        from qy_landing.services import moves

        changed = moves.suspend(self.ctx, p.code, reason=p.suspend_reason, on=on)
        self.state[p.index] = changed.state

    def resume(self, p: PlannedProject, on: date, _data: Any) -> None:
        from qy_landing.services import moves

        changed = moves.resume(self.ctx, p.code, reason=p.resume_reason, on=on)
        self.state[p.index] = changed.state

    def terminate(self, p: PlannedProject, on: date, _data: Any) -> None:
        from qy_landing.services import moves

        changed = moves.terminate(self.ctx, p.code, reason=p.terminate_reason, on=on)
        self.state[p.index] = changed.state

    def open_problem(self, p: PlannedProject, on: date, n: int) -> None:
        from qy_landing.services import problems

        problem = p.problems[n]
        row = problems.open_problem(self.ctx, p.code, problem.text, owner=problem.owner, on=on)
        assert row.id is not None
        self.problem_ids[(p.index, n)] = row.id

    def resolve_problem(self, p: PlannedProject, on: date, n: int) -> None:
        from qy_landing.services import problems

        problem = p.problems[n]
        assert problem.resolution is not None
        problems.resolve_problem(
            self.ctx, self.problem_ids[(p.index, n)], problem.resolution, on=on
        )

    def funds(self, p: PlannedProject, on: date, record: PlannedFunds) -> None:
        from qy_landing.services import funds

        funds.record_funds(
            self.ctx,
            p.code,
            record.amount,
            on=on,
            out_of_province=record.out_of_province,
            note=record.note,
        )

    def set_targets(self, planned: list[tuple[str, str, Any]]) -> None:
        """The city's yearly targets, entered by the landing office's head."""
        from qy_landing.services import targets

        self.ctx.actor = self.plan.people.office_head.name
        for unit, indicator, value in planned:
            targets.set_target(self.ctx, unit, indicator, value, year=TARGETS_DAY.year)

    def register(self, group: list[PlannedProject], on: date) -> None:
        """Register the day's signings in one import, as the landing office's head."""
        from qy_landing.services import registration

        self.ctx.actor = self.plan.people.office_head.name
        items = []
        for p in group:
            items.append(
                registration.ProjectInput(
                    code=p.code,
                    name=p.name,
                    investor=p.investor,
                    unit=p.unit,
                    chain=p.chain,
                    amount=p.amount,
                    signed_on=p.signed_on,
                    signing_event=p.signing_event,
                    workflow=p.workflow,
                    major=p.major,
                    new_land=p.new_land,
                    hazardous=p.hazardous,
                    approval_listed=p.approval_listed,
                    eia_full=p.eia_full,
                    energy_tce=p.energy_tce,
                    approval_level=p.approval_level,
                    in_planned_urban_land=p.in_planned_urban_land,
                    over_mineral_area=p.over_mineral_area,
                    relics_zone=p.relics_zone,
                    uses_forest_or_grassland=p.uses_forest_or_grassland,
                    abstracts_water=p.abstracts_water,
                    civil_building=p.civil_building,
                    description=p.description,
                    planned_start_on=p.planned_start_on,
                    first_responsible=p.first_responsible,
                    direct_responsible=p.direct_responsible,
                    commissioner=[p.commissioner],
                    lead_chief=[p.lead_chief] if p.lead_on is None else [],
                    introduced_by=p.introduced_by,
                )
            )
            self.state[p.index] = self.definitions[p.workflow].initial.name
            self.statuses[p.index] = {s.key: "pending" for s in p.steps}
        registration.upsert_projects(self.ctx, items, source="demo")

    def move(self, p: PlannedProject, on: date) -> None:
        from qy_landing.services import moves

        self.state[p.index] = moves.advance(self.ctx, p.code, on=on).state

    def settle(self, p: PlannedProject, on: date) -> None:
        """Leave every level whose procedures are all done (construction start stays explicit)."""
        definition = self.definitions[p.workflow]
        levels = {s.key: s.level for s in p.steps}
        while True:
            state = definition.state(self.state[p.index])
            if state.level is None:
                return
            forward = [
                t for t in definition.transitions_from(state.name) if definition.is_forward(t)
            ]
            if len(forward) != 1 or definition.state(forward[0].dest).final:
                return
            statuses = self.statuses[p.index]
            if any(
                levels[k] == state.level and s not in ("approved", "waived")
                for k, s in statuses.items()
            ):
                return
            self.move(p, on)
