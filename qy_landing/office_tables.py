"""Reading small tables the office is handed (units, yearly targets) from xlsx or CSV.

The ledger importer (:mod:`qy_landing.ledger`) streams hundreds of thousands of project
rows; the tables read here have a few hundred rows at most, so they are read whole. The
rules are the ledger's: the header row is found among the first ten rows (a title may sit
above it), headers match in Chinese or English, CSV files may be UTF-8 or GBK/GB18030
(:func:`~qy_landing.ledger.detect_encoding`), and a file that cannot be used at all raises
the ledger's own file errors. Blank rows and 合计 lines are skipped.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from qy_landing.errors import (
    LedgerFormatError,
    LedgerHeaderNotFoundError,
    LedgerMissingColumnsError,
    LedgerUnreadableError,
    Msg,
)
from qy_landing.ledger import (
    CSV_SUFFIXES,
    HEADER_SEARCH_ROWS,
    TOTAL_LABELS,
    XLSX_SUFFIXES,
    detect_encoding,
    normalise_header,
)


def cell_text(raw: object) -> str:
    """A cell as text: integral numbers without '.0', dates as ISO dates."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    return str(raw).strip()


@dataclass(frozen=True)
class TableRow:
    """One data row: its number in the file and its cells by field (or by header, for
    columns no field claims)."""

    number: int
    cells: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class OfficeTable:
    """A table read whole: where its header was, what its columns mean, its rows."""

    file: str
    header_row: int
    headers: dict[str, str]  # field -> header as written
    extra_headers: list[str]  # headers no field claims, in file order
    rows: list[TableRow]
    encoding: str | None = None
    sheet: str | None = None


def read_office_table(
    path: Path | str,
    columns: Mapping[str, Sequence[str]],
    required: Sequence[str] = (),
    *,
    accepted: Mapping[str, str] | None = None,
) -> OfficeTable:
    """Read ``path``: ``columns`` maps each field to the headers that name it.

    Raises the ledger's file errors: format, unreadable (missing, damaged, unknown
    encoding), no header row, missing required columns (``accepted`` names the headers
    accepted for each field in the message).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise LedgerFormatError(path.name)
    if not path.is_file():
        raise LedgerUnreadableError(path.name, Msg("ledger.reason.missing_file"))
    aliases = {
        normalise_header(header): name
        for name, headers in columns.items()
        for header in (*headers, name)
    }
    encoding = None
    sheet_name = None
    if suffix in XLSX_SUFFIXES:
        grid, sheet_name = _xlsx_rows(path, aliases)
    else:
        encoding, _ = detect_encoding(path)
        grid = _csv_rows(path, encoding, aliases)
    index = _header_index(grid, aliases)
    if index is None:
        raise LedgerHeaderNotFoundError(path.name, [sheet_name] if sheet_name else [])
    headers: dict[str, str] = {}
    extra: list[str] = []
    plan: list[tuple[int, str | None, str]] = []
    for position, raw in enumerate(grid[index]):
        header = cell_text(raw)
        if not header:
            continue
        name = aliases.get(normalise_header(header))
        if name is not None and name not in headers:
            headers[name] = header
            plan.append((position, name, header))
        else:
            extra.append(header)
            plan.append((position, None, header))
    missing = [name for name in required if name not in headers]
    if missing:
        shown = accepted or {n: " / ".join(columns[n]) for n in columns}
        raise LedgerMissingColumnsError(path.name, index + 1, missing, [shown[m] for m in missing])
    rows: list[TableRow] = []
    for number, cells in enumerate(grid[index + 1 :], start=index + 2):
        values = [cell_text(c) if isinstance(c, str) or c is None else c for c in cells]
        if all(v in (None, "") for v in values):
            continue
        if any(
            isinstance(v, str) and v.replace(" ", "").casefold() in TOTAL_LABELS for v in values
        ):
            continue
        by_field: dict[str, Any] = {}
        by_header: dict[str, Any] = {}
        for position, name, header in plan:
            value = values[position] if position < len(values) else None
            value = None if value == "" else value
            if name is None:
                by_header[header] = value
            else:
                by_field[name] = value
        rows.append(TableRow(number, by_field, by_header))
    return OfficeTable(path.name, index + 1, headers, extra, rows, encoding, sheet_name)


def _score(cells: Sequence[Any], aliases: Mapping[str, str]) -> int:
    return len({aliases[k] for c in cells if (k := normalise_header(cell_text(c))) in aliases})


def _header_index(grid: Sequence[Sequence[Any]], aliases: Mapping[str, str]) -> int | None:
    best, best_score = None, 0
    for index, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        score = _score(cells, aliases)
        if score > best_score:
            best, best_score = index, score
    return best


def _xlsx_rows(path: Path, aliases: Mapping[str, str]) -> tuple[list[tuple[Any, ...]], str]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError):
        raise LedgerUnreadableError(path.name, Msg("ledger.reason.not_xlsx")) from None
    except Exception as exc:  # openpyxl's InvalidFileException and kin
        raise LedgerUnreadableError(path.name, Msg("ledger.reason.not_xlsx")) from exc
    try:
        first: tuple[list[tuple[Any, ...]], str] | None = None
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()
            grid = [tuple(r) for r in sheet.iter_rows(values_only=True)]
            if first is None:
                first = (grid, sheet.title)
            if _header_index(grid, aliases) is not None:
                return grid, sheet.title
        return first if first is not None else ([], "")
    finally:
        workbook.close()


def _csv_rows(path: Path, encoding: str, aliases: Mapping[str, str]) -> list[tuple[Any, ...]]:
    text = path.read_text(encoding=encoding)
    best: list[tuple[Any, ...]] = []
    best_score = -1
    for delimiter in (",", "\t", ";"):
        try:
            grid: list[tuple[Any, ...]] = [
                tuple(r) for r in csv.reader(text.splitlines(), delimiter=delimiter)
            ]
        except csv.Error as exc:
            raise LedgerUnreadableError(
                path.name, Msg("ledger.reason.csv", row=0, detail=str(exc))
            ) from None
        index = _header_index(grid, aliases)
        score = -1 if index is None else _score(grid[index], aliases)
        if score > best_score:
            best, best_score = grid, score
    return best
