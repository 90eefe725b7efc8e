"""Importing the ledger (台账) from real .xlsx and CSV files: all or nothing, re-import safe."""

from __future__ import annotations

import csv
from contextlib import ExitStack
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from qy_landing.errors import (
    CellValueError,
    ImportRejectedError,
    LedgerDuplicateColumnError,
    LedgerFormatError,
    LedgerHeaderNotFoundError,
    LedgerMissingColumnsError,
    LedgerUnreadableError,
)
from qy_landing.ledger import (
    column_for,
    import_ledger,
    open_ledger,
    parse_amount,
    parse_date,
    parse_month_date,
    parse_number,
    parse_persons,
    parse_signing,
    parse_yes_no,
)
from qy_landing.services import people, projects
from tests.builders import HUAN_EN, after_each_write, person

ZH_HEADER = [
    "序号", "项目代码", "项目名称", "投资方", "落地县区", "产业链", "签约活动", "签约日期",
    "协议投资额（亿元）", "第一责任人", "直接责任人", "是否重大项目", "新增建设用地",
    "年综合能耗(吨标煤)", "建设内容", "存在问题",
]  # fmt: skip
EN_HEADER = [
    "Code", "Name", "Investor", "Unit", "Chain", "Signing event", "Signed on", "Amount",
    "Major", "New land", "Energy tce",
]  # fmt: skip
CODE1 = "2601-621022-04-01-123456"
CODE2 = "2601-621022-04-01-234567"
CODE3 = "2601-621027-04-01-345678"


def zh_row(number: int, code: str, **over: Any) -> list[Any]:
    values: dict[str, Any] = {
        "序号": number,
        "项目代码": code,
        "项目名称": f"环县 {number}00MW 风电项目",
        "投资方": "甘肃某新能源有限公司",
        "落地县区": "环县",
        "产业链": "综合能源",
        "签约活动": "第三十届兰洽会",
        "签约日期": "2026-07-10",
        "协议投资额（亿元）": "12.5",
        "第一责任人": "",
        "直接责任人": "",
        "是否重大项目": "否",
        "新增建设用地": "",
        "年综合能耗(吨标煤)": "",
        "建设内容": "风机 40 台",
        "存在问题": "用地指标待落实",
    }
    aliases = {"金额": "协议投资额（亿元）", "能耗": "年综合能耗(吨标煤)"}
    values.update({aliases.get(k, k): v for k, v in over.items()})
    return [values[h] for h in ZH_HEADER]


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8-sig", **fmt: Any) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, **fmt).writerows(rows)
    return path


def write_xlsx(
    path: Path, rows: list[list[Any]], *, title: str | None = None, cover: bool = False
) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    if cover:  # a first sheet with notes only: the ledger is on the second
        sheet.title = "填表说明"
        sheet.append(["请按要求填写本台账"])
        sheet = workbook.create_sheet("项目台账")
    else:
        sheet.title = "项目台账"
    if title:
        sheet.append([title])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def codes(ctx: Any) -> list[str]:
    return sorted(p.code for p in projects.list_projects(ctx))


# --- reading cells (no database) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["2026-07-10", "2026/7/10", "2026.7.10", "2026年7月10日", "20260710", " 2026-07-10 00:00:00",
     "２０２６年７月１０日", 20260710, datetime(2026, 7, 10, 0, 0), date(2026, 7, 10), 46213],
)  # fmt: skip
def test_dates_in_every_form_a_ledger_uses(raw: Any) -> None:
    """Excel dates, ISO, slashes, dots, 年月日, compact and full-width digits read alike."""
    assert parse_date(raw) == date(2026, 7, 10)


DATE_FORMS = ("{:%Y-%m-%d}", "{0.year}/{0.month}/{0.day}", "{0.year}.{0.month}.{0.day}",
              "{0.year}年{0.month}月{0.day}日", "{:%Y%m%d}")  # fmt: skip


@given(st.dates(date(1990, 1, 1), date(2099, 12, 31)), st.sampled_from(DATE_FORMS))
def test_any_date_written_in_an_accepted_form_reads_back(day: date, form: str) -> None:
    """Every accepted form of every date reads back as that date."""
    assert parse_date(form.format(day)) == day


@given(st.decimals(min_value=0, max_value=10**6, places=4), st.sampled_from(["", "亿", "亿元"]))
def test_any_amount_with_separators_and_unit_reads_back(amount: Decimal, unit: str) -> None:
    """Amounts up to 4 decimals read back exactly, with thousands separators and 亿."""
    assert parse_amount(f"{amount:,f}{unit}") == amount


@pytest.mark.parametrize("raw", ["2026-13-01", "2026-02-30", "7月10日", "下月", "2026"])
def test_bad_dates_say_the_accepted_forms(raw: str) -> None:
    """An impossible or incomplete date names the forms that are accepted."""
    with pytest.raises(CellValueError) as caught:
        parse_date(raw)
    assert "2026年10月5日" in caught.value.reason.render("zh")
    assert "20261005" in caught.value.reason.render("en")


