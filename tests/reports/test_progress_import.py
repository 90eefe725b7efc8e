"""Progress sheets round trip: export → fill in → import (checked, shown, applied all or none)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qy_landing.errors import ImportRejectedError
from qy_landing.reports.progress_import import import_progress
from qy_landing.reports.progress_sheet import export_progress
from qy_landing.services import problems, procedures, projects
from tests.builders import CODE, project

OTHER = "2601-621021-04-01-654321"


def _columns(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[2]}  # row 1: the print title


def _row_of(sheet, step_name: str, code: str = CODE) -> int:
    cols = _columns(sheet)
    for row in range(3, sheet.max_row + 1):
        if (
            sheet.cell(row, cols["手续"]).value == step_name
            and sheet.cell(row, cols["项目代码"]).value == code
        ):
            return row
    raise AssertionError(step_name)


def _fill(path: Path, cells: dict[tuple[str, str], dict[str, object]]) -> None:
    """Fill in the sheet like a unit would: (code, step name) -> {header: value}."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    cols = _columns(sheet)
    for (code, step), values in cells.items():
        row = _row_of(sheet, step, code)
        for name, value in values.items():
            sheet.cell(row, cols[name]).value = value
    book.save(path)


def _export(ctx, tmp_path: Path, unit: str = "环县") -> Path:
    written = export_progress(ctx, unit=unit, output=tmp_path / "sheet.xlsx")
    assert written[0].path is not None
    return written[0].path


def _status(ctx, code: str, step: str) -> str:
    return next(p.status for p in procedures.list_procedures(ctx, code) if p.step == step)


def test_round_trip_applies_the_filled_in_rows_once(ctx, tmp_path):
    """Filled rows are shown, written only with apply, audited; re-import changes nothing."""
    project(ctx)
    path = _export(ctx, tmp_path)
    _fill(
        path,
        {
            (CODE, "项目备案"): {
                "新状态": "已提交",
                "办理日期": date(2026, 9, 1),
                "备注": "已报送",
            },
        },
    )
    shown = import_progress(ctx, [path])
    assert [(c.code, c.old, c.new, c.on) for c in shown.changes] == [
        (CODE, "pending", "submitted", date(2026, 9, 1))
    ]
    assert not shown.applied and _status(ctx, CODE, "filing") == "pending"
    done = import_progress(ctx, [path], apply=True)
    assert done.applied and _status(ctx, CODE, "filing") == "submitted"
    event = projects.history(ctx, CODE)[-1]
    assert (event.action, event.new) == ("procedure", "submitted")
    assert "进度表" in (event.note or "") and "2026-10" in (event.note or "")
    again = import_progress(ctx, [path], apply=True)
    assert (again.changes, again.already_applied) == ([], 1)


def test_sheet_has_drop_downs_protection_hidden_ref_and_print_setup(ctx, tmp_path):
    """The status cells offer the allowed next statuses; the ref column is hidden; A4 landscape."""
    project(ctx)
    book = load_workbook(_export(ctx, tmp_path))
    sheet = book.worksheets[0]
    assert sheet.protection.sheet
    lists = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert '"已提交,不适用"' in lists
    ref_letter = sheet.cell(2, sheet.max_column).column_letter
    assert sheet.cell(2, sheet.max_column).value == "校验码"
    assert sheet.column_dimensions[ref_letter].hidden
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.print_title_rows == "$1:$2"
    assert sheet["A1"].value.startswith("项目进度表 · 手续进度  环县  截至 2026-10-")
    assert "&P" in sheet.oddFooter.right.text
    assert book.worksheets[1].title == "存在问题"


