"""The shape of every change to a project: one transaction, optimistic locking, audit events.

    with change_project(ctx, code) as change:
        ...modify change.project / change.procedures...
        change.record("procedure", field=step, old="pending", new="submitted", on=on)

On leaving the block the project's version is bumped in the same transaction; if someone
else changed the project meanwhile the write fails and :class:`ConflictError` is raised,
so no update is ever lost.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import col

from qy_landing.errors import ConflictError, DateOrderError, ProjectNotFoundError, Term
from qy_landing.services.context import Context
from qy_landing.services.workflows import get_definition
from qy_landing.store.models import Event, Procedure, Project
from qy_landing.workflow.definition import Definition
from qy_landing.workflow.machine import LandingMachine, Move, Subject, machine_for


def find_project(session: Session, code: str, *, for_update: bool = False) -> Project:
    """The project with ``code``; the error suggests close codes (or names containing it)."""
    wanted = code.strip()
    query = select(Project).where(col(Project.code) == wanted)
    if for_update and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    project = session.execute(query).scalars().first()
    if project is None:
        raise ProjectNotFoundError(wanted, suggest_codes(session, wanted))
    return project


def suggest_codes(session: Session, wanted: str, limit: int = 5) -> list[str]:
    """Codes close to ``wanted``: similar codes first, then projects whose name contains it."""
    if not wanted:
        return []
    tail = wanted.replace("-", "")[-6:]
    candidates = (
        session.execute(
            select(col(Project.code))
            .where(
                or_(
                    col(Project.code).contains(tail),
                    col(Project.code).startswith(wanted[:9]),
                    col(Project.name).contains(wanted),
                )
            )
            .limit(500)
        )
        .scalars()
        .all()
    )
    close = difflib.get_close_matches(wanted, candidates, n=limit, cutoff=0.6)
    named = (
        session.execute(
            select(col(Project.code)).where(col(Project.name).contains(wanted)).limit(limit)
        )
        .scalars()
        .all()
        if wanted
        else []
    )
    return list(dict.fromkeys([*close, *named]))[:limit]


@dataclass
class ProjectChange:
    ctx: Context
    session: Session
    project: Project
    definition: Definition
    events: list[Event] = field(default_factory=list)

    @cached_property
    def procedures(self) -> dict[str, Procedure]:
        rows = self.session.execute(
            select(Procedure)
            .where(col(Procedure.project_id) == self.project.id)
            .order_by(col(Procedure.id))
        ).scalars()
        return {p.step: p for p in rows}

    @property
    def project_id(self) -> int:
        assert self.project.id is not None  # loaded from the database
        return self.project.id

    @property
    def machine(self) -> LandingMachine:
        return machine_for(self.definition)

    def subject(self) -> Subject:
        return Subject(
            project=self.project.code,
            state=self.project.state,
            statuses={step: p.status for step, p in self.procedures.items()},
            suspended_from=self.project.suspended_from,
        )

    def record(
        self,
        action: str,
        *,
        on: date,
        field: str | None = None,
        old: object = None,
        new: object = None,
        entity: str = "project",
        entity_id: int | None = None,
        note: str | None = None,
    ) -> Event:
        event = Event(
            project_id=self.project.id,
            entity=entity,
            entity_id=entity_id if entity_id is not None else self.project.id,
            action=action,
            field=field,
            old=None if old is None else str(old),
            new=None if new is None else str(new),
            actor=self.ctx.actor,
            recorded_at=self.ctx.clock.now(),
            effective_on=on,
            note=note,
        )
        self.session.add(event)
        self.events.append(event)
        return event

    def progress(self, on: date) -> None:
        """Something moved: the project is not idle as of ``on``."""
        if on > self.project.last_progress_on:
            self.project.last_progress_on = on

    def apply_move(self, move: Move, on: date, *, action: str, note: str | None) -> None:
        project = self.project
        if on < project.state_since:
            raise DateOrderError(
                Term("noun", "trigger"), on, Term("noun", "state"), project.state_since
            )
        dest = self.definition.state(move.dest)
        if dest.kind == "suspended":
            project.suspended_from = move.source
        elif self.definition.state(move.source).kind == "suspended":
            project.suspended_from = None
        if dest.final and self.definition.is_forward(move.transition):
            project.started_on = on
        project.state = move.dest
        project.state_since = on
        self.record(action, on=on, field="state", old=move.source, new=move.dest, note=note)
        self.progress(on)

    def pass_empty_levels(self, on: date) -> list[Move]:
        """Leave every level that has no applicable procedure, recording each pass."""
        moves: list[Move] = []
        while True:
            state = self.definition.state(self.project.state)
            if state.level is None:
                return moves
            if any(
                self.definition.step_by_key[step].level == state.level
                for step in self.procedures
                if step in self.definition.step_by_key
            ):
                return moves
            exit_transition = next(
                t
                for t in self.definition.transitions_from(state.name)
                if "level_complete" in t.guards
            )
            move = self.machine.fire(self.subject(), exit_transition.trigger)
            self.apply_move(move, on, action="auto_pass", note=None)
            moves.append(move)

    def touch(self) -> None:
        """Mark the project changed, so its version moves even if no column of its own did."""
        from sqlalchemy.orm.attributes import flag_modified

        self.project.updated_at = self.ctx.clock.now()
        flag_modified(self.project, "updated_at")


@contextmanager
def change_project(
    ctx: Context, code: str, *, expected_version: int | None = None
) -> Iterator[ProjectChange]:
    with ctx.db.write() as session:
        project = find_project(session, code, for_update=False)
        if expected_version is not None and project.version != expected_version:
            raise ConflictError(project.code, expected_version, project.version)
        definition = get_definition(session, project.workflow, project.workflow_version)
        change = ProjectChange(ctx, session, project, definition)
        code, read_version = project.code, project.version
        yield change
        change.touch()
        try:
            session.flush()
        except StaleDataError:
            # Someone committed a change to this project after we read it.
            raise ConflictError(code, read_version, None) from None