def test_planned_start_may_be_a_month() -> None:
    """计划开工 may be written as a month; it reads as the month's first day."""
    assert parse_month_date("2026年11月") == date(2026, 11, 1)
    assert parse_month_date("2026-11") == date(2026, 11, 1)
    assert parse_month_date("2026/11/20") == date(2026, 11, 20)
    with pytest.raises(CellValueError):
        parse_month_date("四季度")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("是", True), ("√", True), ("Y", True), ("yes", True), ("1", True), ("TRUE", True),
     (True, True), (1, True), ("否", False), ("N", False), ("no", False), ("0", False),
     ("false", False), ("×", False), ("无", False), (None, False), ("", False)],
)  # fmt: skip
def test_yes_no_forms(raw: Any, expected: bool) -> None:
    """是/否, √, Y/N, yes/no, 1/0, true/false are read; an empty cell means no."""
    assert parse_yes_no(raw) is expected


def test_an_unclear_yes_no_is_refused() -> None:
    """'maybe' is neither yes nor no."""
    with pytest.raises(CellValueError):
        parse_yes_no("待定")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12.5", "12.5"), ("12.50亿", "12.5"), ("1,234.5", "1234.5"), ("12.5亿元", "12.5"),
     ("5000万元", "0.5"), ("１２.５", "12.5"), (12.5, "12.5"), (0.1 + 0.2, "0.3"), (3, "3")],
)  # fmt: skip
def test_amounts_in_yi_yuan(raw: Any, expected: str) -> None:
    """Amounts read with thousands separators, 亿/万 units and Excel float noise."""
    assert parse_amount(raw) == Decimal(expected)


@pytest.mark.parametrize(
    "raw", ["abc", "-1", "1.23456", "12.5美元", True, "1e30", 1e30, "12345678901234567890"]
)
def test_bad_amounts_are_refused(raw: Any) -> None:
    """Negative, over-precise, unreadable or absurdly large amounts name the form and range."""
    with pytest.raises(CellValueError) as caught:
        parse_amount(raw)
    assert "0 至 1000000 亿元" in caught.value.reason.render("zh")
    assert "5,000万元" in caught.value.reason.render("en")


def test_energy_use_accepts_separators_and_units() -> None:
    """年综合能耗 reads 12,000, 1.2万 and 12000吨标煤 as the same quantity."""
    assert parse_number("12,000") == parse_number("1.2万") == parse_number("12000吨标煤") == 12000
    with pytest.raises(CellValueError):
        parse_number("-5")


def test_several_persons_in_one_cell() -> None:
    """Names separated by 、，, ; / or spaces; titles in brackets are dropped."""
    assert parse_persons("张伟、李娜，王强;赵敏/刘洋 陈静") == (
        "张伟", "李娜", "王强", "赵敏", "刘洋", "陈静",
    )  # fmt: skip
    assert parse_persons("李明（县委副书记、县长）, 张伟@环县") == ("李明", "张伟@环县")


def test_combined_signing_column_splits_event_and_date() -> None:
    """'签约活动/时间' cells carry both the event and the date."""
    assert parse_signing("第三十届兰洽会（2026.7.10）") == ("第三十届兰洽会", date(2026, 7, 10))
    assert parse_signing("2026年7月10日 兰洽会") == ("兰洽会", date(2026, 7, 10))
    assert parse_signing(datetime(2026, 7, 10)) == (None, date(2026, 7, 10))
    with pytest.raises(CellValueError):
        parse_signing("第三十届兰洽会")


@pytest.mark.parametrize(
    ("header", "field"),
    [("协议投资额（亿元）", "amount"), ("协议投资额 (亿元)", "amount"), (" 项目 名称 ", "name"),
     ("投资主体", "investor"), ("责任单位", "unit"), ("签约时间", "signed_on"),
     ("Signed On", "signed_on"), ("signed_on", "signed_on"),
     ("First responsible", "first_responsible"),
     ("年综合能耗（吨标煤）", "energy_tce"), ("*项目代码", "code")],
)  # fmt: skip
def test_headers_match_in_chinese_and_english(header: str, field: str) -> None:
    """Headers match regardless of spaces, full-width brackets, case and required marks."""
    column = column_for(header)
    assert column is not None
    assert column.field == field


def test_unknown_and_wrong_unit_headers_are_not_taken() -> None:
    """序号 and 存在问题 are ignored; 协议投资额（万元） is not mistaken for 亿元."""
    assert column_for("序号") is None
    assert column_for("存在问题") is None
    assert column_for("协议投资额（万元）") is None


def test_rows_are_read_with_their_file_row_numbers(tmp_path: Path) -> None:
    """Title rows, blank rows, section titles and 合计 lines keep row numbers true."""
    path = write_csv(tmp_path / "台账.csv", [
        ["环县2026年招商引资项目落地台账"],
        ZH_HEADER,
        ["一、新能源项目"],
        zh_row(1, CODE1),
        [],
        zh_row(2, CODE2),
        ["合计", "", "", "", "", "", "", "", "25"],
    ])  # fmt: skip
    with ExitStack() as stack:
        ledger = open_ledger(path, stack)
        rows = list(ledger.rows())
    assert ledger.header_row == 2
    assert [(r.row, r.item.code) for r in rows] == [(4, CODE1), (6, CODE2)]
    assert ledger.skipped_rows == [3, 7]
    assert ledger.ignored_columns == ["序号", "存在问题"]
    first = rows[0].item
    assert (first.chain, first.amount, first.signed_on) == (
        "energy",
        Decimal("12.5"),
        date(2026, 7, 10),
    )


