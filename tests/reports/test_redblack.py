"""The red/black boards: membership and order on hand-built months, and their configuration."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from qy_landing.config import Board, RedBlackConfig, default_board, load_config
from qy_landing.errors import ConfigError
from qy_landing.reports.redblack import rank_units
from qy_landing.services import funds, procedures, projects, targets
from qy_landing.services.units import add_unit
from tests.reports.data import add, code, start

OCTOBER = date(2026, 10, 1)
ONLY = dict.fromkeys(
    (
        "target",
        "funds",
        "landing",
        "on_time_start",
        "on_time",
        "overdue",
        "resolution",
        "stalled",
        "kept",
    ),
    0.0,
)


def weights(**given: float) -> dict[str, float]:
    return {**ONLY, **given}


def county_board(top: int = 1, **given: float) -> RedBlackConfig:
    """Only the county board, with the weights given (every other indicator 0)."""
    board = Board("county", ("county",), "landing", weights(**given), top)
    return RedBlackConfig(boards=(board,), top=top, min_indicators=1)


@pytest.fixture
def three(ctx):
    """环县 and 庆城县 each start 1 of 2 projects signed this year; 西峰区 starts none of 1."""
    add(ctx, 1, signed_on=date(2026, 3, 2))
    start(ctx, code(1), date(2026, 9, 9))
    add(ctx, 2, signed_on=date(2026, 4, 1))
    add(ctx, 3, code=code(3, "621021"), unit="庆城县", signed_on=date(2026, 3, 2))
    start(ctx, code(3, "621021"), date(2026, 9, 9))
    add(ctx, 4, code=code(4, "621021"), unit="庆城县", signed_on=date(2026, 5, 6))
    add(ctx, 5, code=code(5, "621002"), unit="西峰区", signed_on=date(2026, 8, 3))
    return ctx


def test_ties_share_a_rank(three):
    """Equal scores share a rank and the next rank skips (1, 1, 3); both tied units are red."""
    result = rank_units(three, OCTOBER, county_board(landing=1))
    board = result.board("county")
    assert board is not None
    # tied units in the office's order (庆城县 is seeded before 环县)
    assert [(u.unit, u.score, u.rank) for u in board.ranking] == [
        ("庆城县", 50.0, 1),
        ("环县", 50.0, 1),
        ("西峰区", 0.0, 3),
    ]
    assert [u.unit for u in board.red] == ["庆城县", "环县"]
    assert [u.unit for u in board.black] == ["西峰区"]
    assert board.black[0].reasons[0].render("en") == (
        "landing rate 0.0 % (0 of 1 signed projects started)"
    )


def test_units_without_target_or_project_are_listed_apart(three):
    """Units with nothing to judge are apart, never ranked or red (the other 5 counties)."""
    result = rank_units(three, OCTOBER, county_board(landing=1))
    board = result.board("county")
    assert board is not None
    assert [u.unit for u in board.apart] == ["华池县", "合水县", "正宁县", "宁县", "镇原县"]
    assert all(u.rank == 0 for u in board.apart)


def test_one_suspended_project_at_zero_landing_is_not_red(ctx):
    """A county with one suspended project and 0 % landing has one indicator only: apart."""
    add(ctx, 1, signed_on=date(2026, 3, 2))
    projects.suspend(ctx, code(1), reason="投资方资金未到位", on=date(2026, 6, 1))
    result = rank_units(ctx, OCTOBER, RedBlackConfig())
    county = result.board("county")
    assert county is not None
    assert county.ranking == [] and county.red == []
    assert "环县" in [u.unit for u in county.apart]


def test_everything_overdue_is_black_with_reasons_in_words(three):
    """A unit whose every running procedure is overdue is black and says how long."""
    procedures.set_status(three, code(5, "621002"), "filing", "submitted", on=date(2026, 8, 4))
    config = county_board(landing=0.5, overdue=0.5)
    result = rank_units(three, OCTOBER, config)
    board = result.board("county")
    assert board is not None
    xifeng = next(u for u in board.ranking if u.unit == "西峰区")
    assert (xifeng.running, xifeng.overdue, xifeng.score) == (1, 1, 0.0)
    # filing: submitted Tue 4 Aug, 3 working days → due Fri 7 Aug; as of Mon 12 Oct that is
    # 42 working days late: 16 in August, 22 in September (20 Sep worked, 25 Sep 中秋 off),
    # 4 in October (1–7 Oct off; 8, 9, Saturday 10 and 12 Oct worked)
    assert xifeng.longest_overdue == 42
    # equal losses (both 0 at weight 0.5): the documented indicator order decides
    assert [m.render("en") for m in xifeng.reasons] == [
        "landing rate 0.0 % (0 of 1 signed projects started)",
        "1 procedures overdue, the longest 42 working days",
    ]
    assert [m.render("zh") for m in xifeng.reasons][1] == "1 件手续逾期，最长 42 个工作日"
    assert board.black == [xifeng]


def test_targets_and_funds_count_towards_the_score(three):
    """Target completion (capped at 100 %) and funds against the funds target, by hand."""
    targets.set_target(three, "环县", "signed_count", 4, year=2026)  # 2 of 4 → 50 %
    targets.set_target(three, "环县", "started_count", 1, year=2026)  # 1 of 1 → 100 %
    targets.set_target(three, "环县", "funds_out", "10", year=2026)
    funds.record_funds(three, code(1), "2.5", on=date(2026, 9, 20))  # 25 %
    config = county_board(top=1, target=0.5, funds=0.5)
    result = rank_units(three, OCTOBER, config)
    board = result.board("county")
    assert board is not None
    huan = board.ranking[0]
    assert huan.unit == "环县"
    assert huan.values["target"] == 0.75 and huan.values["funds"] == 0.25
    assert huan.score == 50.0
    # the others have no target: with target/funds weights only they have nothing to judge
    assert [u.unit for u in board.ranking] == ["环县"]


def test_departments_are_ranked_by_the_projects_they_introduced(three):
    """A department's board counts the projects it introduced, wherever they land."""
    add_unit(three, "市发展和改革委员会", kind="department")
    add_unit(three, "市工业和信息化局", kind="department")
    projects.update_project(three, code(1), introduced_by="市发展和改革委员会")
    projects.update_project(three, code(5, "621002"), introduced_by="市工业和信息化局")
    targets.set_target(three, "市发展和改革委员会", "signed_count", 2, year=2026)
    targets.set_target(three, "市工业和信息化局", "signed_count", 2, year=2026)
    result = rank_units(three, OCTOBER, RedBlackConfig(min_indicators=1), board="department")
    board = result.boards[0]
    assert board.board.attribute == "introducing"
    # 发改委: 1 of 2 signed (50 %), its one project started (landing 100 %)
    # 工信局: 1 of 2 signed (50 %), its project not started (landing 0 %)
    assert [(u.unit, u.signed, u.started) for u in board.ranking] == [
        ("市发展和改革委员会", 1, 1),
        ("市工业和信息化局", 1, 0),
    ]
    assert [u.unit for u in board.red] == ["市发展和改革委员会"]
    assert [u.unit for u in board.black] == ["市工业和信息化局"]


