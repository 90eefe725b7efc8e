"""The streamed table writer: layout from the first rows, priorities, whole codes and dates."""

from __future__ import annotations

import io

import pytest

from qy_landing.cli.stream_table import Col, StreamTable, fold, plan, print_rows
from qy_landing.i18n import display_width
from tests.snapshot import assert_snapshot

COLUMNS = [
    Col("项目", 0, 24),
    Col("单位", 1, 0, 18),
    Col("亿元", 0, 0, 8, right=True),
    Col("状态", 0, 0, 16),
    Col("产业链", 3),
    Col("签约日期", 2),
    Col("最近进展", 3),
]
ROW = [
    "2511-621022-04-01-971620\n庆阳数据中心集群二期配套光伏储能一体化示范项目",
    "庆阳经济技术开发区",
    "12.5",
    [("在办", ""), ("3 项手续未办结", "dim")],
    "数字经济",
    "2026-05-06",
    "2026-10-01",
]


def render(width: int, *, wide: bool = False) -> str:
    layout = plan(COLUMNS, [ROW], width, wide=wide)
    out = io.StringIO()
    table = StreamTable(out, COLUMNS, layout, colour=False)
    table.head()
    table.row(ROW)
    table.end()
    return out.getvalue()


def test_at_80_columns_low_priority_columns_hide_and_codes_stay_whole():
    """80 columns: chain and last progress hide; code and date on one line each; fits."""
    layout = plan(COLUMNS, [ROW], 80, wide=False)
    assert layout.hidden == ["产业链", "最近进展"]
    text = render(80)
    assert max(display_width(line) for line in text.splitlines()) <= 80
    assert "│ 2511-621022-04-01-971620" in text and "│ 2026-05-06 │" in text


@pytest.mark.parametrize("columns", [80, 120])
def test_snapshots_at_80_and_120_columns(columns):
    """The whole table as a person sees it: at 80 two columns hide, at 120 none."""
    assert_snapshot(f"stream_table_{columns}", render(columns))


def test_wide_shows_every_column_whatever_the_terminal():
    """--wide: nothing hidden even at 60 columns; each column at its natural width."""
    layout = plan(COLUMNS, [ROW], 60, wide=True)
    assert layout.hidden == [] and len(layout.shown) == len(COLUMNS)
    assert "│ 庆阳经济技术开发区 │" in render(60, wide=True)


def test_a_terminal_too_narrow_keeps_the_columns_that_never_hide():
    """At 40 columns only priority-0 columns remain; the code still is not split."""
    layout = plan(COLUMNS, [ROW], 40, wide=False)
    assert [COLUMNS[i].header for i in layout.shown] == ["项目", "亿元", "状态"]
    assert "2511-621022-04-01-971620" in render(40)


def test_fold_breaks_chinese_between_characters_and_never_before_a_closing_mark():
    """、 and ） never start a line; an English word stays whole; a date is not split."""
    lines = fold("环境影响评价（报告表）、水土保持方案、社会稳定风险评估", 10)
    assert all(display_width(line) <= 10 for line in lines)
    assert not any(line.startswith(("、", "）")) for line in lines)
    assert fold("overdue:procedure:1234:2026-10-31 hello world", 12) == [
        "overdue:proc",
        "edure:1234:",
        "2026-10-31",
        "hello world",
    ]


def test_control_characters_in_data_are_shown_not_sent():
    """An escape character in a name prints as ␛, never as a terminal control."""
    columns = [Col("名称")]
    out = io.StringIO()
    table = StreamTable(out, columns, plan(columns, [["a\x1b[2Jb"]], 80, wide=False), colour=False)
    table.row(["a\x1b[2Jb"])
    assert "\x1b" not in out.getvalue() and "a␛[2Jb" in out.getvalue()


def test_rows_print_as_a_table_or_the_empty_line(capsys):
    """No rows prints the empty message; rows print a table and count them."""
    assert print_rows(["A"], [], empty="nothing here") == 0
    assert capsys.readouterr().out.strip() == "nothing here"
    assert print_rows(["Code", "Name"], [["X1", "环县"], ["X2", "西峰区"]], empty="-") == 2
    printed = capsys.readouterr().out
    assert "X1" in printed and "西峰区" in printed


def test_rows_with_only_rich_renderables_are_drawn_by_rich(capsys):
    """A cell with several styles in one line falls back to rich's table; same text."""
    from rich.text import Text

    cell = Text("红")
    cell.append("黑", style="bold")
    assert print_rows(["A"], [[cell]], empty="-") == 1
    assert "红黑" in capsys.readouterr().out