def test_xlsx_row_numbers_survive_blank_rows(tmp_path: Path) -> None:
    """Blank sheet rows are skipped and later rows keep their sheet row numbers."""
    path = write_xlsx(tmp_path / "gap.xlsx", [
        ZH_HEADER, zh_row(1, CODE1), [], [], zh_row(2, CODE2, 签约日期="2026年7月32日"),
    ])  # fmt: skip
    with ExitStack() as stack:
        rows = list(open_ledger(path, stack).rows())
    assert [r.row for r in rows] == [2, 5]
    assert [(p.row, p.column) for p in rows[1].problems] == [(5, "签约日期")]


def test_a_cell_with_line_breaks_is_one_row(tmp_path: Path) -> None:
    """Row numbers count records, as a spreadsheet shows them, not text lines."""
    path = write_csv(tmp_path / "l.csv", [
        ZH_HEADER,
        zh_row(1, CODE1, 建设内容="风机 40 台\n升压站 1 座"),
        zh_row(2, CODE2, 签约日期="2026-02-30"),
    ])  # fmt: skip
    with ExitStack() as stack:
        rows = list(open_ledger(path, stack).rows())
    assert rows[0].item.description == "风机 40 台\n升压站 1 座"
    assert [(p.row, p.column) for p in rows[1].problems] == [(3, "签约日期")]


def test_tab_separated_text_is_read(tmp_path: Path) -> None:
    """Excel's 'text (tab delimited)' export is read like a CSV."""
    path = write_csv(tmp_path / "t.tsv", [ZH_HEADER, zh_row(1, CODE1)], delimiter="\t")
    with ExitStack() as stack:
        assert [r.item.code for r in open_ledger(path, stack).rows()] == [CODE1]


# --- file-level errors ---------------------------------------------------------------------------


def test_missing_required_columns_are_named_with_the_accepted_headers(tmp_path: Path) -> None:
    """Without 产业链 and 签约日期 the error names both and the headers accepted for them."""
    header = [h for h in ZH_HEADER if h not in ("产业链", "签约日期")]
    path = write_csv(tmp_path / "缺列.csv", [header])
    with ExitStack() as stack, pytest.raises(LedgerMissingColumnsError) as caught:
        open_ledger(path, stack)
    assert caught.value.missing == ["chain", "signed_on"]
    zh, en = caught.value.render("zh"), caught.value.render("en")
    assert "缺少必需的列：产业链、签约日期" in zh and "签约时间" in zh
    assert "industry chain, signing date" in en and "signed on" in en


def test_two_columns_for_one_field_are_refused(tmp_path: Path) -> None:
    """投资方 and 投资主体 in one header would be ambiguous."""
    path = write_csv(tmp_path / "d.csv", [[*ZH_HEADER, "投资主体"]])
    with ExitStack() as stack, pytest.raises(LedgerDuplicateColumnError) as caught:
        open_ledger(path, stack)
    assert "「投资方」和「投资主体」" in caught.value.render("zh")


def test_a_file_without_a_header_says_so(tmp_path: Path) -> None:
    """No recognisable header in the first ten rows of any sheet."""
    path = write_xlsx(tmp_path / "x.xlsx", [["a", "b"], [1, 2]])
    with ExitStack() as stack, pytest.raises(LedgerHeaderNotFoundError) as caught:
        open_ledger(path, stack)
    assert "项目台账" in caught.value.render("zh")


def test_a_one_megabyte_cell_is_named_by_row_and_column_with_its_limit(tmp_path: Path) -> None:
    """Not "no header": row 2's 项目名称 is 1 000 000 characters, at most 200, in zh and en."""
    path = write_csv(tmp_path / "big.csv", [ZH_HEADER, zh_row(1, CODE1, 项目名称="大" * 1_000_000)])
    with ExitStack() as stack:
        rows = list(open_ledger(path, stack).rows())
    [problem] = rows[0].problems
    assert problem.localize("zh") == "第 2 行「项目名称」：内容过长（1000000 字，最多 200 字）"
    assert problem.localize("en") == ("row 2, 项目名称: too long (1000000 characters, at most 200)")


def test_a_huge_unreadable_cell_repeats_only_its_beginning(tmp_path: Path) -> None:
    """A 1 MB amount is refused by what an amount is; the message quotes 40 characters."""
    path = write_csv(tmp_path / "big.csv", [ZH_HEADER, zh_row(1, CODE1, 金额="9" * 1_000_000)])
    with ExitStack() as stack:
        [problem] = next(open_ledger(path, stack).rows()).problems
    assert problem.column == "协议投资额（亿元）"
    assert len(problem.localize("zh")) < 300
    assert "9" * 39 + "…" in problem.localize("en")


