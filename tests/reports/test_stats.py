"""Headline figures against a small data set whose figures are worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from qy_landing.errors import DateOrderError
from qy_landing.reports.stats import compute_stats
from qy_landing.services import funds, procedures, projects
from tests.reports.data import add, code, start

FAIR = "第三十届兰洽会"


@pytest.fixture
def figures(ctx):
    """Five projects, their procedures, starts and funds (see each line)."""
    # 1: 环县, energy, 12.5, at the fair, major; 7 procedures approved 8-20 (6 county,
    #    1 city: the EIA form); started 9-01; funds 3.5 out of province, 1.25 in province
    add(ctx, 1, signed_on=date(2026, 7, 10), signing_event=FAIR, major=True)
    start(ctx, code(1), date(2026, 9, 1), approved_on=date(2026, 8, 20))
    funds.record_funds(ctx, code(1), "3.5", on=date(2026, 8, 1))
    funds.record_funds(ctx, code(1), "1.25", on=date(2026, 9, 1), out_of_province=False)
    # 2: 西峰区, digital, 30.25, at the fair; provincial energy review approved 5-10 after
    #    the county filing (5-06); soil and water plan waived (not handled)
    add(
        ctx,
        2,
        code=code(2, "621002"),
        unit="西峰区",
        chain="digital",
        amount="30.25",
        signed_on=date(2026, 3, 2),
        signing_event=FAIR,
        energy_tce=12000,
    )
    c2 = code(2, "621002")
    procedures.set_status(ctx, c2, "filing", "submitted", on=date(2026, 5, 6))
    procedures.set_status(ctx, c2, "filing", "approved", on=date(2026, 5, 6))
    procedures.set_status(ctx, c2, "energy_review_province", "submitted", on=date(2026, 5, 7))
    procedures.set_status(ctx, c2, "energy_review_province", "approved", on=date(2026, 5, 10))
    procedures.set_status(ctx, c2, "soil_water", "waived", on=date(2026, 6, 1), reason="既有场地")
    # 3: 环县, agriculture, 0.8, signed last year (not counted as signed); its 7
    #    procedures approved and started 2-03; funds of 2025-12-31 are outside the year
    add(ctx, 3, chain="agriculture", amount="0.8", signed_on=date(2025, 12, 20), signing_event=None)
    start(ctx, code(3), date(2026, 2, 3))
    # 4: 西峰区, digital, 5.0005, at another event, signed 9-30, terminated 10-09
    add(
        ctx,
        4,
        code=code(4, "621002"),
        unit="西峰区",
        chain="digital",
        amount="5.0005",
        signed_on=date(2026, 9, 30),
        signing_event="2026 数博会",
    )
    projects.terminate(ctx, code(4, "621002"), reason="企业撤资", on=date(2026, 10, 9))
    # 5: 庆城县, tourism, 100, no signing event, signed on the clock's day
    add(
        ctx,
        5,
        code=code(5, "621021"),
        unit="庆城县",
        chain="tourism",
        amount="100",
        signed_on=date(2026, 10, 12),
        signing_event=None,
    )
    return ctx


def test_year_to_date_figures(figures):
    """1 January to today: projects, amounts, procedures by level, starts and funds."""
    stats = compute_stats(figures)
    assert (stats.start, stats.end) == (date(2026, 1, 1), date(2026, 10, 12))
    # signed: projects 1, 2, 4, 5 = 12.5 + 30.25 + 5.0005 + 100
    assert (stats.signed.count, stats.signed.amount) == (4, Decimal("147.7505"))
    assert [(f.key, f.count, f.amount) for f in stats.by_event] == [
        ("第三十届兰洽会", 2, Decimal("42.75")),
        ("2026 数博会", 1, Decimal("5.0005")),
        (None, 1, Decimal("100")),
    ]
    chains = {f.key: (f.count, f.amount) for f in stats.by_chain}
    assert chains["energy"] == (1, Decimal("12.5"))
    assert chains["digital"] == (2, Decimal("35.2505"))
    assert chains["tourism"] == (1, Decimal("100"))
    assert chains["green"] == (0, Decimal("0"))
    assert [(f.key, f.count, f.amount) for f in stats.by_unit] == [
        ("西峰区", 2, Decimal("35.2505")),
        ("庆城县", 1, Decimal("100")),
        ("环县", 1, Decimal("12.5")),
    ]
    # handled: provincial = project 2's energy review; city = the EIA forms of 1 and 3;
    # county = 6 + 6 (projects 1 and 3) + project 2's filing
    assert stats.handled == {"provincial": 1, "city": 2, "county": 11}
    assert stats.handled_total == 14
    assert (stats.started, stats.started_major) == (2, 1)
    assert stats.funds == Decimal("4.75")
    assert stats.funds_out_of_province == Decimal("3.5")
    assert stats.funds_in_province == Decimal("1.25")


def test_one_unit(figures):
    """--unit keeps the unit's projects, procedures, starts and funds."""
    stats = compute_stats(figures, unit="环县")
    assert stats.unit == "环县"
    assert (stats.signed.count, stats.signed.amount) == (1, Decimal("12.5"))
    assert stats.handled == {"provincial": 0, "city": 2, "county": 10}
    assert (stats.started, stats.started_major) == (2, 1)
    assert stats.funds == Decimal("4.75")


def test_a_narrow_period(figures):
    """September only: one signing (9-30), nothing approved, one major start, 1.25 funds."""
    stats = compute_stats(figures, date(2026, 9, 1), date(2026, 9, 30))
    assert (stats.signed.count, stats.signed.amount) == (1, Decimal("5.0005"))
    assert stats.handled_total == 0
    assert (stats.started, stats.started_major) == (1, 1)
    assert (stats.funds, stats.funds_out_of_province) == (Decimal("1.25"), Decimal("0"))


