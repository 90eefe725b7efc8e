"""``qy-landing export progress`` and ``import progress``: the round trip from the terminal."""

from __future__ import annotations

from openpyxl import load_workbook

from tests.builders import project


def _fill(path, status: str, when: str) -> None:
    book = load_workbook(path)
    sheet = book.worksheets[0]
    cols = {c.value: c.column for c in sheet[2]}  # row 1: the print title
    row = next(
        r for r in range(3, sheet.max_row + 1) if sheet.cell(r, cols["手续"]).value == "项目备案"
    )
    sheet.cell(row, cols["新状态"]).value = status
    sheet.cell(row, cols["办理日期"]).value = when
    book.save(path)


def test_export_then_import_shows_then_applies(cli, cli_ctx, tmp_path):
    """Without --apply the change is shown and not written; with --apply it is written."""
    project(cli_ctx)
    target = tmp_path / "环县.xlsx"
    result = cli("export", "progress", "--unit", "环县", "-o", str(target), lang="zh")
    assert result.exit_code == 0, result.stderr
    assert "环县" in result.stdout and target.is_file()
    _fill(target, "已提交", "2026-09-01")
    shown = cli("import", "progress", str(target), lang="zh", columns=160)
    assert shown.exit_code == 0, shown.stderr
    assert "待办 → 已提交" in shown.stdout and "--apply" in shown.stdout
    applied = cli("import", "progress", str(target), "--apply", lang="zh", columns=160)
    assert applied.exit_code == 0, applied.stderr
    assert "已写入 1 项变更" in applied.stdout
    again = cli("import", "progress", str(target), "--apply", lang="zh")
    assert "没有要写入的变更" in again.stdout


def test_a_bad_row_is_named_and_the_exit_code_is_not_zero(cli, cli_ctx, tmp_path):
    """A forbidden status change: the row is listed, nothing written, exit code 1."""
    project(cli_ctx)
    target = tmp_path / "s.xlsx"
    cli("export", "progress", "--unit", "环县", "-o", str(target), lang="zh")
    _fill(target, "已批复", "2026-09-01")
    result = cli("import", "progress", str(target), "--apply", lang="en", columns=160)
    assert result.exit_code == 1
    assert "pending" in result.stdout + result.stderr


def test_unit_or_all_units_is_required(cli):
    """Neither --unit nor --all-units: one line saying what to give."""
    result = cli("export", "progress", lang="en")
    assert result.exit_code != 0
    assert "--all-units" in result.stderr