def test_a_cell_beyond_what_csv_may_hold_is_named_with_its_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the CSV cell limit (made small here): a readable reason naming the row, zh and en."""
    import csv as csv_module

    import qy_landing.ledger as ledger_module

    monkeypatch.setattr(ledger_module, "CSV_CELL_LIMIT", 1000)
    before = csv_module.field_size_limit(1000)
    try:
        rows = [ZH_HEADER, zh_row(1, CODE1), zh_row(2, CODE2, 建设内容="风" * 5000)]
        path = write_csv(tmp_path / "big.csv", rows)
        with ExitStack() as stack, pytest.raises(LedgerUnreadableError) as caught:
            list(open_ledger(path, stack).rows())
    finally:
        csv_module.field_size_limit(before)
    assert caught.value.render("zh") == (
        "无法读取 big.csv：第 3 行有一个超过 1,000 个字符的单元格（CSV 单元格最多 1,000 个字符），"
        '常见原因是某个引号（"）没有配对'
    )
    assert caught.value.render("en") == (
        "Cannot read big.csv: row 3 has a cell longer than 1,000 characters (a CSV cell holds "
        'at most 1,000); usually a quote (") is not closed'
    )


def test_a_quote_never_closed_is_named_instead_of_empty_cells(tmp_path: Path) -> None:
    """A broken quote in row 3 swallows the rest of the file: said as such, zh and en."""
    path = tmp_path / "quote.csv"
    lines = [",".join(ZH_HEADER), ",".join(map(str, zh_row(1, CODE1)))]
    broken = zh_row(2, CODE2)
    broken[2] = '"环县风电'  # 项目名称 opens a quote and never closes it
    lines += [",".join(map(str, broken)), ",".join(map(str, zh_row(3, CODE3)))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with ExitStack() as stack, pytest.raises(LedgerUnreadableError) as caught:
        list(open_ledger(path, stack).rows())
    assert caught.value.render("zh") == (
        '无法读取 quote.csv：第 3 行有一个以引号（"）开始的单元格直到文件末尾都没有结束；'
        '引号须成对，引号括起的单元格中的引号要写两遍（""）'
    )
    assert caught.value.render("en") == (
        'Cannot read quote.csv: a cell in row 3 opens with a quote (") that is never closed '
        "before the end of the file; quotes must pair up, and a quote inside a quoted cell is "
        'written twice ("")'
    )


def test_quotes_that_pair_up_or_sit_inside_a_cell_still_read(tmp_path: Path) -> None:
    """A quoted cell with doubled quotes, and a bare quote inside a cell, are not broken."""
    path = tmp_path / "ok.csv"
    first, second = zh_row(1, CODE1), zh_row(2, CODE2)
    first[2] = '"环县""一号""风电"'
    second[2] = '环县"二号风电'
    lines = [",".join(ZH_HEADER), ",".join(map(str, first)), ",".join(map(str, second))]
    path.write_text("\n".join(lines), encoding="utf-8")  # no line break at the end
    with ExitStack() as stack:
        names = [row.item.name for row in open_ledger(path, stack).rows()]
    assert names == ['环县"一号"风电', '环县"二号风电']


def test_old_excel_files_are_refused_with_advice(tmp_path: Path) -> None:
    """.xls cannot be read; the message says to save it as .xlsx."""
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with ExitStack() as stack, pytest.raises(LedgerFormatError) as caught:
        open_ledger(path, stack)
    assert ".xlsx" in caught.value.render("en")


# --- importing --------------------------------------------------------------------------------


def test_xlsx_with_title_row_chinese_headers_and_excel_dates(ctx: Any, tmp_path: Path) -> None:
    """A ledger sheet after a notes sheet, with a title row and date cells, imports."""
    path = write_xlsx(tmp_path / "台账.xlsx", [
        ZH_HEADER,
        zh_row(1, CODE1, 签约日期=datetime(2026, 7, 10), 金额=12.5, 是否重大项目="是"),
        zh_row(2, CODE2, 签约日期=date(2026, 5, 20), 金额=3, 新增建设用地="√",
               能耗=12000),
    ], title="庆阳市招商引资项目落地台账", cover=True)  # fmt: skip
    result = import_ledger(ctx, path)
    assert result.sheet == "项目台账"
    assert result.encoding is None
    assert (result.header_row, result.rows) == (2, 2)
    assert result.report.created == [CODE1, CODE2]
    first, second = projects.show_project(ctx, CODE1), projects.show_project(ctx, CODE2)
    assert (first.signed_on, first.amount, first.major) == (
        date(2026, 7, 10),
        Decimal("12.5"),
        True,
    )
    assert (second.signed_on, second.facts["new_land"], second.facts["energy_tce"]) == (
        date(2026, 5, 20), True, 12000.0
    )  # fmt: skip


@pytest.mark.parametrize(
    ("encoding", "reported"), [("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"),
                               ("gb18030", "gb18030"), ("utf-8", "utf-8")],
)  # fmt: skip
def test_csv_encodings_are_detected(
    sqlite_ctx: Any, tmp_path: Path, encoding: str, reported: str
) -> None:
    """UTF-8 with and without BOM, GBK and GB18030 files import with their Chinese text."""
    investor = "甘肃陇东能源有限公司"
    if encoding == "gb18030":
        investor = "甘肃䶮𬌗科技有限公司"  # characters GBK cannot encode
        with pytest.raises(UnicodeEncodeError):
            investor.encode("gbk")
    path = write_csv(
        tmp_path / "台账.csv", [ZH_HEADER, zh_row(1, CODE1, 投资方=investor)], encoding=encoding
    )
    result = import_ledger(sqlite_ctx, path)
    assert result.encoding == reported
    view = projects.show_project(sqlite_ctx, CODE1)
    assert (view.investor, view.name, view.unit) == (investor, "环县 100MW 风电项目", "环县")


def test_gbk_csv_imports_on_every_backend(ctx: Any, tmp_path: Path) -> None:
    """A GBK file exported by Excel imports the same on SQLite and PostgreSQL."""
    path = write_csv(
        tmp_path / "台账.csv", [ZH_HEADER, zh_row(1, CODE1), zh_row(2, CODE2)], encoding="gbk"
    )
    assert import_ledger(ctx, path).report.created == [CODE1, CODE2]
    assert codes(ctx) == [CODE1, CODE2]


def test_english_headers(ctx: Any, tmp_path: Path) -> None:
    """A ledger with English headers and English chain names imports."""
    path = write_csv(tmp_path / "ledger.csv", [
        EN_HEADER,
        [CODE1, "Huan wind farm", "Gansu Wind Co.", "Huan County", "comprehensive energy",
         "Lanzhou fair", "2026/7/10", "12.5", "yes", "no", "12,000"],
    ])  # fmt: skip
    result = import_ledger(ctx, path)
    assert result.report.created == [CODE1]
    view = projects.show_project(ctx, CODE1)
    assert (view.unit, view.chain, view.major, view.facts["energy_tce"]) == (
        "环县", "energy", True, 12000.0
    )  # fmt: skip


def test_combined_signing_column_imports(sqlite_ctx: Any, tmp_path: Path) -> None:
    """A ledger with one 签约活动/时间 column yields both the event and the date."""
    header = [h for h in ZH_HEADER if h not in ("签约活动", "签约日期")]
    header[header.index("产业链") + 1 : header.index("产业链") + 1] = ["签约活动/时间"]
    row = dict(zip(ZH_HEADER, zh_row(1, CODE1), strict=True))
    row["签约活动/时间"] = "第三十届兰洽会（2026.7.10）"
    path = write_csv(tmp_path / "c.csv", [header, [row[h] for h in header]])
    import_ledger(sqlite_ctx, path)
    view = projects.show_project(sqlite_ctx, CODE1)
    assert (view.signing_event, view.signed_on) == ("第三十届兰洽会", date(2026, 7, 10))


def test_bad_rows_import_nothing_and_every_problem_is_reported(ctx: Any, tmp_path: Path) -> None:
    """Cell problems and row-level problems of every row come back together, by row."""
    path = write_csv(tmp_path / "有误.csv", [
        ["环县项目落地台账"],
        ZH_HEADER,
        zh_row(1, CODE1),
        zh_row(2, CODE2, 签约日期="2026-13-01", 金额="十二亿"),
        zh_row(3, "", 是否重大项目="也许"),
        zh_row(4, CODE3, 落地县区="火星县", 产业链="钢铁"),
        zh_row(5, CODE1, 第一责任人="查无此人"),
        zh_row(6, "2601-110101-04-01-111111", 能耗="很多"),
    ], encoding="gbk")  # fmt: skip
    with pytest.raises(ImportRejectedError) as caught:
        import_ledger(ctx, path)
    found = [(p.row, p.column) for p in caught.value.problems]
    assert found == [
        (4, "签约日期"), (4, "协议投资额（亿元）"),
        (5, "项目代码"), (5, "是否重大项目"),
        (6, "落地县区"), (6, "产业链"),
        (7, "项目代码"), (7, "第一责任人"),
        (8, "项目代码"), (8, "年综合能耗(吨标煤)"),
    ]  # fmt: skip
    assert caught.value.count == 5
    message = caught.value.render("zh")
    assert "有误.csv 有 5 行有误，未导入任何数据" in message
    assert "第 7 行「项目代码」：与第 3 行项目代码重复" in message
    assert "第 5 行「项目代码」：必填项为空" in message
    assert (
        "row 4, 签约日期: '2026-13-01' is invalid: expected a date from 1990"
        in caught.value.render("en")
    )
    assert codes(ctx) == []


def test_reimporting_the_same_file_changes_nothing(ctx: Any, tmp_path: Path) -> None:
    """The second import finds every project unchanged and writes no audit event."""
    person(ctx, "张伟", "环县")
    path = write_xlsx(tmp_path / "台账.xlsx", [
        ZH_HEADER,
        zh_row(1, CODE1, 直接责任人="张伟", 签约日期=datetime(2026, 7, 10), 金额=12.5),
        zh_row(2, CODE2, 金额="0.3"),
    ])  # fmt: skip
    first = import_ledger(ctx, path)
    events = len(projects.history(ctx, CODE1))
    second = import_ledger(ctx, path)
    assert first.report.created == [CODE1, CODE2]
    assert (second.report.created, second.report.updated) == ([], [])
    assert second.report.unchanged == [CODE1, CODE2]
    assert len(projects.history(ctx, CODE1)) == events


def test_a_changed_row_updates_the_project_with_an_audit_event(ctx: Any, tmp_path: Path) -> None:
    """A new amount and a newly named person update the project and are recorded."""
    person(ctx, "李娜", "环县")
    path = tmp_path / "台账.csv"
    write_csv(path, [ZH_HEADER, zh_row(1, CODE1), zh_row(2, CODE2)])
    import_ledger(ctx, path)
    write_csv(path, [ZH_HEADER, zh_row(1, CODE1, 金额="15", 直接责任人="李娜"), zh_row(2, CODE2)])
    result = import_ledger(ctx, path)
    assert (result.report.updated, result.report.unchanged) == ([CODE1], [CODE2])
    view = projects.show_project(ctx, CODE1)
    assert view.amount == Decimal(15)
    assert [(a.role, a.person) for a in view.assignments] == [("direct_responsible", "李娜")]
    trail = projects.history(ctx, CODE1)
    amounts = [
        (Decimal(e.old or ""), Decimal(e.new or ""))
        for e in trail
        if (e.action, e.field) == ("facts", "amount")
    ]
    assert amounts == [(Decimal("12.5"), Decimal(15))]
    assert [e.new for e in trail if e.action == "assign"] == ["李娜"]


def test_dry_run_reports_and_writes_nothing(ctx: Any, tmp_path: Path) -> None:
    """A dry run says what would be created and leaves the database as it was."""
    path = write_csv(tmp_path / "台账.csv", [ZH_HEADER, zh_row(1, CODE1), zh_row(2, CODE2)])
    result = import_ledger(ctx, path, dry_run=True)
    assert result.report.dry_run
    assert result.report.created == [CODE1, CODE2]
    assert codes(ctx) == []


def test_unknown_person_is_a_row_problem_unless_asked_to_add(ctx: Any, tmp_path: Path) -> None:
    """A responsible person the office has not recorded blocks the import, or is added."""
    path = write_csv(tmp_path / "台账.csv", [
        ZH_HEADER,
        zh_row(1, CODE1, 第一责任人="王强（县长）", 直接责任人="赵敏、刘洋"),
    ])  # fmt: skip
    person(ctx, "赵敏", "环县")
    with pytest.raises(ImportRejectedError) as caught:
        import_ledger(ctx, path)
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (2, "第一责任人"), (2, "直接责任人"),
    ]  # fmt: skip
    assert "王强" in caught.value.render("zh") and "刘洋" in caught.value.render("zh")
    result = import_ledger(ctx, path, create_missing_persons=True)
    assert sorted(result.report.persons_created) == ["刘洋@环县", "王强@环县"]
    roles = [(a.role, a.person) for a in projects.show_project(ctx, CODE1).assignments]
    assert sorted(roles) == [
        ("direct_responsible", "刘洋"),
        ("direct_responsible", "赵敏"),
        ("first_responsible", "王强"),
    ]
    assert {p.name for p in people.list_people(ctx, "环县")} == {"王强", "赵敏", "刘洋"}


def test_progress_is_reported_and_ends_complete(sqlite_ctx: Any, tmp_path: Path) -> None:
    """The progress callback's last call has rows done equal to rows expected."""
    rows = [ZH_HEADER] + [zh_row(i, f"QY-2026-{i:04d}") for i in range(1, 31)]
    path = write_csv(tmp_path / "台账.csv", rows)
    calls: list[tuple[int, int]] = []
    result = import_ledger(
        sqlite_ctx, path, on_progress=lambda done, total: calls.append((done, total))
    )
    assert result.rows == 30
    assert calls[-1] == (30, 30)
    assert all(done <= total for done, total in calls)