def test_rows_written_in_batches_read_as_the_general_layout_draws_them():
    """Long lists write rows a batch at a time from remembered cells: the text is the
    general layout's, row for row (folded names, styled lines, controls, tall cells)."""
    rows = [
        ROW,
        ["AB-2026-001\n华润装机100MW风机装备制造项目", "环县", "3", (("已签约", ""),), "", "", ""],
        ["AB-2026-002\nname\x1b[31m red", None, "0.5", "", "新能源", "2026-01-03", "2026-01-04"],
        [ROW[0], ROW[1], "7", [("在办", "")] * 14, "", "2026-05-06", ""],  # taller than TALL
        ROW,
    ]
    for width in (60, 80, 120):
        layout = plan(COLUMNS, rows, width, wide=False)
        general, batched = io.StringIO(), io.StringIO()
        table = StreamTable(general, COLUMNS, layout, colour=False)
        for row in rows:
            general.write(table._cells(row, "│") + "\n")
        StreamTable(batched, COLUMNS, layout, colour=False).rows(
            [[tuple(c) if isinstance(c, list) else c for c in row] for row in rows]
        )
        assert batched.getvalue() == general.getvalue()
        assert "␛[31m" in batched.getvalue()


def test_an_email_address_is_never_split():
    """An address wider than its share of the line keeps one line; another column gives way."""
    columns = [Col("姓名"), Col("联系方式"), Col("备注", 1)]
    row = ["张伟", "zhangwei.investment@huanxian.gov.example", "分管招商引资、项目落地" * 3]
    layout = plan(columns, [row], 60, wide=False)
    out = io.StringIO()
    table = StreamTable(out, columns, layout, colour=False)
    table.row(row)
    assert "zhangwei.investment@huanxian.gov.example" in out.getvalue()
    assert max(display_width(line) for line in out.getvalue().splitlines()) <= 60


def test_a_reminder_key_is_never_split():
    """A reminder's key (kind:id:period…) stays on one line, as a project code does; a
    narrower table hides the key's column instead of breaking it."""
    columns = [Col("提醒", 3), Col("接收人", 0, 0, 20), Col("标题", 0, 30)]
    keys = ["monthly:2:2026-10", "overdue:12345:2026-10-09:1:678"]
    title = "10 月一对一调度提醒：请于月底前报送项目进展" * 2
    rows = [[key, "张伟（环县）", title] for key in keys]
    for width, shown in ((100, True), (60, False)):
        layout = plan(columns, rows, width, wide=False)
        out = io.StringIO()
        table = StreamTable(out, columns, layout, colour=False)
        for row in rows:
            table.row(row)
        printed = out.getvalue()
        assert all((key in printed) == shown for key in keys), printed
        assert "monthly:2:2" not in printed or "monthly:2:2026-10" in printed


def test_rich_drawn_rows_hide_columns_by_priority_and_name_them(capsys, monkeypatch):
    """A table only rich can draw still hides its lowest-priority column at 40 columns."""
    from rich.text import Text

    monkeypatch.setenv("COLUMNS", "40")
    cell = Text("红")
    cell.append("黑", style="bold")
    rows = [[cell, "2511-621022-04-01-971620", "一段很长的说明文字" * 2]]
    assert print_rows(["A", "代码", "说明"], rows, empty="-", priorities=(0, 0, 1)) == 1
    printed = capsys.readouterr().out
    assert "2511-621022-04-01-971620" in printed and "说明" not in printed.split("\n")[1]
    assert "--wide" in printed.splitlines()[-1]


def test_rich_drawn_rows_with_wide_show_every_column(capsys, monkeypatch):
    """--wide on a rich-drawn table: every column, no line naming hidden ones."""
    from rich.text import Text

    monkeypatch.setenv("COLUMNS", "40")
    cell = Text("红")
    cell.append("黑", style="bold")
    rows = [[cell, "2511-621022-04-01-971620", "一段很长的说明文字" * 2]]
    print_rows(["A", "代码", "说明"], rows, empty="-", priorities=(0, 0, 1), wide=True)
    printed = capsys.readouterr().out
    assert "一段很长的说明文字一段很长的说明文字" in printed and "--wide" not in printed


def test_rows_print_when_standard_output_is_a_string_buffer():
    """With sys.stdout swapped for an in-memory buffer (a program calling the CLI, a
    notebook) the rows are written to it, not lost in an internal error."""
    import contextlib

    from qy_landing.cli.stream_table import print_stream

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        count = print_stream(COLUMNS, [ROW, ROW], empty="-")
    assert count == 2
    assert buffer.getvalue().count("2511-621022-04-01-971620") == 2
