"""Responsible units: the seeded counties and parks, plus the office's own departments."""

from __future__ import annotations

import pytest

from qy_landing.config import UnitKind
from qy_landing.errors import ChoiceError, DuplicateError, InvalidValueError
from qy_landing.services import units
from qy_landing.services.units import add_unit


def test_units_without_code_can_be_added_one_after_another(ctx):
    """Two new units without a code do not clash with each other (only names and codes do)."""
    from qy_landing.errors import DuplicateError
    from qy_landing.services import units

    units.add_unit(ctx, "市招商促进中心", kind="office")
    units.add_unit(ctx, "市委督查室", kind="department")
    with pytest.raises(DuplicateError):
        units.add_unit(ctx, "市委督查室", kind="department")
    with pytest.raises(DuplicateError):
        units.add_unit(ctx, "新园区", code="621022", kind="park")


def test_the_seed_units_are_there(ctx):
    """An initialised database knows Qingyang's districts and counties with their codes."""
    seeded = {u.name: u for u in units.list_units(ctx)}
    assert {"西峰区", "庆城县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县"} <= set(
        seeded
    )
    assert seeded["环县"].code == "621022"


def test_a_department_is_added_and_listed_last(ctx):
    """A new unit keeps its kind and English name and comes after the seeded ones."""
    added = units.add_unit(ctx, " 市招商促进中心 ", kind="office", name_en="Investment Centre")
    listed = units.list_units(ctx)
    assert listed[-1].name == "市招商促进中心" == added.name
    assert (listed[-1].kind, listed[-1].name_en) == ("office", "Investment Centre")


def test_a_name_or_code_taken_is_refused(ctx):
    """Unit names and codes are unique; the error names the clash."""
    units.add_unit(ctx, "市委督查室", kind="department")
    count = len(units.list_units(ctx))
    with pytest.raises(DuplicateError) as caught:
        units.add_unit(ctx, "市委督查室", kind="department")
    assert "市委督查室" in caught.value.render("en")
    with pytest.raises(DuplicateError) as caught:
        units.add_unit(ctx, "新园区", code="621022", kind="park")
    assert "621022" in caught.value.render("en")
    assert len(units.list_units(ctx)) == count


def test_unknown_kind_and_empty_name_are_refused(ctx):
    """The kind is one of the fixed unit kinds; a name is required."""
    with pytest.raises(ChoiceError) as caught:
        units.add_unit(ctx, "某局", kind="club")
    assert "department" in caught.value.render("en")
    with pytest.raises(InvalidValueError):
        units.add_unit(ctx, "   ")


def test_kinds_the_office_adds(ctx):
    """A kind from [units.kinds] is accepted by key or name; unknown kinds list the allowed."""
    extra = (UnitKind("university", "高等院校", "university"),)
    unit = add_unit(ctx, "陇东学院", kind="高等院校", kinds=extra)
    assert unit.kind == "university"
    with pytest.raises(ChoiceError) as caught:
        add_unit(ctx, "某单位", kind="moon", kinds=extra)
    assert "university (高等院校)" in caught.value.render("en")