def test_reimport_without_a_column_keeps_the_values_already_known(ctx, tmp_path):
    """A later ledger lacking 是否重大项目 does not set major projects back to 'no'."""
    from qy_landing.services import projects

    full = tmp_path / "full.csv"
    full.write_text(
        "项目代码,项目名称,投资方,落地县区,产业链,签约日期,协议投资额(亿元),是否重大项目\n"
        "2607-621022-04-01-100001,风电项目,某公司,环县,综合能源,2026-07-07,12.5,是\n",
        encoding="utf-8",
    )
    import_ledger(ctx, full)
    partial = tmp_path / "partial.csv"
    partial.write_text(
        "项目代码,项目名称,投资方,落地县区,产业链,签约日期,协议投资额(亿元)\n"
        "2607-621022-04-01-100001,风电项目,某公司,环县,综合能源,2026-07-07,13\n",
        encoding="utf-8",
    )
    result = import_ledger(ctx, partial)
    assert result.report.updated == ["2607-621022-04-01-100001"]
    view = projects.show_project(ctx, "2607-621022-04-01-100001")
    assert view.major is True
    assert str(view.amount) == "13.0000"


LEDGER_CODES = [f"2601-621022-04-01-{n:06d}" for n in range(400001, 400006)]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_checked_ledger_is_written_in_batches_that_let_staff_writes_through(
    ctx, tmp_path, monkeypatch
):
    """Batches of 2: after each, a colleague's write that refuses to wait still commits."""
    import qy_landing.ledger as ledger_module

    monkeypatch.setattr(ledger_module, "WRITE_BATCH", 2)
    path = write_csv(
        tmp_path / "台账.csv", [ZH_HEADER, *[zh_row(i, c) for i, c in enumerate(LEDGER_CODES, 1)]]
    )
    committed = after_each_write(monkeypatch, HUAN_EN, path=ctx.db.sqlite_path)
    result = import_ledger(ctx, path)
    assert sorted(result.report.created) == LEDGER_CODES
    assert len(committed) == 3  # 2 + 2 + 1 rows