def test_every_kind_has_a_board_by_default(ctx):
    """Without configuration: one board per kind; places by landing unit, others by introducer."""
    result = rank_units(ctx, OCTOBER, RedBlackConfig())
    assert [(b.board.key, b.board.attribute) for b in result.boards] == [
        ("county", "landing"),
        ("park", "landing"),
        ("department", "introducing"),
        ("enterprise", "introducing"),
        ("office", "introducing"),
    ]
    data = result.as_dict("en")
    assert [b["board"] for b in data["boards"]] == [
        "county",
        "park",
        "department",
        "enterprise",
        "office",
    ]


def test_boards_and_weights_from_the_config_file(tmp_path):
    """[redblack.boards.NAME] groups kinds with their own weights; others keep defaults."""
    path = tmp_path / "qy-landing.toml"
    path.write_text(
        "[redblack]\ntop = 2\n"
        '[redblack.boards.places]\nkinds = ["county", "park"]\nweights = {landing = 1}\n',
        encoding="utf-8",
    )
    config = load_config(path).redblack
    boards = config.all_boards()
    assert [b.key for b in boards] == ["places", "department", "enterprise", "office"]
    assert boards[0].weights["landing"] == 1 and boards[0].weights["target"] == 0
    assert boards[0].attribute == "landing" and boards[0].top == 2
    assert boards[1] == default_board("department", 2)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[redblack]\ncolour = 1\n", "colour"),
        ("[redblack.weights]\nspeed = 1\n", "redblack.weights.speed"),
        ("[redblack.weights]\nlanding = -1\n", "redblack.weights.landing"),
        ("[redblack]\ntop = 'three'\n", "redblack.top"),
        ("[redblack.weights]\nlanding = 0\n", "must not all be 0"),
        ('[redblack.boards.x]\nkinds = ["moon"]\n', "moon"),
        (
            '[redblack.boards.a]\nkinds = ["park"]\n[redblack.boards.b]\nkinds = ["park"]\n',
            "unit kind park is already on board a",
        ),
        ('[redblack.boards.park]\nattribute = "nearby"\n', "nearby"),
        ("[redblack\n", "qy-landing.toml"),
    ],
)
def test_bad_config_names_the_setting(tmp_path, text, words):
    """A wrong setting is refused with a message that names it."""
    path = tmp_path / "qy-landing.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert words in caught.value.render("en")


