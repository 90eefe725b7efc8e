"""Importing units of every kind from a sheet, all or nothing."""

from __future__ import annotations

import pytest

from qy_landing.errors import ImportRejectedError
from qy_landing.services.unit_import import import_units
from qy_landing.services.units import list_units


def test_import_units_of_every_kind(ctx, tmp_path):
    """A GBK CSV of departments, enterprises and offices; a seeded county is unchanged."""
    path = tmp_path / "units.csv"
    path.write_text(
        "单位名称,单位类别,单位代码,英文名称\n"
        "市发展和改革委员会,市直部门,QY-D5,City Development and Reform Commission\n"
        "庆阳能源化工集团有限公司,enterprise,QY-E1,\n"
        "庆阳市驻上海招商联络处,驻外招商机构,QY-O1,\n"
        "环县,县区,621022,\n",
        encoding="gb18030",
    )
    result = import_units(ctx, path)
    assert result.created == [
        "市发展和改革委员会",
        "庆阳能源化工集团有限公司",
        "庆阳市驻上海招商联络处",
    ]
    assert result.unchanged == ["环县"]
    kinds = {u.name: u.kind for u in list_units(ctx)}
    assert kinds["庆阳能源化工集团有限公司"] == "enterprise"
    assert kinds["庆阳市驻上海招商联络处"] == "office"


def test_import_reports_every_bad_row(ctx, tmp_path):
    """Missing kind, unknown kind, a name twice, a code another unit has: nothing written."""
    path = tmp_path / "units.csv"
    path.write_text(
        "单位名称,单位类别,单位代码\n"
        "市商务局,,\n"
        "市文旅局,月球基地,\n"
        "市商务局,department,\n"
        "市财政局,department,621022\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejectedError) as caught:
        import_units(ctx, path)
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (2, "单位类别"),
        (3, "单位类别"),
        (4, "单位名称"),
        (5, "单位代码"),
    ]
    assert "unit code 621022 already belongs to 环县" in caught.value.render("en")
    assert "市财政局" not in {u.name for u in list_units(ctx)}
