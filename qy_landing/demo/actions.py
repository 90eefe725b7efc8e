"""A planned project's changes as one dated sequence, and the check the plan runs on it.

The replay performs exactly this sequence (:mod:`qy_landing.demo.replay`), so the plan
can refuse anything the library would refuse before a single row is written.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from qy_landing.demo.model import LAST_DAY, PlannedProject
from qy_landing.errors import DemoPlanError
from qy_landing.vocabulary import DONE_STATUSES, STATUS_CHANGES


def project_actions(p: PlannedProject) -> list[tuple[date, str, Any]]:
    """One project's changes in the order they happen (a day's order: see the ranks)."""
    local: list[tuple[date, int, int, str, Any]] = []

    def add(on: date, rank: int, kind: str, data: Any = None) -> None:
        local.append((on, rank, len(local), kind, data))

    if p.lead_on is not None:
        add(p.lead_on, 1, "lead")
    if p.handover is not None:
        add(p.handover[0], 1, "handover", p.handover)
    if p.resume_on is not None:
        add(p.resume_on, 2, "resume")
    # procedures in plan order: a dependency approved in the morning, its dependant
    # submitted in the afternoon of the same day
    for key, moves in p.moves.items():
        for move in moves:
            add(move.on, 3, "status", (key, move))
    for n, problem in enumerate(p.problems):
        add(problem.opened_on, 4, "problem_open", n)
        if problem.resolved_on is not None:
            add(problem.resolved_on, 5, "problem_resolve", n)
    if p.start_on is not None:
        add(p.start_on, 7, "start")
    for funds in p.funds:
        add(funds.on, 8, "funds", funds)
    if p.suspend_on is not None:
        add(p.suspend_on, 9, "suspend")
    if p.terminate_on is not None:
        add(p.terminate_on, 9, "terminate")
    local.sort(key=lambda a: (a[0], a[1], a[2]))
    return [(on, kind, data) for on, _rank, _seq, kind, data in local]


def validate(p: PlannedProject) -> None:
    """Walk a project's planned changes as the library will check them; a plan bug raises."""
    keys = {s.key for s in p.steps}
    deps = {s.key: [d for d in s.depends_on if d in keys] for s in p.steps}
    statuses = {s.key: "pending" for s in p.steps}
    suspended = False
    closed = ""  # "start" or "terminate" once the project is closed
    for on, kind, data in project_actions(p):
        problem = ""
        if on < p.signed_on or on > LAST_DAY:
            problem = f"{kind} on {on} outside {p.signed_on} … {LAST_DAY}"
        elif closed == "terminate" or (
            closed == "start" and kind in ("status", "suspend", "resume", "terminate", "start")
        ):
            problem = f"{kind} on {on} after the project's {closed}"
        elif kind == "status":
            key, move = data
            old = statuses[key]
            waiting = [d for d in deps[key] if statuses[d] not in DONE_STATUSES]
            if suspended:
                problem = f"{key} {move.status} on {on} while suspended"
            elif move.status not in STATUS_CHANGES[old]:
                problem = f"{key} {old} → {move.status} on {on}"
            elif move.status == "submitted" and waiting:
                problem = f"{key} submitted on {on} before {waiting}"
            statuses[key] = move.status
        elif kind == "suspend":
            suspended = True
        elif kind == "resume":
            suspended = False
        elif kind in ("start", "terminate"):
            undone = [k for k, v in statuses.items() if v not in DONE_STATUSES]
            if kind == "start" and undone:
                problem = f"started on {on} with {undone} not done"
            closed = kind
        if problem:
            raise DemoPlanError(f"{p.code}: {problem}")
