"""Measuring the demo database: its headline figures, what it holds, and its audit trail.

These are the demo's own read-only checks of what it built (set-based SQL over the store's
tables): :func:`measure` computes the figures the build compares with the plan,
:func:`summarise` counts what the database holds, :func:`audit_digest` fingerprints the
audit trail so that two builds of one seed can be compared.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from qy_landing.demo.figures import Figures, year_earlier
from qy_landing.demo.world import load_world

if TYPE_CHECKING:
    from qy_landing.services.context import Context


@dataclass(frozen=True)
class DemoSummary:
    """What a demo database holds as of ``as_of``, and how long the build took."""

    url: str
    seed: int
    as_of: date
    figures: Figures
    projects: int
    by_state: dict[str, int]
    by_status: dict[str, int]
    by_unit: dict[str, int]
    by_chain: dict[str, int]
    roles: dict[str, int]
    units: int
    persons: int
    supervisors: int
    problems_open: int
    problems_resolved: int
    overdue_procedures: int
    funds_records: int
    events: int
    seconds: float
    replaced: bool = False  # an older demo database was deleted first

    def as_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "seed": self.seed,
            "as_of": self.as_of.isoformat(),
            "figures": self.figures.as_dict(),
            "projects": self.projects,
            "by_state": self.by_state,
            "by_status": self.by_status,
            "by_unit": self.by_unit,
            "by_chain": self.by_chain,
            "roles": self.roles,
            "units": self.units,
            "persons": self.persons,
            "supervisors": self.supervisors,
            "problems_open": self.problems_open,
            "problems_resolved": self.problems_resolved,
            "overdue_procedures": self.overdue_procedures,
            "funds_records": self.funds_records,
            "events": self.events,
            "seconds": round(self.seconds, 1),
            "replaced": self.replaced,
        }


def measure(ctx: Context, as_of: date, *, fair: str | None = None) -> Figures:
    """The headline figures of 1 January … ``as_of``, read from the database (set-based).

    ``fair`` is the signing event counted apart (the world's fair by default).
    """
    from sqlalchemy import func, select
    from sqlmodel import col

    from qy_landing.store.models import FundsRecord, Procedure, Project

    fair = fair or load_world().fair
    start = date(as_of.year, 1, 1)
    last_start, last_end = date(as_of.year - 1, 1, 1), year_earlier(as_of)
    zero = Decimal("0.00")
    with ctx.db.read() as session:
        signed = col(Project.signed_on).between(start, as_of)
        count, amount = session.execute(
            select(func.count(col(Project.id)), func.sum(col(Project.amount))).where(signed)
        ).one()
        fair_count, fair_amount = session.execute(
            select(func.count(col(Project.id)), func.sum(col(Project.amount))).where(
                signed, col(Project.signing_event) == fair
            )
        ).one()
        handled = {
            str(level): int(n)
            for level, n in session.execute(
                select(col(Procedure.level), func.count(col(Procedure.id)))
                .where(col(Procedure.approved_on).between(start, as_of))
                .group_by(col(Procedure.level))
            ).all()
        }
        started = col(Project.started_on).between(start, as_of)
        started_count = session.execute(
            select(func.count(col(Project.id))).where(started)
        ).scalar_one()
        started_major = session.execute(
            select(func.count(col(Project.id))).where(started, col(Project.major).is_(True))
        ).scalar_one()

        def funds(first: date, last: date) -> Decimal:
            value = session.execute(
                select(func.sum(col(FundsRecord.amount))).where(
                    col(FundsRecord.out_of_province).is_(True),
                    col(FundsRecord.received_on).between(first, last),
                )
            ).scalar_one()
            return Decimal(value or 0).quantize(zero)

        return Figures(
            start=start,
            end=as_of,
            signed=int(count),
            signed_amount=Decimal(amount or 0).quantize(zero),
            fair=int(fair_count),
            fair_amount=Decimal(fair_amount or 0).quantize(zero),
            handled_provincial=int(handled.get("provincial", 0)),
            handled_city=int(handled.get("city", 0)),
            handled_county=int(handled.get("county", 0)),
            started=int(started_count),
            started_major=int(started_major),
            funds=funds(start, as_of),
            funds_last_year=funds(last_start, last_end),
        )


def _counts(session: Any, column: Any, *where: Any) -> dict[str, int]:
    from sqlalchemy import func, select

    query = select(column, func.count()).group_by(column).order_by(column)
    if where:
        query = query.where(*where)
    return {str(k): int(v) for k, v in session.execute(query).all()}


def summarise(ctx: Context, *, seed: int, as_of: date, seconds: float = 0.0) -> DemoSummary:
    """What the demo database holds as of ``as_of`` (counts read from the database)."""
    from sqlalchemy import func, select
    from sqlmodel import col

    from qy_landing.store.database import redact
    from qy_landing.store.models import (
        Assignment,
        Event,
        FundsRecord,
        Person,
        Problem,
        Procedure,
        Project,
        Unit,
    )

    with ctx.db.read() as session:

        def count(*what: Any) -> int:
            query = select(func.count()).select_from(what[0])
            if len(what) > 1:
                query = query.where(*what[1:])
            return int(session.execute(query).scalar_one())

        by_unit = {
            str(name): int(n)
            for name, n in session.execute(
                select(col(Unit.name), func.count(col(Project.id)))
                .join(Project, col(Project.unit_id) == col(Unit.id))
                .group_by(col(Unit.id), col(Unit.name))
                .order_by(col(Unit.id))
            ).all()
        }
        overdue = count(
            Procedure,
            col(Procedure.status).in_(("submitted", "accepted")),
            col(Procedure.due_on) < as_of,
        )
        return DemoSummary(
            url=redact(ctx.db.url),
            seed=seed,
            as_of=as_of,
            figures=measure(ctx, as_of),
            projects=count(Project),
            by_state=_counts(session, col(Project.state)),
            by_status=_counts(session, col(Procedure.status)),
            by_unit=by_unit,
            by_chain=_counts(session, col(Project.chain)),
            roles=_counts(session, col(Assignment.role)),
            units=count(Unit),
            persons=count(Person),
            supervisors=count(Person, col(Person.supervisor).is_(True)),
            problems_open=count(Problem, col(Problem.resolved_on).is_(None)),
            problems_resolved=count(Problem, col(Problem.resolved_on).is_not(None)),
            overdue_procedures=overdue,
            funds_records=count(FundsRecord),
            events=count(Event),
            seconds=seconds,
        )


def audit_digest(ctx: Context) -> str:
    """A digest of the whole audit trail (what, by whom, when): equal for equal builds."""
    from sqlalchemy import select
    from sqlmodel import col

    from qy_landing.store.models import Event, Project

    digest = hashlib.sha256()
    with ctx.db.read() as session:
        rows = session.execute(
            select(
                col(Project.code),
                col(Event.entity),
                col(Event.action),
                col(Event.field),
                col(Event.old),
                col(Event.new),
                col(Event.actor),
                col(Event.recorded_at),
                col(Event.effective_on),
                col(Event.note),
            )
            .outerjoin(Project, col(Project.id) == col(Event.project_id))
            .order_by(col(Event.id))
            .execution_options(yield_per=2000)
        )
        for row in rows:
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()
