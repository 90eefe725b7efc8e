"""The demo database: built through the library, reproducible, and showing DOMAIN.md's figures."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import col
from typer.testing import CliRunner, Result

from qy_landing import demo
from qy_landing.clock import FixedClock
from qy_landing.services.context import Context
from qy_landing.store.models import (
    Assignment,
    Event,
    Person,
    Problem,
    Procedure,
    Project,
    Unit,
)
from qy_landing.vocabulary import CHAINS, PROCEDURE_STATUSES, ROLES
from qy_landing.workflow.definition import Definition

AS_OF = date(2026, 10, 31)
PERIOD = (date(2026, 1, 1), AS_OF)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Context, demo.DemoSummary]]:
    """The demo, built once for this module into a SQLite file."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with pytest.MonkeyPatch.context() as patch:
        for name in [n for n in os.environ if n.startswith("QY_LANDING_")]:
            patch.delenv(name)
        summary = demo.build_demo(f"sqlite:///{path}")
    ctx = Context.open(f"sqlite:///{path}", actor="测试员", clock=FixedClock.on(AS_OF, hour=18))
    yield ctx, summary
    ctx.db.dispose()


@pytest.fixture
def ctx(built: tuple[Context, demo.DemoSummary]) -> Context:
    return built[0]


def _definitions() -> dict[str, Definition]:
    from qy_landing.services.workflows import workflow_files
    from qy_landing.workflow.definition import parse_definition

    found = {path.stem: path for path in workflow_files()}
    return {
        name: parse_definition(found[name].read_text(encoding="utf-8"), name)
        for name in ("standard", "data_center")
    }


# --- the figures --------------------------------------------------------------------------------


def test_figures_equal_the_report(built):
    """As of 2026-10-31 the database shows exactly the figures of DOMAIN.md."""
    ctx, summary = built
    figures = demo.measure(ctx, AS_OF)
    assert figures == demo.TARGET
    assert summary.figures == demo.TARGET
    assert (figures.signed, figures.signed_amount) == (438, Decimal("1374.95"))
    assert (figures.fair, figures.fair_amount) == (81, Decimal("950.98"))
    assert figures.handled == {"provincial": 29, "city": 78, "county": 416}
    assert figures.started_major == 54
    assert figures.funds == Decimal("835.76")
    assert figures.funds_growth == Decimal("59.50")


def test_figures_by_hand_written_queries(ctx):
    """Plain queries over the tables give the same figures (no shared code with measure())."""
    first, last = PERIOD
    with ctx.db.read() as session:
        signed = (
            session.execute(
                select(Project.amount).where(
                    col(Project.signed_on) >= first, col(Project.signed_on) <= last
                )
            )
            .scalars()
            .all()
        )
        fair = (
            session.execute(
                select(Project.amount).where(
                    col(Project.signed_on) >= first,
                    col(Project.signed_on) <= last,
                    col(Project.signing_event) == "第三十届兰洽会",
                )
            )
            .scalars()
            .all()
        )
        levels = (
            session.execute(
                select(Procedure.level).where(
                    col(Procedure.status) == "approved",
                    col(Procedure.approved_on) >= first,
                    col(Procedure.approved_on) <= last,
                )
            )
            .scalars()
            .all()
        )
        major = (
            session.execute(
                select(Project.major).where(
                    col(Project.started_on) >= first, col(Project.started_on) <= last
                )
            )
            .scalars()
            .all()
        )
    assert (len(signed), sum(signed)) == (438, Decimal("1374.95"))
    assert (len(fair), sum(fair)) == (81, Decimal("950.98"))
    assert {level: levels.count(level) for level in set(levels)} == {
        "provincial": 29,
        "city": 78,
        "county": 416,
    }
    assert sum(major) == 54
    assert len(major) - sum(major) == 16  # the smaller projects that started too


def test_figures_by_the_statistics_module(ctx):
    """``qy-landing stats`` for 2026-01-01 … 2026-10-31 reproduces the report."""
    stats = pytest.importorskip("qy_landing.reports.stats")
    figures = stats.compute_stats(ctx, *PERIOD)
    assert (figures.signed.count, figures.signed.amount) == (438, Decimal("1374.95"))
    fair = next(f for f in figures.by_event if f.key == "第三十届兰洽会")
    assert (fair.count, fair.amount) == (81, Decimal("950.98"))
    assert figures.handled == {"provincial": 29, "city": 78, "county": 416}
    assert figures.started_major == 54
    assert figures.funds_out_of_province == Decimal("835.76")


def test_plans_hit_the_figures_for_many_seeds():
    """Whatever the seed, the plan hits the figures by construction (planning needs no database)."""
    definitions = _definitions()
    for seed in range(1, 13):
        plan = demo.plan_demo(seed, definitions)
        assert plan.expected(AS_OF) == demo.TARGET, seed


