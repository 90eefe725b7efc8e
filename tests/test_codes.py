"""Project codes: shape, time code, Gansu division codes, the landing unit's region."""

from __future__ import annotations

from pathlib import Path

import pytest

from qy_landing.codes import (
    RegionRule,
    check_code,
    counties_of,
    divisions,
    home_prefectures,
    normalize_code,
)
from qy_landing.config import load_config
from qy_landing.errors import ConfigError, ProjectCodeError
from qy_landing.services.context import Context
from tests import builders

HUAN = RegionRule("环县", "621022", "county", ("621000",))

# One real-shaped code per prefecture of Gansu (a county-level division of each; the
# prefecture code itself for 嘉峪关, which has no county-level division).
PREFECTURE_CODES = {
    "兰州市": "2603-620102-04-01-482913",
    "嘉峪关市": "2511-620200-89-01-100238",
    "金昌市": "2604-620302-04-01-552071",
    "白银市": "2602-620421-07-02-390114",
    "天水市": "2607-620503-04-01-772308",
    "武威市": "2601-620602-89-01-263401",
    "张掖市": "2605-620702-04-01-118805",
    "平凉市": "2609-620881-07-02-640019",
    "酒泉市": "2608-620982-04-01-905512",
    "庆阳市": "2610-621022-04-01-123456",
    "定西市": "2606-621102-04-01-330871",
    "陇南市": "2603-621202-89-01-447092",
    "临夏回族自治州": "2604-622927-04-01-581236",
    "甘南藏族自治州": "2612-623001-04-01-208845",
}


def test_division_data_counts() -> None:
    """The shipped list holds Gansu, its 14 prefectures and 86 county-level divisions."""
    levels = [d.level for d in divisions().values()]
    assert (levels.count("province"), levels.count("prefecture"), levels.count("county")) == (
        1,
        14,
        86,
    )
    assert [d.name for d in counties_of("621000")] == [
        "西峰区", "庆城县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县",
    ]  # fmt: skip
    assert divisions()["620881"].name == "华亭市"  # 华亭县 became a city in 2018
    assert "620824" not in divisions()


def test_data_file_names_source_and_date() -> None:
    """The division data file says where it comes from and of which date."""
    import qy_landing

    text = (Path(qy_landing.__file__).parent / "data" / "gansu_divisions.tsv").read_text("utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "民政部" in header and "2023-12-31" in header


@pytest.mark.parametrize("prefecture", sorted(PREFECTURE_CODES))
def test_codes_of_every_prefecture_accepted(prefecture: str) -> None:
    """A real-shaped code from each of Gansu's 14 prefectures is a valid national code."""
    code = PREFECTURE_CODES[prefecture]
    assert check_code(code) == (code, "national")
    region = divisions()[code[5:11]]
    assert region.prefecture[:4] == code[5:9]
    assert divisions()[region.prefecture].name == prefecture


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("２６０３－６２１０２２－０４－０１－１２３４５６", "2603-621022-04-01-123456"),
        ("2603–621022–04–01–123456", "2603-621022-04-01-123456"),  # en dashes
        ("2603—621022—04—01—123456", "2603-621022-04-01-123456"),  # em dashes
        ("2603−621022‑04-01-123456", "2603-621022-04-01-123456"),  # minus, non-breaking
        ("　2603 - 621022 - 04 - 01 - 123456　", "2603-621022-04-01-123456"),
        ("2603 621022 04 01 123456", "2603-621022-04-01-123456"),
        ("ｑｙ－２０２６－０００１", "QY-2026-0001"),
    ],
)
def test_typed_forms_normalised(typed: str, stored: str) -> None:
    """Full-width digits, dashes of every kind and spaces become the stored form."""
    assert normalize_code(typed) == stored
    assert check_code(typed, HUAN)[0] == stored


def test_older_year_form_accepted() -> None:
    """The older YYYY time code is accepted for a year the platform existed."""
    assert check_code("2019-621022-04-01-123456", HUAN)[1] == "national"
    assert check_code("2014-621022-04-01-123456", HUAN)[1] == "national"


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        ("2613-621022-04-01-123456", "月份 13 不在 01–12", "has month 13, not 01–12"),
        ("2600-621022-04-01-123456", "月份 00 不在 01–12", "has month 00, not 01–12"),
        ("0906-621022-04-01-123456", "表示 2009 年", "means 2009"),
        ("2603-621099-04-01-123456", "621099 不是现行行政区划代码", "621099 is not a current"),
        ("2603-620001-04-01-123456", "620001 不是甘肃省现行", "620001 is not a current"),
        ("2603-610102-04-01-123456", "不在甘肃省", "is not in Gansu"),
        ("2603-620824-04-01-123456", "620824 不是现行", "620824 is not a current"),
    ],
)
def test_bad_time_or_region_refused(code: str, zh: str, en: str) -> None:
    """A wrong month, year or region is named, and the right shape is shown in zh and en."""
    with pytest.raises(ProjectCodeError) as caught:
        check_code(code)
    assert zh in caught.value.render("zh")
    assert "正确的写法：YYMM-RRRRRR-DD-TT-NNNNNN" in caught.value.render("zh")
    assert en in caught.value.render("en")
    assert "the right shape: YYMM-RRRRRR-DD-TT-NNNNNN" in caught.value.render("en")