def test_a_change_made_in_the_office_since_the_export_is_a_conflict(ctx, tmp_path):
    """The office moved the procedure after the export: the row is a conflict, nothing written."""
    project(ctx)
    path = _export(ctx, tmp_path)
    procedures.set_status(ctx, CODE, "filing", "submitted", on=date(2026, 9, 2))
    _fill(path, {(CODE, "项目备案"): {"新状态": "不适用", "办理日期": date(2026, 9, 3)}})
    with pytest.raises(ImportRejectedError) as caught:
        import_progress(ctx, [path], apply=True)
    problem = caught.value.problems[0]
    assert problem.row == 3 and "冲突" in problem.localize("zh")
    assert _status(ctx, CODE, "filing") == "submitted"


def test_bad_rows_are_listed_with_their_row_numbers_and_nothing_is_written(ctx, tmp_path):
    """A forbidden transition and a date before signing: each named by its row; nothing written."""
    project(ctx)
    path = _export(ctx, tmp_path)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    filing, eia = _row_of(sheet, "项目备案"), _row_of(sheet, "水土保持方案")
    _fill(
        path,
        {
            (CODE, "项目备案"): {"新状态": "已批复", "办理日期": date(2026, 9, 1)},
            (CODE, "水土保持方案"): {"新状态": "已提交", "办理日期": date(2026, 6, 1)},
        },
    )
    with pytest.raises(ImportRejectedError) as caught:
        import_progress(ctx, [path], apply=True)
    rows = sorted(p.row for p in caught.value.problems)
    assert rows == sorted([filing, eia])
    messages = " ".join(p.localize("zh") for p in caught.value.problems)
    assert "签约" in messages
    assert _status(ctx, CODE, "filing") == "pending"


def test_a_row_of_another_units_project_is_refused(ctx, tmp_path):
    """A row pasted from another unit's sheet names its row and the other unit."""
    project(ctx)
    project(ctx, OTHER, unit="庆城县")
    mine = _export(ctx, tmp_path)
    theirs = export_progress(ctx, unit="庆城县", output=tmp_path / "other.xlsx")[0].path
    assert theirs is not None
    other_book = load_workbook(theirs)
    other_row = [c.value for c in other_book.worksheets[0][3]]
    book = load_workbook(mine)
    sheet = book.worksheets[0]
    cols = _columns(sheet)
    target = sheet.max_row + 1
    for index, value in enumerate(other_row, start=1):
        sheet.cell(target, index).value = value
    sheet.cell(3, cols["新状态"]).value = "已提交"
    sheet.cell(target, cols["新状态"]).value = "已提交"
    book.save(mine)
    with pytest.raises(ImportRejectedError) as caught:
        import_progress(ctx, [mine], apply=True)
    assert [p.row for p in caught.value.problems] == [target]
    assert "庆城县" in caught.value.problems[0].localize("zh")
    assert _status(ctx, CODE, "filing") == "pending"


def test_problems_resolved_and_opened_from_the_sheet(ctx, tmp_path):
    """A problem marked 是 is resolved with its note; a new problem is opened once."""
    project(ctx)
    opened = problems.open_problem(ctx, CODE, "用地指标不足", on=date(2026, 8, 1))
    path = _export(ctx, tmp_path)
    book = load_workbook(path)
    sheet = book.worksheets[1]
    cols = _columns(sheet)
    sheet.cell(3, cols["已解决"]).value = "是"
    sheet.cell(3, cols["解决情况"]).value = "省厅已调剂指标"
    sheet.cell(3, cols["解决日期"]).value = date(2026, 10, 9)
    book.save(path)
    _fill(path, {(CODE, "项目备案"): {"新状态": "已提交", "新增问题": "电网接入未批"}})
    import_progress(ctx, [path], apply=True)
    found = {p.text: p for p in problems.list_problems(ctx, code=CODE)}
    assert found["用地指标不足"].resolution == "省厅已调剂指标"
    assert found["用地指标不足"].id == opened.id
    assert found["电网接入未批"].resolved_on is None
    again = import_progress(ctx, [path], apply=True)
    assert again.changes == []


