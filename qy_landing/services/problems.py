"""Problems (卡脖子问题) holding projects back, and their resolution."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from qy_landing.checks import clean_text
from qy_landing.errors import InvalidValueError, Msg, NotFoundError, ProblemResolvedError, Term
from qy_landing.services.changes import change_project
from qy_landing.services.context import Context
from qy_landing.services.effective import check_effective
from qy_landing.services.people import find_person
from qy_landing.services.project_views import find_project
from qy_landing.services.units import find_unit
from qy_landing.store.models import Person, Problem, Project, Unit


def open_problem(
    ctx: Context,
    code: str,
    text: str,
    *,
    owner: str | None = None,
    on: date | None = None,
    expected_version: int | None = None,
) -> Problem:
    """Open a problem on project ``code`` (audited). With ``expected_version`` the change is
    refused (:class:`~qy_landing.errors.ConflictError`) when the project changed since the
    caller read it at that version."""
    cleaned = clean_text(text, "text")
    if not cleaned:
        raise InvalidValueError("text", text, Msg("expect.text"))
    text = cleaned
    effective = ctx.effective(on)
    with change_project(ctx, code, expected_version=expected_version) as change:
        check_effective(change, effective, Term("action", "problem_open"))
        owner_id = find_person(change.session, owner).id if owner else None
        problem = Problem(
            project_id=change.project_id,
            text=text.strip(),
            owner_id=owner_id,
            opened_on=effective,
        )
        change.session.add(problem)
        change.session.flush()
        change.record(
            "problem_open",
            on=effective,
            field="problem",
            new=text.strip(),
            entity="problem",
            entity_id=problem.id,
        )
    return problem


def resolve_problem(
    ctx: Context,
    problem_id: int,
    resolution: str,
    *,
    on: date | None = None,
    code: str | None = None,
    expected_version: int | None = None,
) -> Problem:
    """Resolve problem ``problem_id`` (audited).

    ``code``: the problem must be one of that project's (else :class:`NotFoundError`
    naming its open problems). With ``expected_version`` (the version of the problem's
    project the caller read) a change made meanwhile is a
    :class:`~qy_landing.errors.ConflictError`: never a lost update or a silent second
    resolution.
    """
    cleaned = clean_text(resolution, "text")
    if not cleaned:
        raise InvalidValueError("text", resolution, Msg("expect.text"))
    resolution = cleaned
    effective = ctx.effective(on)
    with ctx.db.read() as session:
        found = session.get(Problem, problem_id)
        if code is not None:
            project_id = find_project(session, code).id
            if found is None or found.project_id != project_id:
                mine = session.execute(
                    select(col(Problem.id))
                    .where(
                        col(Problem.project_id) == project_id, col(Problem.resolved_on).is_(None)
                    )
                    .order_by(col(Problem.id))
                ).scalars()
                raise NotFoundError("problem", f"#{problem_id}", [f"#{n}" for n in mine])
        if found is None:
            raise NotFoundError("problem", f"#{problem_id}", [])
        code = session.get(Project, found.project_id).code  # type: ignore[union-attr]
    with change_project(ctx, code, expected_version=expected_version) as change:
        problem = change.session.get(Problem, problem_id)
        assert problem is not None
        if problem.resolved_on is not None:
            raise ProblemResolvedError(problem_id, problem.resolved_on)
        check_effective(
            change,
            effective,
            Term("action", "problem_resolve"),
            previous=Term("action", "problem_open"),
            previous_on=problem.opened_on,
        )
        problem.resolved_on = effective
        problem.resolution = resolution.strip()
        change.record(
            "problem_resolve",
            on=effective,
            field="problem",
            old=problem.text,
            new=resolution.strip(),
            entity="problem",
            entity_id=problem.id,
        )
        change.progress(effective)
    return problem


@dataclass(frozen=True)
class ProblemRow:
    id: int
    code: str
    project: str
    unit: str
    text: str
    owner: str | None
    opened_on: date
    resolved_on: date | None
    resolution: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "project": self.project,
            "unit": self.unit,
            "text": self.text,
            "owner": self.owner,
            "opened_on": self.opened_on.isoformat(),
            "resolved_on": self.resolved_on.isoformat() if self.resolved_on else None,
            "resolution": self.resolution,
        }


def list_problems(
    ctx: Context,
    *,
    open_only: bool = False,
    code: str | None = None,
    unit: str | None = None,
) -> list[ProblemRow]:
    with ctx.db.read() as session:
        query = (
            select(Problem, col(Project.code), col(Project.name), col(Unit.name), col(Person.name))
            .join(Project, col(Project.id) == col(Problem.project_id))
            .join(Unit, col(Unit.id) == col(Project.unit_id))
            .outerjoin(Person, col(Person.id) == col(Problem.owner_id))
        )
        if open_only:
            query = query.where(col(Problem.resolved_on).is_(None))
        if code:
            query = query.where(col(Problem.project_id) == find_project(session, code).id)
        if unit:
            query = query.where(col(Project.unit_id) == find_unit(session, unit).id)
        rows = session.execute(query.order_by(col(Problem.id))).all()
    return [
        ProblemRow(
            p.id or 0, pcode, pname, uname, p.text, owner, p.opened_on, p.resolved_on, p.resolution
        )
        for p, pcode, pname, uname, owner in rows
    ]
