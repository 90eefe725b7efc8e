"""Who is responsible for a project, by role (第一责任人, 直接责任人 …): assign, unassign."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import col

from qy_landing.errors import (
    NotFoundError,
    Term,
)
from qy_landing.services.changes import (
    ProjectChange,
    change_project,
)
from qy_landing.services.context import Context
from qy_landing.services.effective import check_effective
from qy_landing.services.people import find_person
from qy_landing.store.models import (
    Assignment,
    Person,
    id_of,
)
from qy_landing.vocabulary import ROLES, resolve


def _assignment(change: ProjectChange, role: str, who: Person) -> Assignment | None:
    query = select(Assignment).where(
        col(Assignment.project_id) == change.project_id,
        col(Assignment.role) == role,
        col(Assignment.person_id) == who.id,
    )
    return change.session.execute(query).scalars().first()


def assign(
    ctx: Context, code: str, role: str, person: str, *, on: date | None = None
) -> Assignment:
    """Make ``person`` (``NAME`` or ``NAME@UNIT``) responsible in ``role``; idempotent."""
    role = resolve("role", role, ROLES)
    effective = ctx.effective(on)
    with change_project(ctx, code) as change:
        check_effective(change, effective, Term("action", "assign"))
        who = find_person(change.session, person)
        existing = _assignment(change, role, who)
        if existing is not None:
            return existing
        assignment = Assignment(
            project_id=change.project_id, person_id=id_of(who), role=role, assigned_on=effective
        )
        change.session.add(assignment)
        change.session.flush()
        change.record(
            "assign",
            on=effective,
            field=role,
            new=who.name,
            entity="assignment",
            entity_id=id_of(who),  # the person: replay and undo find them by id
        )
    return assignment


def unassign(ctx: Context, code: str, role: str, person: str, *, on: date | None = None) -> None:
    role = resolve("role", role, ROLES)
    effective = ctx.effective(on)
    with change_project(ctx, code) as change:
        who = find_person(change.session, person)
        existing = _assignment(change, role, who)
        if existing is None:
            raise NotFoundError("person", f"{who.name} ({role})", [])
        check_effective(
            change,
            effective,
            Term("action", "unassign"),
            previous=Term("action", "assign"),
            previous_on=existing.assigned_on,
        )
        change.session.delete(existing)
        change.record(
            "unassign",
            on=effective,
            field=role,
            old=who.name,
            entity="assignment",
            entity_id=id_of(who),
        )
