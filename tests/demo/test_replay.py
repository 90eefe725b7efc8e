"""Replaying the plan through the services: every change recorded on the day it took effect."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlmodel import col

from qy_landing.demo.replay import all_actions
from qy_landing.store.models import Assignment, Event, Person, Problem, Procedure, Project, Unit
from qy_landing.vocabulary import PAUSED_STATUSES, PROCEDURE_STATUSES, ROLES

from .conftest import AS_OF


def test_registrations_come_first_each_day(plan):
    """On each day the day's signings are registered before any other change."""
    actions = all_actions(plan)
    assert [(a.on, a.bucket) for a in actions] == sorted((a.on, a.bucket) for a in actions)
    first = actions[0]
    assert first.kind == "register"
    assert sum(len(a.data) for a in actions if a.kind == "register") == 492
    assert all(a.on <= date(2026, 10, 30) for a in actions)


def test_every_procedure_status_is_present_and_waivers_have_reasons(built_ctx):
    """Procedures are pending, submitted, accepted, approved, rejected and waived (with reasons)."""
    with built_ctx.db.read() as session:
        statuses = set(session.execute(select(Procedure.status).distinct()).scalars())
        unexplained = session.execute(
            select(func.count())
            .select_from(Procedure)
            .where(col(Procedure.status) == "waived", col(Procedure.waive_reason).is_(None))
        ).scalar_one()
        overdue = session.execute(
            select(func.count())
            .select_from(Procedure)
            .where(
                col(Procedure.status).in_(("submitted", "accepted")),
                col(Procedure.due_on) < AS_OF,
            )
        ).scalar_one()
    # the demo's plan predates the clock's pause statuses (补正, Art. 45 holds)
    assert statuses == set(PROCEDURE_STATUSES) - PAUSED_STATUSES
    assert unexplained == 0
    assert overdue > 20


def test_people_in_every_role_and_supervisors(built_ctx):
    """Every role is held; the centre is first-responsible at the fair; two supervisors exist."""
    with built_ctx.db.read() as session:
        roles = set(session.execute(select(Assignment.role).distinct()).scalars())
        centre = session.execute(
            select(func.count())
            .select_from(Assignment)
            .join(Person, col(Person.id) == col(Assignment.person_id))
            .join(Unit, col(Unit.id) == col(Person.unit_id))
            .join(Project, col(Project.id) == col(Assignment.project_id))
            .where(
                col(Unit.name) == "市招商促进中心",
                col(Assignment.role) == "first_responsible",
                col(Project.signing_event) == "第三十届兰洽会",
            )
        ).scalar_one()
        kind = session.execute(
            select(Unit.kind).where(col(Unit.name) == "市招商促进中心")
        ).scalar_one()
        supervisors = (
            session.execute(
                select(Unit.name)
                .join(Person, col(Person.unit_id) == col(Unit.id))
                .where(col(Person.supervisor).is_(True))
            )
            .scalars()
            .all()
        )
    assert roles == set(ROLES)
    assert centre == 81
    assert kind in ("department", "office")
    assert len(supervisors) >= 2
    assert {"市委督查室", "市政府办公室"} <= set(supervisors)


def test_problems_open_and_resolved(built_ctx):
    """Some bottlenecks are still open, others were solved (with a resolution)."""
    with built_ctx.db.read() as session:
        rows = session.execute(select(Problem.resolved_on, Problem.resolution)).all()
    open_ = [r for r in rows if r.resolved_on is None]
    solved = [r for r in rows if r.resolved_on is not None]
    assert len(open_) >= 20
    assert len(solved) >= 20
    assert all(r.resolution for r in solved)


def test_data_centre_projects_follow_their_own_workflow(built_ctx):
    """A few 东数西算 data-centre projects (chain digital) use the data_center workflow."""
    with built_ctx.db.read() as session:
        rows = session.execute(
            select(Project.name, Project.chain, Project.state).where(
                col(Project.workflow) == "data_center"
            )
        ).all()
    assert len(rows) >= 4
    assert {r.chain for r in rows} == {"digital"}
    assert all("东数西算" in r.name for r in rows)
    assert "started" in {r.state for r in rows}


def test_history_spreads_over_2026_and_is_recorded_when_it_happened(built_ctx):
    """Changes take effect in every month January … October; each is recorded that very day."""
    with built_ctx.db.read() as session:
        rows = session.execute(
            select(Event.effective_on, Event.recorded_at).where(col(Event.project_id).is_not(None))
        ).all()
    months = {r.effective_on.month for r in rows if r.effective_on.year == 2026}
    assert months == set(range(1, 11))
    shanghai = timedelta(hours=8)
    assert all((r.recorded_at + shanghai).date() == r.effective_on for r in rows)
    assert max(r.effective_on for r in rows) <= AS_OF


def test_audit_trail_replays_to_the_stored_state(built_ctx):
    """For every project the audit trail's state changes lead to its stored state."""
    from qy_landing.services.project_views import replay_state

    with built_ctx.db.read() as session:
        projects = session.execute(select(Project.code, Project.state)).all()
    for code, state in projects[::7]:
        assert replay_state(built_ctx, code) == state


def test_started_projects_have_every_procedure_done(built_ctx):
    """A project that started construction has all its procedures approved or waived."""
    with built_ctx.db.read() as session:
        undone = session.execute(
            select(func.count())
            .select_from(Procedure)
            .join(Project, col(Project.id) == col(Procedure.project_id))
            .where(
                col(Project.state) == "started",
                col(Procedure.status).not_in(("approved", "waived")),
            )
        ).scalar_one()
    assert undone == 0


def test_the_demo_actor_wrote_the_first_event(built_ctx):
    """The first audit event is the demo's own: that is how a demo database is recognised."""
    from qy_landing.demo import DEMO_ACTOR

    with built_ctx.db.read() as session:
        first = session.execute(select(Event.actor).order_by(col(Event.id)).limit(1)).scalar_one()
        actors = set(session.execute(select(Event.actor).distinct()).scalars())
    assert first == DEMO_ACTOR
    assert len(actors) >= 7  # the demo, the office head and the six commissioners


def test_the_ten_monthly_packs_count_every_approval_once(built_ctx):
    """Each month's pack, read as of its last day, counts every approval of the period once."""
    from qy_landing.reports.monthly import monthly_pack

    with built_ctx.db.read() as session:
        approvals = session.execute(
            select(func.count())
            .select_from(Procedure)
            .where(
                col(Procedure.approved_on) >= date(2026, 1, 1),
                col(Procedure.approved_on) <= AS_OF,
            )
        ).scalar_one()
    counted = []
    for month in range(1, 11):
        pack = monthly_pack(built_ctx, date(2026, month, 1))
        counted.append(pack.total.approved)
        pack.ctx.db.dispose()
    assert counted[0] > 5
    assert sum(counted) == approvals