def test_an_import_stopped_half_way_is_completed_by_importing_again(ctx, tmp_path, monkeypatch):
    """Killed in the second batch: the first batch's projects are whole, the rest absent;
    the same file imported again adds exactly the rest."""
    import qy_landing.ledger as ledger_module
    import qy_landing.services.registration as registration

    monkeypatch.setattr(ledger_module, "WRITE_BATCH", 2)
    path = write_csv(
        tmp_path / "台账.csv", [ZH_HEADER, *[zh_row(i, c) for i, c in enumerate(LEDGER_CODES, 1)]]
    )
    original = registration._write_chunk
    written = []

    def power_cut(*args, **kwargs):  # type: ignore[no-untyped-def]
        if written:
            raise KeyboardInterrupt
        original(*args, **kwargs)
        written.append(1)

    monkeypatch.setattr(registration, "_write_chunk", power_cut)
    with pytest.raises(KeyboardInterrupt):
        import_ledger(ctx, path)
    listed = {p.code for p in projects.list_projects(ctx)}
    assert listed == set(LEDGER_CODES[:2])
    assert all(projects.show_project(ctx, c).procedures for c in listed)
    monkeypatch.setattr(registration, "_write_chunk", original)
    again = import_ledger(ctx, path)
    assert sorted(again.report.created) == LEDGER_CODES[2:]
    assert sorted(again.report.unchanged) == LEDGER_CODES[:2]


