"""A unit's progress sheet: its open procedures and problems, with a fingerprint per row."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from qy_landing.errors import NotFoundError
from qy_landing.reports.progress_sheet import export_progress, sheet_file_name
from qy_landing.services import problems, procedures
from tests.builders import CODE, approve, project


def test_sheet_lists_only_open_procedures_of_the_units_projects(ctx, tmp_path):
    """Approved procedures and other units' projects are left out; dates and overdue shown."""
    project(ctx)
    project(ctx, "2601-621021-04-01-654321", unit="庆城县")
    approve(ctx, CODE, "filing", date(2026, 9, 1))
    procedures.set_status(ctx, CODE, "soil_water", "submitted", on=date(2026, 9, 1))
    problems.open_problem(ctx, CODE, "用地指标不足", on=date(2026, 9, 2))
    (written,) = export_progress(ctx, unit="环县", output=tmp_path / "s.xlsx")
    assert written.month == "2026-10" and written.problems == 1
    sheet = load_workbook(written.path).worksheets[0]
    rows = [
        dict(zip([c.value for c in sheet[2]], [c.value for c in r], strict=True))
        for r in sheet[3 : sheet.max_row]
    ]
    assert {r["项目代码"] for r in rows} == {CODE}
    assert "项目备案" not in {r["手续"] for r in rows}
    water = next(r for r in rows if r["手续"] == "水土保持方案")
    assert water["当前状态"] == "已提交" and water["逾期天数"] > 0
    assert water["校验码"].startswith("p1|")


def test_all_units_writes_one_file_per_unit_named_by_unit_and_month(ctx, tmp_path):
    """--all-units: a file per unit in the folder, named 进度表-<unit>-<month>.xlsx."""
    project(ctx)
    written = export_progress(ctx, all_units=True, output=tmp_path)
    names = {w.path.name for w in written}
    assert "进度表-环县-2026-10.xlsx" in names
    assert all((tmp_path / n).is_file() for n in names)


def test_unknown_unit_is_refused_before_writing(ctx, tmp_path):
    """An unknown unit: a not-found error and no file."""
    with pytest.raises(NotFoundError):
        export_progress(ctx, unit="无此单位", output=tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_file_names_are_safe():
    """Slashes and spaces in a unit's name do not make folders."""
    assert sheet_file_name("市 发改/委", "2026-10") == "进度表-市_发改_委-2026-10.xlsx"