def test_a_csv_copy_in_gbk_imports(ctx, tmp_path):
    """The sheet saved as CSV in GBK (Excel's 'CSV' on Chinese Windows) reads by header names."""
    project(ctx)
    book = load_workbook(_export(ctx, tmp_path))
    sheet = book.worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    headers = rows[1]  # after the print title, which the CSV copy keeps
    rows[2][headers.index("新状态")] = "已提交"
    rows[2][headers.index("办理日期")] = "2026/9/1"
    # columns in another order: read by name, not position
    order = list(reversed(range(len(headers))))
    target = tmp_path / "back.csv"
    with target.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow(["" if row[i] is None else row[i] for i in order])
    done = import_progress(ctx, [target], apply=True)
    assert len(done.changes) == 1
    assert _status(ctx, CODE, done_step(done)) == "submitted"


def done_step(done) -> str:
    return {"项目备案": "filing"}.get(done.changes[0].step, done.changes[0].step)


@pytest.mark.slow
def test_a_sheet_resaved_by_libreoffice_still_imports(ctx, tmp_path):
    """Opened and saved again by LibreOffice (new XML, shared strings): the round trip holds."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("soffice is required under CI")
        pytest.skip("soffice not installed")
    project(ctx)
    path = _export(ctx, tmp_path)
    _fill(path, {(CODE, "项目备案"): {"新状态": "已提交", "办理日期": date(2026, 9, 1)}})
    out = tmp_path / "lo"
    out.mkdir()
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "xlsx", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    done = import_progress(ctx, [out / path.name], apply=True)
    assert [c.new for c in done.changes] == ["submitted"]


def test_a_file_that_is_not_a_progress_sheet_is_refused(ctx, tmp_path):
    """A CSV without the ref column: one error naming the file, nothing read."""
    from qy_landing.errors import SheetNotRecognisedError

    other = tmp_path / "台账.csv"
    other.write_text("项目名称,投资方\n风电,某公司\n", encoding="utf-8")
    with pytest.raises(SheetNotRecognisedError):
        import_progress(ctx, [other])


def test_an_empty_returned_sheet_changes_nothing(ctx, tmp_path):
    """A unit with nothing open returns an empty sheet: no error, no change."""
    path = _export(ctx, tmp_path)
    assert import_progress(ctx, [path], apply=True).changes == []


def test_a_returned_csv_with_a_quote_never_closed_names_the_row(tmp_path):
    """Read back as CSV, a quote that never closes is said as such (zh, en), not a crash."""
    from qy_landing.errors import LedgerUnreadableError
    from qy_landing.reports.progress_import import read_sheet

    path = tmp_path / "进度表.csv"
    path.write_text('ref,项目代码,新状态\nQ1|1|2026-10|q1|pending|,"X,已受理\n', encoding="utf-8")
    with pytest.raises(LedgerUnreadableError) as caught:
        read_sheet(path)
    assert "第 2 行有一个以引号" in caught.value.render("zh")
    assert "a cell in row 2 opens with a quote" in caught.value.render("en")


def test_merged_status_cells_are_named_and_nothing_is_written(ctx, tmp_path):
    """新状态 merged over two rows to fill both at once: the lower cell is named as part of
    the merge (zh and en), and nothing is written, not even the top row."""
    project(ctx)
    path = _export(ctx, tmp_path)
    _fill(path, {(CODE, "项目备案"): {"新状态": "已提交", "办理日期": date(2026, 9, 1)}})
    book = load_workbook(path)
    sheet = book.worksheets[0]
    column = _columns(sheet)["新状态"]
    top = _row_of(sheet, "项目备案")
    sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
    book.save(path)
    with pytest.raises(ImportRejectedError) as caught:
        import_progress(ctx, [path], apply=True)
    [problem] = caught.value.problems
    letter = sheet.cell(top, column).column_letter
    assert (problem.row, problem.column) == (top + 1, "新状态")
    assert f"单元格 {letter}{top + 1} 在合并单元格 {letter}{top}:{letter}{top + 1} 中" in (
        problem.localize("zh")
    )
    assert "unmerge them and give each row its own value" in problem.localize("en")
    assert _status(ctx, CODE, "filing") == "pending"