def test_a_colleagues_change_between_batches_stops_the_import_and_says_what_was_written(
    ctx, tmp_path, monkeypatch
):
    """A second connection renames a person the third row names after the first batch: the
    error says 2 rows in 1 batch were written and from which row on nothing was; fixed
    and imported again, the file completes."""
    import qy_landing.ledger as ledger_module
    from qy_landing.errors import ImportStoppedError

    monkeypatch.setattr(ledger_module, "WRITE_BATCH", 2)
    person(ctx, "李四")
    rows = [zh_row(i, c, 直接责任人="李四" * (i >= 3)) for i, c in enumerate(LEDGER_CODES, 1)]
    path = write_csv(tmp_path / "台账.csv", [ZH_HEADER, *rows])
    url = ctx.db.engine.url.render_as_string(hide_password=False)
    after_each_write(monkeypatch, "UPDATE person SET name = '李肆' WHERE name = '李四'", url=url)
    with pytest.raises(ImportStoppedError) as stopped:
        import_ledger(ctx, path)
    monkeypatch.undo()
    error = stopped.value
    assert (error.written, error.batches, error.last_written_row, error.resume_row) == (2, 1, 3, 4)
    assert {p.row for p in error.problems} == {4, 5}  # file rows naming 李四 in batch 2
    assert "2 rows in 1 batches (up to row 3) were written, rows from 4 on were not" in str(error)
    assert "前 1 批共 2 行（至第 3 行）已写入，第 4 行起未写入" in error.render("zh")
    assert codes(ctx) == sorted(LEDGER_CODES[:2])
    fixed = [zh_row(i, c, 直接责任人="李肆" * (i >= 3)) for i, c in enumerate(LEDGER_CODES, 1)]
    again = import_ledger(ctx, write_csv(tmp_path / "台账.csv", [ZH_HEADER, *fixed]))
    assert sorted(again.report.created) == LEDGER_CODES[2:]
    assert sorted(again.report.unchanged) == LEDGER_CODES[:2]


