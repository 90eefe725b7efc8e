"""Yearly targets: entered one by one, imported from the city's sheet all or nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import Workbook

from qy_landing.errors import ImportRejectedError, InvalidValueError, NotFoundError
from qy_landing.services.targets import import_targets, indicator_key, list_targets, set_target


def sheet(path, rows):
    """An xlsx with a title row above the header, as the city hands it out."""
    book = Workbook()
    ws = book.active
    ws.append(["庆阳市2026年招商引资目标任务分解表"])
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_set_and_change_a_target(ctx):
    """A target is set, changed, and read back; built-in names work in Chinese."""
    set_target(ctx, "环县", "签约项目", 20, year=2026)
    record = set_target(ctx, "环县", "signed_count", 24, year=2026)
    assert (record.unit, record.indicator, record.value) == ("环县", "signed_count", Decimal(24))
    assert [(t.indicator, t.value) for t in list_targets(ctx, 2026)] == [
        ("signed_count", Decimal(24))
    ]


def test_own_indicator_carries_its_progress(ctx):
    """An indicator the office adds keeps its reported done value."""
    record = set_target(ctx, "西峰区", "走访企业", 500, year=2026, done=320)
    assert (record.indicator, record.value, record.done) == ("走访企业", 500, 320)
    assert indicator_key("省外到位资金") == "funds_out"
    assert indicator_key(" 走访企业 ") == "走访企业"


@pytest.mark.parametrize(
    ("indicator", "value", "done", "words"),
    [
        ("signed_count", "2.5", None, "a whole number not below 0"),
        ("signed_amount", "-1", None, "Invalid target '-1'"),
        ("signed_amount", "10", "3", "only for the office's own indicators"),
    ],
)
def test_bad_targets_are_refused(ctx, indicator, value, done, words):
    """A fractional count, a negative value, a done value on a measured indicator."""
    with pytest.raises(InvalidValueError) as caught:
        set_target(ctx, "环县", indicator, value, year=2026, done=done)
    assert words in caught.value.render("en")


def test_unknown_unit_lists_the_units(ctx):
    """A unit nobody knows is named with the known ones."""
    with pytest.raises(NotFoundError) as caught:
        set_target(ctx, "火星县", "signed_count", 1, year=2026)
    assert "火星县" in caught.value.render("en")


def test_import_the_city_sheet(ctx, tmp_path):
    """Title row and 合计 skipped, 序号 ignored, own indicators kept; re-import is a no-op."""
    path = sheet(
        tmp_path / "targets.xlsx",
        [
            [
                "序号",
                "单位",
                "签约项目(个)",
                "签约金额(亿元)",
                "开工项目(个)",
                "省外到位资金(亿元)",
                "走访企业",
            ],
            [1, "环县", 30, 120.5, 10, 80, 400],
            [2, "西峰区", 25, "90亿", 8, 60, None],
            ["合计", None, 55, 210.5, 18, 140, 400],
        ],
    )
    result = import_targets(ctx, path, year=2026)
    assert (result.rows, result.created, result.updated) == (2, 9, 0)
    assert result.indicators == [
        "signed_count",
        "signed_amount",
        "started_count",
        "funds_out",
        "走访企业",
    ]
    found = {(t.unit, t.indicator): t.value for t in list_targets(ctx, 2026)}
    assert found[("西峰区", "signed_amount")] == Decimal(90)
    assert found[("环县", "走访企业")] == Decimal(400)
    again = import_targets(ctx, path, year=2026)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 9)


def test_import_reports_every_bad_row_and_writes_nothing(ctx, tmp_path):
    """Unknown unit, bad number, fractional count, same unit twice: all listed, none written."""
    path = sheet(
        tmp_path / "bad.xlsx",
        [
            ["单位", "年度", "签约项目", "签约金额"],
            ["环县", 2026, 30, "很多"],
            ["火星县", 2026, 5, 1],
            ["西峰区", 2026, 2.5, 1],
            ["环县", 2026, 31, None],
            ["庆城县", "明年", 1, 1],
        ],
    )
    with pytest.raises(ImportRejectedError) as caught:
        import_targets(ctx, path)
    problems = [(p.row, p.column) for p in caught.value.problems]
    assert problems == [(3, "签约金额"), (4, "单位"), (5, "签约项目"), (6, "单位"), (7, "年度")]
    text = caught.value.render("en")
    assert "same unit and indicator as row 3" in text and "火星县" in text
    assert list_targets(ctx, 2026) == []


def test_dry_run_writes_nothing(ctx, tmp_path):
    """--dry-run checks and counts but writes nothing."""
    path = tmp_path / "t.csv"
    path.write_text("单位,开工项目\n环县,3\n", encoding="gb18030")
    result = import_targets(ctx, path, year=2026, dry_run=True)
    assert (result.created, result.dry_run) == (1, True)
    assert list_targets(ctx, 2026) == []
