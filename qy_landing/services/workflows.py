"""Workflow definitions in the database: every version kept, projects pinned to theirs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from qy_landing.errors import WorkflowDefinitionError
from qy_landing.services.context import Context
from qy_landing.services.definitions import (
    StoredDefinitions,
    get_version,
    remember,
)
from qy_landing.store.models import Project, WorkflowVersion, id_of
from qy_landing.workflow.definition import Definition, definition_files, load_definition
from qy_landing.workflow.migrate import ProjectPlan


@dataclass(frozen=True)
class SyncResult:
    name: str
    version: int
    action: str  # added | unchanged | replaced | new_version
    origin: str


def sync_definitions(ctx: Context, files: Iterable[Path] | None = None) -> list[SyncResult]:
    """Load definition files into the database (all or nothing).

    A changed definition that no project uses yet replaces its latest version; once any
    project uses it, the change becomes a new version and those projects keep theirs.
    """
    paths = list(files) if files is not None else list(workflow_files())
    definitions = [load_definition(path) for path in paths]  # invalid file: nothing written
    results: list[SyncResult] = []
    now = ctx.clock.now()
    with ctx.db.write() as session:
        for definition in definitions:
            row = (
                session.execute(
                    select(WorkflowVersion)
                    .where(col(WorkflowVersion.name) == definition.name)
                    .order_by(col(WorkflowVersion.version).desc())
                    .limit(1)
                )
                .scalars()
                .first()
            )
            if row is None:
                action, version = "added", 1
            elif row.digest == definition.digest:
                results.append(SyncResult(definition.name, row.version, "unchanged", row.origin))
                continue
            else:
                used = session.execute(
                    select(func.count())
                    .select_from(Project)
                    .where(col(Project.workflow) == definition.name)
                    .where(col(Project.workflow_version) == row.version)
                ).scalar_one()
                action, version = (
                    ("new_version", row.version + 1)
                    if used
                    else (
                        "replaced",
                        row.version,
                    )
                )
            if action == "replaced" and row is not None:
                row.digest, row.source = definition.digest, definition.source
                row.origin, row.loaded_at = definition.origin, now
            else:
                session.add(
                    WorkflowVersion(
                        name=definition.name,
                        version=version,
                        digest=definition.digest,
                        source=definition.source,
                        origin=definition.origin,
                        loaded_at=now,
                    )
                )
            remember(definition)
            results.append(SyncResult(definition.name, version, action, definition.origin))
    return results


def workflow_files() -> list[Path]:
    """The shipped definitions, overridden by name by those in ``QY_LANDING_WORKFLOWS``."""
    from qy_landing.config import workflow_folders

    by_name: dict[str, Path] = {p.stem: p for p in definition_files()}
    for folder in workflow_folders():
        by_name.update({p.stem: p for p in definition_files(folder)})
    return list(by_name.values())


@dataclass(frozen=True)
class WorkflowSummary:
    name: str
    version: int
    versions: int
    title: str
    steps: int
    projects: int
    in_flight: int


def list_workflows(ctx: Context, lang: str = "zh") -> list[WorkflowSummary]:
    with ctx.db.read() as session:
        stored = StoredDefinitions.load(session)
        counts = dict(
            session.execute(
                select(col(Project.workflow), func.count()).group_by(col(Project.workflow))
            ).all()
        )
        flying = dict(
            session.execute(
                select(col(Project.workflow), func.count())
                .where(col(Project.state).not_in(sorted(stored.final_states())))
                .group_by(col(Project.workflow))
            ).all()
        )
    return [
        WorkflowSummary(
            name=name,
            version=version,
            versions=stored.versions(name),
            title=definition.title.get(lang),
            steps=len(definition.steps),
            projects=int(counts.get(name, 0)),
            in_flight=int(flying.get(name, 0)),
        )
        for name, (version, definition) in sorted(stored.latest().items())
    ]


def show_workflow(ctx: Context, name: str, version: int | None = None) -> tuple[int, Definition]:
    with ctx.db.read() as session:
        return get_version(session, name, version)


@dataclass(frozen=True)
class FileCheck:
    path: str
    definition: Definition | None
    error: WorkflowDefinitionError | None


def check_files(paths: Sequence[Path] | None = None) -> list[FileCheck]:
    """Validate definition files without touching any database."""
    results: list[FileCheck] = []
    for path in paths if paths else workflow_files():
        try:
            results.append(FileCheck(str(path), load_definition(Path(path)), None))
        except WorkflowDefinitionError as exc:
            results.append(FileCheck(str(path), None, exc))
        except OSError as exc:
            error = WorkflowDefinitionError(str(path), "-", exc.strerror or str(exc))
            results.append(FileCheck(str(path), None, error))
    return results


def mermaid(definition: Definition, lang: str = "zh") -> str:
    """A Mermaid state diagram of ``definition``; each level state lists its procedures."""
    from qy_landing.workflow.definition import PREVIOUS

    lines = ["stateDiagram-v2"]
    for state in definition.states:
        label = state.label.get(lang).replace('"', "'")
        lines.append(f'    state "{label}" as {state.name}')
        if state.level:
            steps = [s for s in definition.steps if state.level in s.levels()]
            if steps:
                names = "<br/>".join(s.name.get(lang) for s in steps)
                lines.append(f"    note right of {state.name}: {names}")
    lines.append(f"    [*] --> {definition.initial.name}")
    for transition in definition.transitions:
        for source in transition.sources:
            if transition.dest == PREVIOUS:
                for t in definition.transitions:
                    if t.dest == source:
                        for origin in t.sources:
                            lines.append(f"    {source} --> {origin}: {transition.trigger}")
                continue
            suffix = f" [{', '.join(transition.guards)}]" if transition.guards else ""
            lines.append(f"    {source} --> {transition.dest}: {transition.trigger}{suffix}")
    for state in definition.states:
        if state.final:
            lines.append(f"    {state.name} --> [*]")
    return "\n".join(lines) + "\n"


# --- moving in-flight projects to a newer definition version -------------------------------


@dataclass(frozen=True)
class MigrationReport:
    name: str
    to_version: int
    plans: list[ProjectPlan]
    applied: bool

    @property
    def movable(self) -> list[ProjectPlan]:
        return [p for p in self.plans if not p.blocked]

    @property
    def blocked(self) -> list[ProjectPlan]:
        return [p for p in self.plans if p.blocked]


# Projects moved per write transaction: on SQLite other writers wait for one batch at most
# (about a second), never for the whole migration.
MIGRATE_BATCH = 200


def migrate_projects(
    ctx: Context,
    name: str,
    *,
    to_version: int | None = None,
    codes: Sequence[str] | None = None,
    apply: bool = False,
    batch: int = MIGRATE_BATCH,
) -> MigrationReport:
    """Plan (and with ``apply`` carry out) moving projects in flight to a newer version.

    The plan of each project lists procedures added, removed and limits changed, and what
    blocks the move (its state is gone, or a removed procedure has progress); blocked
    projects stay where they are.

    Applying validates first: the whole plan is worked out in a read transaction, which
    takes no write lock. Then the movable projects move in batches of ``batch``, one
    short write transaction each, so staff writes queue for one batch at most instead of
    failing behind a long migration. Each batch plans its projects again inside its
    transaction (a project a colleague changed meanwhile is moved as it is now, or left
    if now blocked), and each project moves completely — procedures, due dates, audit
    events, version — or not at all. A migration stopped half-way (killed, power lost)
    is resumed by running it again: only projects still on an older version are planned.
    """
    with ctx.db.read() as session:
        target = get_version(session, name, to_version)
        plans = _plan_projects(ctx, session, name, target, codes=codes)
    if not apply:
        return MigrationReport(name, target[0], plans, False)
    movable = [p.code for p in plans if not p.blocked]
    final: dict[str, ProjectPlan] = {p.code: p for p in plans}
    for start in range(0, len(movable), max(1, batch)):
        chunk = movable[start : start + max(1, batch)]
        with ctx.db.write() as session:
            for plan in _plan_projects(ctx, session, name, target, codes=chunk, apply=True):
                final[plan.code] = plan
    return MigrationReport(name, target[0], list(final.values()), True)


def _plan_projects(
    ctx: Context,
    session: Session,
    name: str,
    target: tuple[int, Definition],
    *,
    codes: Sequence[str] | None = None,
    apply: bool = False,
) -> list[ProjectPlan]:
    """Plan the projects of ``name`` on an older version (``codes``: only those); with
    ``apply`` carry out each unblocked plan in ``session``."""
    from qy_landing.store.models import Procedure
    from qy_landing.workflow.migrate import ExistingProcedure, plan_project

    query = select(Project).where(
        col(Project.workflow) == name, col(Project.workflow_version) < target[0]
    )
    if codes:
        query = query.where(col(Project.code).in_(list(codes)))
    plans: list[ProjectPlan] = []
    for project in session.execute(query.order_by(col(Project.id))).scalars():
        old = get_version(session, name, project.workflow_version)
        state = old[1].state_by_name.get(project.state)
        if state is not None and state.final:
            continue  # finished projects keep the version they finished with
        rows = {
            p.step: p
            for p in session.execute(
                select(Procedure).where(col(Procedure.project_id) == project.id)
            ).scalars()
        }
        existing = {
            k: ExistingProcedure(k, p.status, p.limit_days, p.level) for k, p in rows.items()
        }
        plan = plan_project(project.code, project.state, project.facts(), existing, old, target)
        plans.append(plan)
        if apply and not plan.blocked:
            _apply_plan(ctx, session, project, plan, rows, target[1])
    return plans


def _apply_plan(
    ctx: Context,
    session: Session,
    project: Project,
    plan: ProjectPlan,
    rows: dict[str, Any],
    definition: Definition,
) -> None:
    """Carry out one project's migration plan, auditing every change."""
    from sqlalchemy.orm.attributes import flag_modified

    from qy_landing.store.models import Event, Procedure

    on, now = ctx.today(), ctx.clock.now()
    note = f"{plan.code}: {definition.name} v{plan.from_version} → v{plan.to_version}"

    def audit(action: str, field: str, old: object, new: object) -> None:
        session.add(
            Event(
                project_id=id_of(project),
                entity="project",
                entity_id=project.id,
                action=action,
                field=field,
                old=None if old is None else str(old),
                new=None if new is None else str(new),
                actor=ctx.actor,
                recorded_at=now,
                effective_on=on,
                note=note,
            )
        )

    for old, key in plan.changes.rename:  # the new step carries the old one's progress
        rows[old].step = key
        rows[key] = rows.pop(old)
        audit("procedure_renamed", key, old, key)
    for key in plan.changes.add:
        step = definition.step_for(key, project.facts())
        session.add(
            Procedure(project_id=id_of(project), step=key, level=step.level, limit_days=step.limit)
        )
        audit("procedure_added", key, None, "pending")
    for key in plan.changes.remove:
        session.delete(rows[key])
        audit("procedure_removed", key, rows[key].status, None)
    calendar = ctx.calendar()
    for key, old_limit, new_limit in plan.changes.limits:
        procedure = rows[key]
        procedure.limit_days = new_limit
        if procedure.submitted_on is not None:
            # counted by the new step's clock from the procedure's status events
            from qy_landing.services.due_dates import count_for, stored_history

            history = stored_history(session.connection(), id_of(project), key)
            counted = count_for(calendar, definition.step_by_key[key], new_limit, history)
            procedure.due_on, procedure.due_provisional = counted.due, counted.provisional
        audit("due_changed", key, old_limit, new_limit)
    for key, old_level, new_level in plan.changes.levels:
        rows[key].level = new_level
        audit("procedure_level", key, old_level, new_level)
    audit("migrate", "workflow_version", plan.from_version, plan.to_version)
    project.workflow_version = plan.to_version
    project.updated_at = now
    flag_modified(project, "updated_at")