def test_a_change_that_breaks_the_first_batch_still_imports_nothing(ctx, tmp_path, monkeypatch):
    """Invalid before anything was written: the plain rejection, and no project."""
    from sqlalchemy import create_engine, text

    import qy_landing.ledger as ledger_module
    import qy_landing.services.registration as registration
    from qy_landing.errors import ImportStoppedError

    monkeypatch.setattr(ledger_module, "WRITE_BATCH", 2)
    person(ctx, "李四")
    rows = [zh_row(i, c, 直接责任人="李四") for i, c in enumerate(LEDGER_CODES, 1)]
    path = write_csv(tmp_path / "台账.csv", [ZH_HEADER, *rows])
    original = registration._write_batch
    colleague = create_engine(ctx.db.engine.url.render_as_string(hide_password=False))

    def rename_first(*args, **kwargs):  # type: ignore[no-untyped-def]
        with colleague.begin() as connection:
            connection.execute(text("UPDATE person SET name = '李肆' WHERE name = '李四'"))
        original(*args, **kwargs)

    monkeypatch.setattr(registration, "_write_batch", rename_first)
    try:
        with pytest.raises(ImportRejectedError) as rejected:
            import_ledger(ctx, path)
    finally:
        colleague.dispose()
    assert not isinstance(rejected.value, ImportStoppedError)
    assert {p.row for p in rejected.value.problems} == {2, 3}
    assert codes(ctx) == []


def test_merged_header_cells_get_a_hint(tmp_path: Path) -> None:
    """A header merged across two columns (blank cell inside) is named as a likely merge."""
    header = [None if h == "产业链" else h for h in ZH_HEADER]
    path = write_xlsx(tmp_path / "merged.xlsx", [header])
    with ExitStack() as stack, pytest.raises(LedgerMissingColumnsError) as caught:
        open_ledger(path, stack)
    assert "可能是合并单元格：请取消合并" in caught.value.render("zh")
    assert "perhaps merged cells" in caught.value.render("en")


def test_merged_data_cells_are_named_with_what_to_do(sqlite_ctx: Any, tmp_path: Path) -> None:
    """落地县区 merged over three rows: the two lower cells are named as parts of the merge
    (zh and en); a merged optional column is not a problem; nothing is imported."""
    path = write_xlsx(tmp_path / "merged.xlsx", [
        ZH_HEADER, zh_row(1, CODE1), zh_row(2, CODE2, 落地县区=None),
        zh_row(3, CODE3, 落地县区=None, 建设内容=None),
    ])  # fmt: skip
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book["项目台账"]
    unit = ZH_HEADER.index("落地县区") + 1  # column E
    sheet.merge_cells(start_row=2, start_column=unit, end_row=4, end_column=unit)
    book.save(path)
    with pytest.raises(ImportRejectedError) as caught:
        import_ledger(sqlite_ctx, path)
    problems = [(p.row, p.column) for p in caught.value.problems]
    assert problems == [(3, "落地县区"), (4, "落地县区")]
    zh, en = caught.value.render("zh"), caught.value.render("en")
    assert "单元格 E3 在合并单元格 E2:E4 中，只有 E2 有值；请取消合并，每一行填写自己的值" in zh
    assert "cell E4 is inside the merged cells E2:E4, whose value only E2 holds" in en
    assert codes(sqlite_ctx) == []


def test_merged_ranges_are_read_from_the_sheet_named(tmp_path: Path) -> None:
    """merged_ranges reads the ranges of the named sheet only; a broken file has none."""
    from openpyxl import Workbook as Book

    from qy_landing.ledger import merge_at, merged_ranges

    book = Book()
    first = book.active
    assert first is not None
    first.title = "说明"
    first.merge_cells("A1:C1")
    second = book.create_sheet("台账")
    second.merge_cells("B2:B5")
    second.merge_cells("D7:E7")
    book.save(tmp_path / "two.xlsx")
    merges = merged_ranges(tmp_path / "two.xlsx", "台账")
    assert sorted(merges) == [(2, 2, 5, 2), (7, 4, 7, 5)]
    assert merge_at(merges, 4, 2) == (2, 2, 5, 2) and merge_at(merges, 2, 2) is None
    assert merged_ranges(tmp_path / "two.xlsx", "没有") == []
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    assert merged_ranges(tmp_path / "bad.xlsx", "台账") == []


def test_introducing_unit_column(ctx: Any, tmp_path: Path) -> None:
    """引进单位 names who brought a project in; an unknown one is a bad cell; a re-import
    without the column keeps it."""
    from qy_landing.errors import ImportRejectedError
    from qy_landing.services.units import add_unit

    add_unit(ctx, "市商务局", kind="department")
    header = [*ZH_HEADER, "引进单位"]
    path = write_csv(
        tmp_path / "台账.csv",
        [header, [*zh_row(1, CODE1), "市商务局"], [*zh_row(2, CODE2), ""]],
    )
    import_ledger(ctx, path)
    assert projects.show_project(ctx, CODE1).introduced_by == "市商务局"
    assert projects.show_project(ctx, CODE2).introduced_by is None
    again = write_csv(tmp_path / "again.csv", [ZH_HEADER, zh_row(1, CODE1)])
    assert import_ledger(ctx, again).report.unchanged == [CODE1]
    assert projects.show_project(ctx, CODE1).introduced_by == "市商务局"
    bad = write_csv(
        tmp_path / "bad.csv", [header, [*zh_row(3, CODE3, 落地县区="镇原县"), "火星局"]]
    )
    with pytest.raises(ImportRejectedError) as caught:
        import_ledger(ctx, bad)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "引进单位")]
