"""The xlsx writer comparison: ``python -m benchmarks --scenarios xlsx_writers --size 100k``.

``reports/writers.py`` writes xlsx itself instead of using a library; this is the
measurement that keeps the decision honest. The same table — ``size`` rows of 12 cells
shaped like the stuck list (a number, code, Chinese name, unit, chain, amount, date,
stage, reasons, working days, date, persons) — is written by:

- ``ours``: :class:`qy_landing.reports.writers.XlsxBook`, as the exports use it;
- ``openpyxl``: openpyxl's write-only mode (``Workbook(write_only=True)``), the date and
  amount cells as ``WriteOnlyCell`` with their number formats;
- ``xlsxwriter``: XlsxWriter's ``constant_memory`` mode with formats per column
  (when XlsxWriter is installed: it is in the ``dev`` extra, not a dependency).

Every file gets the same bold header, frozen first row, autofilter and column widths.
The rows are drawn from a pool of 1 000 built before the clock starts, so the time is
the writer's alone. Each writer runs in its own process (:mod:`benchmarks.child`), so
its peak memory is its own; the runner reports ours against each library.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

Result = tuple[float, dict[str, Any]]

HEADERS = [
    "序号", "项目代码", "项目名称", "责任单位", "产业链", "协议投资额（亿元）",
    "签约日期", "当前阶段", "卡滞原因", "卡滞工作日", "最近进展", "责任人",
]  # fmt: skip
KINDS = ["int", "text", "text", "text", "text", "amount",
         "date", "text", "text", "int", "date", "text"]  # fmt: skip
WIDTHS = [6, 26, 36, 12, 12, 12, 12, 10, 30, 8, 12, 16]
DATE_FORMAT = "yyyy-mm-dd"
AMOUNT_FORMAT = "#,##0.00##"
POOL = 1000
UNITS = ["西峰区", "庆城县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县"]
CHAINS = ["综合能源", "现代农业", "数据中心", "石化", "装备制造", "文旅康养"]
STAGES = ["已签约", "省级手续", "市级手续", "县级手续"]
REASONS = ["久无进展", "手续逾期", "超总时限", "问题未解决"]
PEOPLE = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊"]


def pool(seed: int = 7) -> list[list[Any]]:
    """1 000 distinct rows of the stuck list's shape (deterministic)."""
    rng = random.Random(seed)
    rows = []
    for n in range(POOL):
        signed = date(2025, 1, 1) + timedelta(days=rng.randrange(600))
        rows.append(
            [
                n + 1,
                f"2607-6210{rng.randrange(10, 30)}-04-01-{rng.randrange(10**6):06d}",
                f"{rng.choice(UNITS)} {rng.randrange(10, 900)}MW {rng.choice(CHAINS)}项目",
                rng.choice(UNITS),
                rng.choice(CHAINS),
                Decimal(rng.randrange(1, 10**6)) / 10**4,
                signed,
                rng.choice(STAGES),
                "；".join(rng.sample(REASONS, rng.randrange(1, 3))),
                rng.randrange(5, 400),
                signed + timedelta(days=rng.randrange(200)),
                "、".join(rng.sample(PEOPLE, 2)),
            ]
        )
    return rows


def rows(count: int) -> Iterator[list[Any]]:
    """``count`` rows cycling through the pool, numbered 1 … count."""
    table = pool()
    for n in range(count):
        yield [n + 1, *table[n % POOL][1:]]


def ours(path: Path, count: int) -> None:
    from qy_landing.reports.writers import Column, XlsxBook

    book = XlsxBook("zh")
    columns = [Column(f"c{i}", k, w) for i, (k, w) in enumerate(zip(KINDS, WIDTHS, strict=True))]
    sheet = book.sheet("卡滞项目", columns, HEADERS)
    for row in rows(count):
        sheet.append(row)
    with path.open("wb") as stream:
        book.save(stream)


def openpyxl_write_only(path: Path, count: int) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("卡滞项目")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{count + 1}"
    bold = Font(bold=True)
    header = []
    for name in HEADERS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    typed = [(i, k) for i, k in enumerate(KINDS) if k in ("date", "amount")]
    for row in rows(count):
        values: list[Any] = list(row)
        for index, kind in typed:
            cell = WriteOnlyCell(sheet, value=row[index])
            cell.number_format = DATE_FORMAT if kind == "date" else AMOUNT_FORMAT
            values[index] = cell
        sheet.append(values)
    book.save(str(path))


def xlsxwriter_constant_memory(path: Path, count: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("卡滞项目")
    bold = book.add_format({"bold": True})
    formats = {
        "date": book.add_format({"num_format": DATE_FORMAT}),
        "amount": book.add_format({"num_format": AMOUNT_FORMAT}),
    }
    for index, width in enumerate(WIDTHS):
        sheet.set_column(index, index, width)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, count, len(HEADERS) - 1)
    sheet.write_row(0, 0, HEADERS, bold)
    for number, row in enumerate(rows(count), start=1):
        for index, (value, kind) in enumerate(zip(row, KINDS, strict=True)):
            if kind == "date":
                sheet.write_datetime(number, index, value, formats["date"])
            elif kind == "amount":
                sheet.write_number(number, index, float(value), formats["amount"])
            elif kind == "int":
                sheet.write_number(number, index, value)
            else:
                sheet.write_string(number, index, value)
    book.close()


WRITERS: dict[str, Callable[[Path, int], None]] = {
    "ours": ours,
    "openpyxl": openpyxl_write_only,
    "xlsxwriter": xlsxwriter_constant_memory,
}
LIBRARIES = {
    "openpyxl": "openpyxl write-only",
    "xlsxwriter": "XlsxWriter constant_memory",
}


def available(name: str) -> bool:
    """Whether the writer's library is installed (ours and openpyxl always are)."""
    if name != "xlsxwriter":
        return True
    import importlib.util

    return importlib.util.find_spec("xlsxwriter") is not None


def measure(name: str) -> Callable[[str, dict[str, Any]], Result]:
    def run(_url: str, params: dict[str, Any]) -> Result:
        path, count = Path(params["output"]), int(params["rows"])
        writer = WRITERS[name]
        writer(path.with_suffix(".warm.xlsx"), 10)  # imports are not the writer's time
        began = time.perf_counter()
        writer(path, count)
        seconds = time.perf_counter() - began
        info: dict[str, Any] = {"rows": count, "cells": count * len(HEADERS)}
        info["bytes"] = path.stat().st_size
        if params.get("check", True):  # reading back is slow: the runner asks once per writer
            info["last"] = last_row(path)
        return seconds, info

    return run


def last_row(path: Path) -> list[str]:
    """The file's last row as openpyxl reads it back (the same work was done)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    last: tuple[Any, ...] = ()
    for last in book.worksheets[0].iter_rows(values_only=True):  # noqa: B007
        pass
    book.close()
    return [str(v) for v in last]


SCENARIOS = {name: measure(name) for name in WRITERS}