def test_bad_month_shows_corrected_example() -> None:
    """The example in the refusal is the user's code with a valid month."""
    with pytest.raises(ProjectCodeError) as caught:
        check_code("2613-621022-04-01-123456")
    assert "e.g. 2601-621022-04-01-123456" in caught.value.render("en")


def test_unknown_county_lists_prefecture() -> None:
    """An unknown code inside a prefecture lists that prefecture's counties."""
    with pytest.raises(ProjectCodeError) as caught:
        check_code("2603-621099-04-01-123456")
    assert "621000 庆阳市的县级区划为：621002、621021" in caught.value.render("zh")


def test_bad_shape_refused_with_both_forms() -> None:
    """A code of neither form is refused, shown as typed, with both accepted forms."""
    with pytest.raises(ProjectCodeError) as caught:
        check_code("2603-62102-04-01-123456")
    message = caught.value.render("en")
    assert "'2603-62102-04-01-123456' is wrong: it is neither a national" in message
    assert "QY-2026-0001" in message


def test_region_of_another_county_refused() -> None:
    """A 兰州 code for a project landing in 环县 is refused, with the unit's own code shown."""
    with pytest.raises(ProjectCodeError) as caught:
        check_code("2603-620102-04-01-123456", HUAN)
    zh = caught.value.render("zh")
    assert "620102 城关区 与落地单位「环县」不一致，该单位的项目应使用：621022" in zh
    assert "如 2603-621022-04-01-123456" in zh
    en = caught.value.render("en")
    assert "620102 Chengguan District does not belong to the landing unit '环县'" in en


@pytest.mark.parametrize("scope", ["county", "city", "province"])
def test_city_and_province_codes_follow_scope(scope: str) -> None:
    """City- and province-level codes pass only when the unit's scope allows them."""
    rule = RegionRule("环县", "621022", scope, ("621000",))
    for code, needs in (
        ("2603-621000-04-01-123456", ("city", "province")),
        ("2603-620000-04-01-123456", ("province",)),
    ):
        if scope in needs:
            assert check_code(code, rule)[1] == "national"
        else:
            with pytest.raises(ProjectCodeError) as caught:
                check_code(code, rule)
            assert "[codes.region_scope]" in caught.value.render("en")


def test_unit_without_division_uses_home_prefecture() -> None:
    """A park (no division code) accepts its city's counties and the city code, nothing else."""
    park = RegionRule("庆阳经济技术开发区", None, "city", ("621000",))
    assert check_code("2603-621000-04-01-123456", park)[1] == "national"
    assert check_code("2603-621002-04-01-123456", park)[1] == "national"
    with pytest.raises(ProjectCodeError):
        check_code("2603-620102-04-01-123456", park)
    with pytest.raises(ProjectCodeError):
        check_code("2603-621000-04-01-123456", RegionRule("园区", None, "county", ("621000",)))


def test_home_prefectures_from_unit_codes() -> None:
    """The office's prefectures come from its county units' division codes."""
    assert home_prefectures(["621022", "621002", "QY-P1", None, "620102"]) == ("620100", "621000")


def test_region_scope_config(tmp_path: Path) -> None:
    """[codes.region_scope] is read from qy-landing.toml; a bad scope names the choices."""
    good = tmp_path / "good.toml"
    good.write_text('[codes.region_scope]\n"环县" = "city"\n', encoding="utf-8")
    assert load_config(good, environ={}).region_scopes == {"环县": "city"}
    bad = tmp_path / "bad.toml"
    bad.write_text('[codes.region_scope]\n"环县" = "town"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(bad, environ={})
    assert "county, city, province" in caught.value.render("en")


def test_register_checks_region_against_unit(ctx: Context) -> None:
    """Registering a 环县 project with a 兰州 region code fails; nothing is written."""
    with pytest.raises(ProjectCodeError) as caught:
        builders.project(ctx, code="2603-620102-04-01-123456")
    assert "与落地单位「环县」不一致" in caught.value.render("zh")
    from qy_landing.services import projects

    assert projects.list_projects(ctx) == []
    project = builders.project(ctx, code="２６０３－６２１０２２－０４－０１－１２３４５６")
    assert project.code == "2603-621022-04-01-123456"


def test_register_city_code_allowed_by_config(ctx: Context, tmp_path: Path) -> None:
    """An office that allows city-level codes for 环县 can register one."""
    settings = tmp_path / "qy-landing.toml"
    settings.write_text('[codes.region_scope]\n"环县" = "city"\n', encoding="utf-8")
    ctx.config = load_config(settings, environ={})
    assert builders.project(ctx, code="2603-621000-04-01-123456").code_kind == "national"
