"""Measuring the demo database: the report's figures, what it holds, its audit trail."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlmodel import col

from qy_landing import demo
from qy_landing.store.models import Procedure, Project
from qy_landing.vocabulary import CHAINS

from .conftest import AS_OF, PERIOD


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


def test_figures_by_hand_written_queries(built_ctx):
    """Plain queries over the tables give the same figures (no shared code with measure())."""
    first, last = PERIOD
    with built_ctx.db.read() as session:
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


def test_figures_by_the_statistics_module(built_ctx):
    """``qy-landing stats`` for 2026-01-01 … 2026-10-31 reproduces the report."""
    stats = pytest.importorskip("qy_landing.reports.stats")
    figures = stats.compute_stats(built_ctx, *PERIOD)
    assert (figures.signed.count, figures.signed.amount) == (438, Decimal("1374.95"))
    fair = next(f for f in figures.by_event if f.key == "第三十届兰洽会")
    assert (fair.count, fair.amount) == (81, Decimal("950.98"))
    assert figures.handled == {"provincial": 29, "city": 78, "county": 416}
    assert figures.started_major == 54
    assert figures.funds_out_of_province == Decimal("835.76")


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


def test_summary_counts_what_the_database_holds(built):
    """The summary: 492 projects, 43 people (2 supervisors), 100 units, every role, problems."""
    _ctx, summary = built
    assert summary.projects == 492
    # 8 counties/districts, 3 parks, 63 departments, 17 enterprises, 9 offices
    assert (summary.persons, summary.supervisors, summary.units) == (43, 2, 100)
    assert set(summary.roles) == {
        "first_responsible",
        "direct_responsible",
        "commissioner",
        "lead_chief",
    }
    assert summary.problems_open > 20 and summary.problems_resolved > 20
    assert summary.overdue_procedures > 20
    data = summary.as_dict()
    assert data["figures"]["funds_growth"] == "59.50"
    assert data["as_of"] == "2026-10-31"


def test_a_measure_as_of_an_earlier_day_cuts_the_period(built_ctx):
    """Measured as of 30 June, the fair (July) has signed nothing yet."""
    from datetime import date

    june = demo.measure(built_ctx, date(2026, 6, 30))
    assert (june.start, june.end) == (date(2026, 1, 1), date(2026, 6, 30))
    assert june.fair == 0
    assert june.signed < 438


def test_audit_digest_is_stable(built_ctx):
    """The digest of the audit trail is a hex SHA-256, equal on every reading."""
    digest = demo.audit_digest(built_ctx)
    assert len(digest) == 64
    assert digest == demo.audit_digest(built_ctx)