def test_plan_validation_catches_a_procedure_submitted_before_its_dependency():
    """A plan whose dependant step would be submitted before its dependency is refused."""
    plan = demo.plan_demo(2026, _definitions())
    project = next(
        p
        for p in plan.projects
        if p.fate == "started"
        and [m.status for m in p.moves.get("construction_planning", [])][:1] == ["submitted"]
    )
    first = project.moves["construction_planning"][0]
    project.moves["construction_planning"][0] = demo._Move(project.signed_on, first.status)
    with pytest.raises(demo.DemoPlanError, match="construction_planning submitted"):
        demo._validate(project)


# --- what the demo contains -----------------------------------------------------------------------


def test_every_procedure_status_is_present_and_waivers_have_reasons(ctx):
    """Procedures are pending, submitted, accepted, approved, rejected and waived (with reasons)."""
    with ctx.db.read() as session:
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
    assert statuses == set(PROCEDURE_STATUSES)
    assert unexplained == 0
    assert overdue > 20


def test_projects_in_every_state_incl_suspended_and_terminated(built):
    """Projects are signed, at each level, started, suspended and terminated."""
    _ctx, summary = built
    assert set(summary.by_state) == {
        "signed",
        "provincial",
        "city",
        "county",
        "started",
        "suspended",
        "terminated",
    }
    assert summary.by_state["suspended"] >= 3
    assert summary.by_state["terminated"] >= 3


def test_every_county_park_and_chain_has_projects(built):
    """The 8 counties/districts, the 3 parks and the 8 industry chains all have projects."""
    _ctx, summary = built
    assert set(summary.by_unit) == {
        "西峰区",
        "庆城县",
        "环县",
        "华池县",
        "合水县",
        "正宁县",
        "宁县",
        "镇原县",
        "庆阳经济技术开发区",
        "庆阳高新技术产业开发区",
        "长庆桥工业集中区",
    }
    assert set(summary.by_chain) == set(CHAINS)


def test_people_in_every_role_and_supervisors(ctx):
    """Every role is held; the centre is first-responsible at the fair; two supervisors exist."""
    with ctx.db.read() as session:
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


def test_problems_open_and_resolved(ctx):
    """Some bottlenecks are still open, others were solved (with a resolution)."""
    with ctx.db.read() as session:
        rows = session.execute(select(Problem.resolved_on, Problem.resolution)).all()
    open_ = [r for r in rows if r.resolved_on is None]
    solved = [r for r in rows if r.resolved_on is not None]
    assert len(open_) >= 20
    assert len(solved) >= 20
    assert all(r.resolution for r in solved)


def test_data_centre_projects_follow_their_own_workflow(ctx):
    """A few 东数西算 data-centre projects (chain digital) use the data_center workflow."""
    with ctx.db.read() as session:
        rows = session.execute(
            select(Project.name, Project.chain, Project.state).where(
                col(Project.workflow) == "data_center"
            )
        ).all()
    assert len(rows) >= 4
    assert {r.chain for r in rows} == {"digital"}
    assert all("东数西算" in r.name for r in rows)
    assert "started" in {r.state for r in rows}


def test_history_spreads_over_2026_and_is_recorded_when_it_happened(ctx):
    """Changes take effect in every month January … October; each is recorded that very day."""
    with ctx.db.read() as session:
        rows = session.execute(
            select(Event.effective_on, Event.recorded_at).where(col(Event.project_id).is_not(None))
        ).all()
    months = {r.effective_on.month for r in rows if r.effective_on.year == 2026}
    assert months == set(range(1, 11))
    shanghai = timedelta(hours=8)
    assert all((r.recorded_at + shanghai).date() == r.effective_on for r in rows)
    assert max(r.effective_on for r in rows) <= AS_OF


def test_audit_trail_replays_to_the_stored_state(ctx):
    """For every project the audit trail's state changes lead to its stored state."""
    from qy_landing.services.project_views import replay_state

    with ctx.db.read() as session:
        projects = session.execute(select(Project.code, Project.state)).all()
    for code, state in projects[::7]:
        assert replay_state(ctx, code) == state


def test_started_projects_have_every_procedure_done(ctx):
    """A project that started construction has all its procedures approved or waived."""
    with ctx.db.read() as session:
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


# --- reproducible, and careful with existing databases -----------------------------------


