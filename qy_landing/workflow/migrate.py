"""Moving in-flight projects to a new definition version: plan first, then apply.

The plan of one project says what would change: procedures added (newly applicable
steps), renamed (a step that ``replaces`` an old one carries its progress over), removed
(steps gone or no longer applicable), limits and levels changed, and problems that block
the move (its state does not exist any more, or a step removed from the definition already
has progress). A procedure whose step still exists but no longer applies to the project
keeps its progress on record (``kept``), as when a project's facts change. The same
reconciliation runs when a project's facts change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from qy_landing.errors import Msg, Term
from qy_landing.vocabulary import DONE_STATUSES as DONE
from qy_landing.workflow.definition import Definition


@dataclass(frozen=True)
class ExistingProcedure:
    step: str
    status: str
    limit_days: int
    level: str | None = None


@dataclass
class Reconciliation:
    """What must change in a project's procedures to match a definition and its facts."""

    add: list[str] = field(default_factory=list)
    rename: list[tuple[str, str]] = field(default_factory=list)  # old step, new step
    remove: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # no longer applicable, progress kept
    limits: list[tuple[str, int, int]] = field(default_factory=list)  # step, old, new
    levels: list[tuple[str, str, str]] = field(default_factory=list)  # step, old, new
    problems: list[Msg] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.add or self.rename or self.remove or self.limits or self.levels)


def reconcile(
    definition: Definition,
    facts: Mapping[str, Any],
    existing: Mapping[str, ExistingProcedure],
) -> Reconciliation:
    result = Reconciliation()
    wanted = {s.key: s for s in definition.applicable_steps(facts)}
    renamed: set[str] = set()
    for key, step in wanted.items():
        have = existing.get(key)
        if have is None:
            old = next(
                (
                    o
                    for o in definition.step_by_key[key].replaces
                    if o in existing and o not in wanted and o not in renamed
                ),
                None,
            )
            if old is None:
                result.add.append(key)
                continue
            renamed.add(old)
            result.rename.append((old, key))
            have = existing[old]
        if have.limit_days != step.limit:
            result.limits.append((key, have.limit_days, step.limit))
        # a level moves only while the procedure is still open: what was approved (or waived)
        # at one level stays counted there
        if have.level is not None and have.level != step.level and have.status not in DONE:
            result.levels.append((key, have.level, step.level))
    for key, have in existing.items():
        if key in wanted or key in renamed:
            continue
        if key in definition.step_by_key and have.status != "pending":
            result.kept.append(key)
            continue
        result.remove.append(key)
        if have.status != "pending":
            result.problems.append(
                Msg("migrate.progress_lost", step=key, status=Term("status", have.status))
            )
    return result


@dataclass
class ProjectPlan:
    code: str
    from_version: int
    to_version: int
    state: str
    changes: Reconciliation

    @property
    def blocked(self) -> bool:
        return bool(self.changes.problems)


def plan_project(
    code: str,
    state: str,
    facts: Mapping[str, Any],
    existing: Mapping[str, ExistingProcedure],
    old: tuple[int, Definition],
    new: tuple[int, Definition],
) -> ProjectPlan:
    changes = reconcile(new[1], facts, existing)
    if state not in new[1].state_by_name:
        changes.problems.insert(0, Msg("migrate.state_missing", state=state))
    return ProjectPlan(code, old[0], new[0], state, changes)
