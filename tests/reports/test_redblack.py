"""The red/black list: the documented score on a hand-built month, and its configuration."""

from __future__ import annotations

from datetime import date

import pytest

from qy_landing.config import RedBlackConfig, load_config
from qy_landing.errors import ConfigError
from qy_landing.reports.redblack import rank_units
from qy_landing.services import procedures
from tests.reports.data import add, code, start

OCTOBER = date(2026, 10, 1)


@pytest.fixture
def units(ctx):
    """Three units in October 2026 (clock 10-12), each scored by hand in the tests."""
    # 环县: 2 signed this year, 1 started → landing 50 %; nothing approved in October;
    # no running procedure; the active project is fresh (not stuck)
    add(ctx, 1, signed_on=date(2026, 3, 2))
    start(ctx, code(1), date(2026, 10, 9), approved_on=date(2026, 9, 1))
    add(ctx, 2, signed_on=date(2026, 10, 9))
    # 西峰区: 1 signed, not started; its filing is overdue and it is idle → all bad
    add(ctx, 3, code=code(3, "621002"), unit="西峰区", signed_on=date(2026, 8, 3))
    procedures.set_status(ctx, code(3, "621002"), "filing", "submitted", on=date(2026, 8, 4))
    # 庆城县: 1 signed, not started; its EIA approved on time in October
    add(ctx, 4, code=code(4, "621021"), unit="庆城县", signed_on=date(2026, 9, 1))
    procedures.set_status(ctx, code(4, "621021"), "eia_form", "submitted", on=date(2026, 9, 1))
    procedures.set_status(ctx, code(4, "621021"), "eia_form", "approved", on=date(2026, 10, 9))
    return ctx


def test_scores_follow_the_documented_formula(units):
    """score = 100 × Σ w·good / Σ w over the parts with data (default weights .4 .3 .2 .1)."""
    result = rank_units(units, OCTOBER, RedBlackConfig())
    assert result.as_of == date(2026, 10, 12)
    scores = {u.unit: u.score for u in result.ranking}
    # 环县: (0.4×0.5 + 0.2×1 + 0.1×1) / 0.7 (no approvals: on-time has no data)
    assert scores["环县"] == round(100 * 0.5 / 0.7, 1) == 71.4
    # 庆城县: (0.4×0 + 0.3×1 + 0.2×1 + 0.1×1) / 1.0
    assert scores["庆城县"] == 60.0
    # 西峰区: landing 0, overdue 100 %, stalled 100 %
    assert scores["西峰区"] == 0.0
    assert [u.unit for u in result.ranking] == ["环县", "庆城县", "西峰区"]
    # three ranked units: one on each list, never the same unit on both
    assert [u.unit for u in result.red] == ["环县"]
    assert [u.unit for u in result.black] == ["西峰区"]
    row = next(u for u in result.ranking if u.unit == "西峰区").as_dict()
    assert (row["overdue_procedures"], row["stalled_projects"]) == (1, 1)
    assert row["overdue_share"] == 100.0 and row["on_time_rate"] is None


def test_weights_from_the_config_file(units, tmp_path, monkeypatch):
    """[redblack] in qy-landing.toml changes the weights; ties go to fewer overdue."""
    path = tmp_path / "qy-landing.toml"
    path.write_text(
        "[redblack]\ntop = 1\n[redblack.weights]\nlanding = 1\non_time = 0\n"
        "overdue = 0\nstalled = 0\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("QY_LANDING_CONFIG", str(path))
    config = load_config().redblack
    assert config.weights["landing"] == 1 and config.top == 1
    result = rank_units(units, OCTOBER, config)
    assert [(u.unit, u.score) for u in result.ranking] == [
        ("环县", 50.0),
        ("庆城县", 0.0),
        ("西峰区", 0.0),
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[redblack]\ncolour = 1\n", "colour"),
        ("[redblack.weights]\nspeed = 1\n", "weights.speed"),
        ("[redblack.weights]\nlanding = -1\n", "landing"),
        ("[redblack]\ntop = 'three'\n", "top"),
        (
            "[redblack.weights]\nlanding = 0\non_time = 0\noverdue = 0\nstalled = 0\n",
            "must not all be 0",
        ),
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
    assert dict(config.weights) == {"landing": 0.4, "on_time": 0.3, "overdue": 0.2, "stalled": 0.1}
    assert config.top == 3 and config.source == "defaults"