def test_no_config_file_means_defaults(tmp_path, monkeypatch):
    """Without a file the documented defaults apply."""
    monkeypatch.chdir(tmp_path)
    config = load_config().redblack
    assert config.board_for("county").weights["landing"] == 0.15
    assert config.board_for("office").weights["target"] == 0.35
    assert sum(config.board_for("park").weights.values()) == pytest.approx(1.0)
    assert config.top == 3 and config.min_indicators == 2 and config.source == "defaults"


def test_kept_promise_rate_is_shown_and_scored_only_when_weighed(ctx):
    """Commitments due in October: done on time count as kept; weight 0 leaves the score."""
    from qy_landing.services import commitments
    from tests.builders import person

    add(ctx, 1, signed_on=date(2026, 3, 2))
    start(ctx, code(1), date(2026, 9, 9))
    person(ctx, "张伟")
    on = date(2026, 10, 9)
    kept = commitments.add_commitment(ctx, code(1), "补齐材料", "张伟", "2026-10-09", on=on)
    commitments.add_commitment(ctx, code(1), "协调用地", "张伟", "2026-10-09", on=on)
    commitments.complete_commitment(ctx, kept.id, "已补齐", on=on)
    board = rank_units(ctx, OCTOBER, county_board(landing=1)).board("county")
    assert board is not None
    row = next(u.as_dict() for u in board.ranking if u.unit == "环县")
    assert (row["commitments_due"], row["commitments_kept"], row["kept"]) == (2, 1, 50.0)
    assert row["score"] == 100.0  # landing 1 of 1; kept shown, not scored
    weighed = rank_units(ctx, OCTOBER, county_board(landing=1, kept=1)).board("county")
    assert weighed is not None
    assert [u.score for u in weighed.ranking if u.unit == "环县"] == [75.0]


def test_decimal_targets_are_exact(ctx):
    """A target in 亿元 keeps its decimals."""
    record = targets.set_target(ctx, "环县", "signed_amount", "12.35", year=2026)
    assert record.value == Decimal("12.35")