@pytest.mark.slow
def test_same_seed_same_database(built, tmp_path):
    """A second build with the same seed has the same codes and the same audit trail."""
    ctx, _summary = built
    again = Context.open(f"sqlite:///{tmp_path / 'again.db'}", clock=FixedClock.on(AS_OF))
    try:
        demo.build_demo(again)
        assert _codes(again) == _codes(ctx)
        assert demo.audit_digest(again) == demo.audit_digest(ctx)
    finally:
        again.db.dispose()


def _codes(ctx: Context) -> list[str]:
    with ctx.db.read() as session:
        return list(session.execute(select(Project.code).order_by(Project.code)).scalars())


def test_another_seed_gives_other_projects():
    """Another seed plans other projects (and still the same figures)."""
    definitions = _definitions()
    one = demo.plan_demo(2026, definitions)
    two = demo.plan_demo(7, definitions)
    assert {p.code for p in one.projects} != {p.code for p in two.projects}
    assert one.expected(AS_OF) == two.expected(AS_OF) == demo.TARGET


def test_refuses_a_database_with_data(sqlite_ctx):
    """The demo is never written into a database that already holds projects."""
    from tests.builders import project

    project(sqlite_ctx)
    with pytest.raises(demo.DemoTargetNotEmptyError):
        demo.build_demo(sqlite_ctx)
    assert _codes(sqlite_ctx) == ["2601-621022-04-01-123456"]


def test_target_kinds(built, sqlite_url, tmp_path):
    """A missing file, an empty database, a demo, real data and a foreign file are told apart."""
    ctx, _summary = built
    from tests.builders import person

    real = Context.open(sqlite_url, actor="王敏", clock=FixedClock.on(date(2026, 10, 12)))
    person(real)
    real.db.dispose()
    foreign = tmp_path / "notes.db"
    foreign.write_text("not a database", encoding="utf-8")
    assert demo.inspect_target(f"sqlite:///{tmp_path / 'none.db'}").kind == "absent"
    assert demo.inspect_target(ctx.db.url).kind == "demo"
    assert demo.inspect_target(sqlite_url).kind == "other"
    assert demo.inspect_target(f"sqlite:///{foreign}").kind == "foreign"


# --- the command -----------------------------------------------------------------------------


def _run(*args: str, lang: str = "en") -> Result:
    from qy_landing.cli import app

    return CliRunner().invoke(app, ["--lang", lang, *args], env={"COLUMNS": "120"})


def test_cli_builds_the_demo_and_shows_figures_and_dashboard(tmp_path):
    """``qy-landing demo --db FILE`` builds the demo, prints the figures and the dashboard."""
    target = tmp_path / "demo.db"
    result = _run("demo", "--db", str(target), "--as-of", "2026-03-31")
    assert result.exit_code == 0, result.output
    assert target.exists()
    assert "Demo database ready" in result.stdout
    assert "Headline figures, 2026-01-01 to 2026-03-31" in result.stdout
    assert "Landing dashboard as of 2026-03-31" in result.stdout
    assert f"qy-landing --db {target}" in result.stdout
    assert demo.inspect_target(f"sqlite:///{target}").kind == "demo"


def test_cli_default_file_and_reset(tmp_path, monkeypatch):
    """Without --db the demo goes to ./qy-landing-demo.db; rebuilding it needs --reset."""
    monkeypatch.chdir(tmp_path)
    first = _run("demo", "--as-of", "2026-01-31", "--json", lang="zh")
    assert first.exit_code == 0, first.output
    assert (tmp_path / demo.DEFAULT_FILE).exists()
    data = json.loads(first.stdout)  # --json: the summary alone on stdout
    assert (data["seed"], data["as_of"]) == (2026, "2026-01-31")
    assert data["figures"]["fair"] == 0  # the fair is in July
    assert data["by_state"]["started"] > 0  # projects signed in 2024/25 building already
    again = _run("demo", "--as-of", "2026-01-31", lang="zh")
    assert again.exit_code == 1
    assert "已是一个演示数据库" in again.stderr and "--reset" in again.stderr
    rebuilt = _run("demo", "--as-of", "2026-01-31", "--reset")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "Removed the old demo database" in rebuilt.stdout


def test_cli_leaves_real_data_alone_even_with_reset(sqlite_url):
    """A database with real data is refused, --reset or not, and stays as it was."""
    from tests.builders import project

    real = Context.open(sqlite_url, actor="王敏", clock=FixedClock.on(date(2026, 10, 12)))
    project(real)
    real.db.dispose()
    result = _run("--db", sqlite_url, "demo", "--reset")
    assert result.exit_code == 1
    assert "not a demo database" in result.stderr
    assert Path(sqlite_url.removeprefix("sqlite:///")).exists()
    check = Context.open(sqlite_url)
    try:
        assert _codes(check) == ["2601-621022-04-01-123456"]
    finally:
        check.db.dispose()