def test_json_amounts_are_exact_strings(figures):
    """as_dict gives amounts as strings and dates in ISO form."""
    data = compute_stats(figures).as_dict()
    assert data["signed"] == {"count": 4, "amount": "147.7505"}
    assert data["procedures_handled"]["total"] == 14
    assert data["funds_in_place"]["out_of_province"] == "3.5000"
    assert data["start"] == "2026-01-01"


def test_empty_period_and_reversed_dates(ctx):
    """An empty database gives zeros; an end before the start is refused."""
    stats = compute_stats(ctx)
    assert stats.signed.count == 0 and stats.signed.amount == 0 and stats.funds == 0
    with pytest.raises(DateOrderError):
        compute_stats(ctx, date(2026, 5, 1), date(2026, 4, 1))


def test_sums_stay_exact_past_the_64_bit_range(figures):
    """Two projects stored with absurd amounts (older data): the sum is exact, not an error."""
    from sqlalchemy import update

    from qy_landing.store.models import Project

    huge = Decimal("922337203685477")  # 亿元: 9.2e18 万元, the largest BIGINT nearly
    with figures.db.write() as session:
        session.execute(
            update(Project)
            .where(Project.code.in_([code(1), code(2, "621002")]))
            .values(amount=huge)
        )
    stats = compute_stats(figures)
    assert stats.signed.amount == huge * 2 + Decimal("5.0005") + Decimal("100")


def test_out_of_range_amounts_and_dates_are_refused_before_the_database(ctx):
    """Amounts above 1 000 000 亿元 and signing dates outside 1990–2100 are user errors."""
    from qy_landing.errors import ImportRejectedError, InvalidValueError

    for overrides, fragment in (
        ({"amount": "99999999999999999999"}, "an amount from 0 to 1000000"),
        ({"signed_on": date(1989, 12, 31)}, "a date from 1990-01-01 to 2100-12-31"),
    ):
        with pytest.raises((InvalidValueError, ImportRejectedError)) as caught:
            add(ctx, 7, **overrides)
        assert fragment in caught.value.render("en")
    with pytest.raises(InvalidValueError):
        funds.record_funds(ctx, code(1), "1000001", on=date(2026, 8, 1))


def test_growth_against_a_hand_computed_year(figures):
    """The same period of 2025 holds project 3 (0.8, signed 2025-12-20 is outside) and funds
    added here; growth = (now − then) ÷ then, two decimals."""
    # 2025: two projects signed by 10-12 (2.0 and 3.0), one started 2025-06-01, 2.0 funds
    add(figures, 6, amount="2", signed_on=date(2025, 3, 3), signing_event=None)
    start(figures, code(6), date(2025, 6, 1))
    add(figures, 7, amount="3", signed_on=date(2025, 10, 12), signing_event=None)
    add(figures, 8, amount="9", signed_on=date(2025, 10, 13), signing_event=None)  # one day late
    funds.record_funds(figures, code(6), "2", on=date(2025, 7, 1))
    stats = compute_stats(figures)
    before = stats.previous
    assert before is not None
    assert (before.start, before.end) == (date(2025, 1, 1), date(2025, 10, 12))
    assert (before.signed.count, before.signed.amount) == (2, Decimal("5"))
    assert (before.started, before.funds_out_of_province) == (1, Decimal("2"))
    # now: 4 projects, 147.7505; 2 started; 3.5 out of province (4.75 in all)
    assert stats.growth() == {
        "signed_count": 100.0,  # 4 vs 2
        "signed_amount": 2855.01,  # 147.7505 / 5 − 1 = 28.5501
        "started": 100.0,  # 2 vs 1
        "funds": 137.5,  # 4.75 / 2 − 1
        "funds_out_of_province": 75.0,  # 3.5 / 2 − 1
    }
    data = stats.as_dict()["year_on_year"]
    assert data["start"] == "2025-01-01" and data["growth_percent"]["funds_out_of_province"] == 75.0


def test_growth_from_nothing_is_not_a_rate(figures):
    """An earlier period with nothing gives no rate (None), not infinity."""
    stats = compute_stats(figures)
    assert stats.growth()["signed_count"] is None
    assert compute_stats(figures, compare=False).previous is None


def test_leap_day_compares_with_28_february():
    """29 February a year earlier is 28 February."""
    from qy_landing.reports.stats import growth_rate, year_earlier

    assert year_earlier(date(2028, 2, 29)) == date(2027, 2, 28)
    assert growth_rate(Decimal("835.76"), Decimal("523.99")) == 59.5


def test_group_by_introducing_unit(figures):
    """--group-by introducing counts a project for the unit that brought it in."""
    from qy_landing.services.units import add_unit

    add_unit(figures, "市发展和改革委员会", kind="department")
    projects.update_project(figures, code(1), introduced_by="市发展和改革委员会")
    stats = compute_stats(figures, group_by="introducing")
    by_unit = {f.key: (f.count, f.amount) for f in stats.by_unit}
    assert by_unit["市发展和改革委员会"] == (1, Decimal("12.5"))
    assert "环县" not in by_unit
    mine = compute_stats(figures, unit="市发展和改革委员会", group_by="introducing")
    assert (mine.signed.count, mine.funds) == (1, Decimal("4.75"))
    assert compute_stats(figures, unit="环县").signed.count == 1  # landing: still 环县's
