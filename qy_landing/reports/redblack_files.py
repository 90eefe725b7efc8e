"""The red/black list as a file: an Excel sheet or a CSV table, one row per ranked unit.

The columns are the terminal table's (rank, list, unit, score and the four shares) followed
by the counts behind the shares, so that a reader can check every figure. The rows come
from :func:`redblack_rows`, which the terminal view uses too.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from qy_landing import i18n
from qy_landing.errors import ChoiceError
from qy_landing.reports.redblack import RedBlack, UnitScore
from qy_landing.reports.writers import Column, CsvTable, PrintTitle, XlsxBook, open_target

FORMATS = ("xlsx", "csv")

# (catalogue key of the header, kind, width); the first eight are the terminal's columns
COLUMNS = (
    Column("rank", "int", 6),
    Column("list", "text", 8),
    Column("unit", "text", 20),
    Column("score", "float", 8),
    Column("landing_rate", "float", 10),
    Column("on_time_rate", "float", 10),
    Column("overdue_share", "float", 10),
    Column("stalled_share", "float", 10),
    Column("signed_ytd", "int", 10),
    Column("started_ytd", "int", 10),
    Column("approved_in_month", "int", 12),
    Column("approved_on_time", "int", 10),
    Column("running_procedures", "int", 10),
    Column("overdue_count", "int", 10),
    Column("active_projects", "int", 10),
    Column("stalled_projects", "int", 10),
)
TERMINAL_COLUMNS = 8


def list_of(result: RedBlack, entry: UnitScore) -> str:
    """``red``, ``black`` or ``""``: which list a ranked unit is on."""
    if any(u.unit == entry.unit for u in result.red):
        return "red"
    if any(u.unit == entry.unit for u in result.black):
        return "black"
    return ""


def redblack_rows(result: RedBlack, lang: str) -> list[list[Any]]:
    """One row of :data:`COLUMNS` per ranked unit, the list named in ``lang``."""
    rows = []
    for entry in result.ranking:
        data = entry.as_dict()
        which = list_of(result, entry)
        rows.append(
            [
                entry.rank,
                i18n.text(f"report.redblack.{which}", lang) if which else "",
                entry.unit,
                data["score"],
                data["landing_rate"],
                data["on_time_rate"],
                data["overdue_share"],
                data["stalled_share"],
                entry.signed,
                entry.started,
                entry.approved,
                entry.on_time,
                entry.running,
                entry.overdue,
                entry.active,
                entry.stalled,
            ]
        )
    return rows


def write_redblack(
    result: RedBlack,
    target: str | Path,
    fmt: str,
    lang: str,
    generated_at: datetime | None = None,
) -> int:
    """Write the ranking to ``target`` (``-`` for stdout) as ``xlsx`` or ``csv``.

    In the workbook the red list's rows are red, the black list's dark; ``generated_at``
    goes into the sheet's printed title.

    The file appears only when complete (see :func:`~qy_landing.reports.writers.open_target`).
    Returns the number of units written.
    """
    if fmt not in FORMATS:
        raise ChoiceError("format", fmt, list(FORMATS))
    rows = redblack_rows(result, lang)
    with open_target(target) as stream:
        if fmt == "xlsx":
            name = i18n.text("report.sheet.redblack", lang)
            month = f"{result.month.year:04d}-{result.month.month:02d}"
            title = PrintTitle(f"{name} {month}", None, result.as_of, generated_at)
            book = XlsxBook(lang, title)
            sheet = book.sheet(name, COLUMNS)
            for entry, row in zip(result.ranking, rows, strict=True):
                sheet.append(row, tone=list_of(result, entry))
            book.save(stream)
        else:
            table = CsvTable(stream, COLUMNS, lang)
            for row in rows:
                table.append(row)
            table.close()
    return len(rows)
