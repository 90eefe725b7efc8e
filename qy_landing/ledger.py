"""Importing the landing office's ledger (台账) from an ``.xlsx`` workbook or a CSV file.

A ledger is read row by row (never loaded whole): the header row is found among the first
ten rows (ledgers often carry a title above it), its columns are matched to project fields
by their Chinese or English names, and every data row becomes a
:class:`~qy_landing.services.registration.ProjectInput` streamed into
:func:`~qy_landing.services.registration.upsert_projects`, which checks units, chains, persons
and codes of every row first (a read transaction, no write lock) and only then writes, 2 000
rows per short write transaction, so staff writes queue for one batch, not for the import.

All or nothing: a cell that cannot be read (a bad date, amount or yes/no, an empty required
value) and every problem the row-level checks find are collected over the whole file, and
:class:`~qy_landing.errors.ImportRejectedError` lists them all with the file's row numbers
and the columns as their headers read; nothing is written. Re-importing a file changes
nothing, because projects are matched by code — and an import stopped half-way (killed,
power lost, or a row a colleague's change made invalid between the check and its batch:
:class:`~qy_landing.errors.ImportStoppedError` says which rows were written) is completed
by importing the same file again.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any

from qy_landing import parsing
from qy_landing.checks import shown
from qy_landing.errors import (
    CellValueError,
    ImportRejectedError,
    ImportStoppedError,
    InvalidValueError,
    LedgerDuplicateColumnError,
    LedgerFormatError,
    LedgerHeaderNotFoundError,
    LedgerMissingColumnsError,
    LedgerUnreadableError,
    Msg,
    RowProblem,
)
from qy_landing.services.context import Context
from qy_landing.services.registration import ProjectInput, UpsertReport, upsert_projects

HEADER_SEARCH_ROWS = 10
WRITE_BATCH = 2000  # rows per write transaction once the whole file has been checked
# Characters a CSV cell may hold (the column limits are far lower and say so per cell; this
# only bounds memory when a quote is never closed and the rest of the file is one cell).
CSV_CELL_LIMIT = 10_000_000
# Headers a row needs to be taken for the header row (a title row has at most one).
MIN_HEADER_MATCHES = 2
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
TOTAL_LABELS = frozenset({"合计", "总计", "小计", "合 计", "总 计", "小 计", "total", "subtotal"})


# --- columns --------------------------------------------------------------------------------


def normalise_header(text: str) -> str:
    """A header as compared: full-width folded, case folded, without spaces and marks."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s*_\-:：?？]+", "", folded)


@dataclass(frozen=True)
class Column:
    """A ledger column: the project field it fills, how its cells read, its accepted headers."""

    field: str
    # code, text, chain, date, month_date, signing, amount, yes_no, number or persons
    kind: str
    headers: tuple[str, ...]
    required: bool = False
    max_length: int | None = None

    @property
    def accepted(self) -> str:
        return " / ".join(self.headers)


COLUMNS: tuple[Column, ...] = (
    Column(
        "code",
        "code",
        ("项目代码", "项目编码", "全国投资项目代码", "code", "project code"),
        required=True,
        max_length=40,
    ),
    Column("name", "text", ("项目名称", "name", "project name"), required=True, max_length=200),
    Column(
        "investor",
        "text",
        ("投资方", "投资主体", "投资企业", "investor"),
        required=True,
        max_length=200,
    ),
    Column("unit", "text", ("落地县区", "责任单位", "落地单位", "unit", "county"), required=True),
    Column(
        "introduced_by",
        "text",
        ("引进单位", "招商责任单位", "招商引资单位", "introducing unit", "introduced by"),
    ),
    Column("chain", "chain", ("产业链", "所属产业链", "chain", "industry chain"), required=True),
    Column("signing_event", "text", ("签约活动", "signing event", "event"), max_length=100),
    Column(
        "signed_on", "date", ("签约日期", "签约时间", "signed on", "signing date"), required=True
    ),
    # One column for both, as many ledgers have it: "第三十届兰洽会（2026.7.10）".
    Column(
        "signing",
        "signing",
        (
            "签约活动/时间",
            "签约活动及时间",
            "签约活动和时间",
            "签约活动(时间)",
            "signing event/date",
        ),
    ),
    Column(
        "amount",
        "amount",
        (
            "协议投资额(亿元)",
            "协议投资额",
            "投资额(亿元)",
            "amount",
            "amount(亿元)",
            "amount(100 million yuan)",
            "contract amount",
        ),
        required=True,
    ),
    Column("first_responsible", "persons", ("第一责任人", "first responsible")),
    Column("direct_responsible", "persons", ("直接责任人", "direct responsible")),
    Column("lead_chief", "persons", ("主办科长", "lead chief", "lead section chief")),
    Column("commissioner", "persons", ("落地专员", "commissioner", "landing commissioner")),
    Column("major", "yes_no", ("是否重大项目", "重大项目", "major")),
    Column("new_land", "yes_no", ("新增建设用地", "是否新增建设用地", "new land")),
    Column(
        "hazardous", "yes_no", ("危险化学品", "是否涉及危险化学品", "涉及危险化学品", "hazardous")
    ),
    Column("approval_listed", "yes_no", ("核准类", "是否核准类", "核准类项目", "approval listed")),
    Column("eia_full", "yes_no", ("环评报告书", "是否编制环评报告书", "eia full")),
    Column(
        "approval_level",
        "text",
        ("核准层级", "核准机关层级", "核准/备案", "approval level", "approval"),
        max_length=20,
    ),
    Column(
        "in_planned_urban_land",
        "yes_no",
        ("城镇规划建设用地内", "是否在城镇规划建设用地内", "in planned urban land"),
    ),
    Column("over_mineral_area", "yes_no", ("压覆矿产", "是否压覆矿产", "over mineral area")),
    Column("relics_zone", "yes_no", ("文物埋藏区", "是否涉及文物埋藏区", "relics zone")),
    Column(
        "uses_forest_or_grassland",
        "yes_no",
        ("使用林地草原", "是否使用林地或草原", "使用林地/草原", "uses forest or grassland"),
    ),
    Column("abstracts_water", "yes_no", ("取水", "是否取水", "abstracts water")),
    Column("civil_building", "yes_no", ("民用建筑", "是否建设民用建筑", "civil building")),
    Column(
        "energy_tce",
        "number",
        ("年综合能耗(吨标煤)", "年综合能耗(吨标准煤)", "年综合能耗", "energy tce", "energy(tce)"),
    ),
    Column("description", "text", ("建设内容", "建设内容及规模", "主要建设内容", "description")),
    Column(
        "planned_start_on",
        "month_date",
        ("计划开工", "计划开工时间", "计划开工日期", "planned start", "planned start on"),
    ),
    Column("workflow", "text", ("流程", "workflow"), max_length=60),
)
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}
REQUIRED = tuple(c.field for c in COLUMNS if c.required)


def _aliases() -> dict[str, Column]:
    table: dict[str, Column] = {}
    for column in COLUMNS:
        for header in (*column.headers, column.field):
            table[normalise_header(header)] = column
    return table


_ALIASES = _aliases()


def column_for(header: object) -> Column | None:
    """The column a header names, or None for a column the importer ignores (序号, 存在问题 …)."""
    if header is None:
        return None
    text = header if isinstance(header, str) else str(header)
    return _ALIASES.get(normalise_header(text)) if text.strip() else None


def _header_score(cells: Sequence[Any]) -> int:
    return len({c.field for c in map(column_for, cells) if c is not None})


def _find_header(rows: Sequence[Sequence[Any]]) -> int | None:
    """The index of the row with the most known headers (at least two), the first on ties."""
    best, best_score = None, MIN_HEADER_MATCHES - 1
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = _header_score(cells)
        if score > best_score:
            best, best_score = index, score
    return best


# --- cell values --------------------------------------------------------------------------------

_PERSON_SEPARATORS = re.compile(r"[、，,;；/／\s]+")
_BRACKETED = re.compile(r"[(（][^)）]*[)）]")

_YES = frozenset({"是", "√", "✓", "✔", "y", "yes", "1", "1.0", "true", "t", "有", "涉及"})
_NO = frozenset({"否", "×", "✗", "n", "no", "0", "0.0", "false", "f", "无", "不涉及"})


def _cell_text(raw: object) -> str:
    """A cell as text: integral numbers without '.0', dates as ISO dates."""
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat()
    return str(raw).strip()


def _cell_error(exc: InvalidValueError, raw: object) -> CellValueError:
    """A parsing error as a row problem's reason: the cell as written and what is expected."""
    return CellValueError(
        Msg("ledger.bad_cell", value=shown(_cell_text(raw)), expected=exc.expected)
    )


def parse_date(raw: object) -> date:
    """A date cell, read by :func:`qy_landing.parsing.parse_date` (Excel dates too)."""
    try:
        return parsing.parse_date(raw)
    except InvalidValueError as exc:
        raise _cell_error(exc, raw) from None


def parse_month_date(raw: object) -> date:
    """A date, or a month (2026-07, 2026年7月) read as its first day."""
    try:
        return parsing.parse_date_or_month(raw)
    except InvalidValueError as exc:
        raise _cell_error(exc, raw) from None


def parse_signing(raw: object) -> tuple[str | None, date]:
    """A combined 签约活动/时间 cell: the event's name and the date written in it."""
    if isinstance(raw, date):
        return None, parse_date(raw)
    text = _cell_text(raw)
    found = parsing.find_date(text)
    if found is None:
        raise CellValueError(Msg("ledger.no_date_in_text", value=text))
    signed, rest = found
    rest = re.sub(r"\(\s*\)", "", rest).strip(" \t,，、;；/()（）-—")
    return (rest or None), signed


def parse_yes_no(raw: object) -> bool:
    """是/否, √/×, Y/N, yes/no, 1/0, true/false, 有/无, 涉及/不涉及; empty means no."""
    if raw is None or isinstance(raw, bool):
        return bool(raw)
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    text = _cell_text(raw).casefold()
    if text in _YES:
        return True
    if text in _NO or not text:
        return False
    text = unicodedata.normalize("NFKC", text).strip()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellValueError(Msg("ledger.bad_yes_no", value=_cell_text(raw)))


def parse_amount(raw: object) -> Decimal:
    """An amount in 亿元, read by :func:`qy_landing.parsing.parse_amount` (Excel numbers too)."""
    try:
        return parsing.parse_amount(raw)
    except InvalidValueError as exc:
        raise _cell_error(exc, raw) from None


def parse_number(raw: object) -> float:
    """A quantity not below 0, read by :func:`qy_landing.parsing.parse_number`."""
    try:
        return parsing.parse_number(raw)
    except InvalidValueError as exc:
        raise _cell_error(exc, raw) from None


def parse_persons(raw: object) -> tuple[str, ...]:
    """Names in one cell, separated by 、，, ; / or spaces; titles in brackets are dropped."""
    text = _cell_text(raw)
    if "(" in text or "（" in text:
        text = _BRACKETED.sub(" ", text)
    return tuple(name for name in _PERSON_SEPARATORS.split(text) if name)


# --- reading a file ----------------------------------------------------------------------------


@dataclass
class LedgerRow:
    """One data row: the project it describes, or the problems of its cells."""

    row: int
    item: ProjectInput
    problems: list[RowProblem]
    # fields given placeholders (their problems are ours, not the row-level checks')
    placeholders: frozenset[str] = frozenset()


@dataclass
class Ledger:
    """An opened ledger: where its header is and how its columns map; rows are streamed."""

    file: str
    header_row: int
    headers: dict[str, str]  # field -> header as written in the file
    ignored_columns: list[str]
    encoding: str | None = None
    sheet: str | None = None
    estimated_rows: int = 0
    skipped_rows: list[int] = field(default_factory=list)
    _source: Iterator[Sequence[Any]] | None = field(default=None, repr=False)
    _plan: list[tuple[int, Column, str]] = field(default_factory=list, repr=False)
    _positions: dict[str, int] = field(default_factory=dict, repr=False)

    def column_position(self, header: str) -> int:
        return self._positions.get(header, 1 << 20)

    def rows(self) -> Iterator[LedgerRow]:
        """The data rows below the header, blank rows, totals and section titles skipped."""
        source, self._source = self._source, None
        if source is None:
            raise RuntimeError("the rows of a ledger can be read once")
        parser = _RowParser(self._plan)
        parse = parser.parse
        number = self.header_row
        for number, cells in enumerate(source, start=self.header_row + 1):
            if not cells:
                continue
            first = cells[0]
            if (first is None or (first.__class__ is str and not first.strip())) and _is_blank(
                cells
            ):
                continue
            parsed = parse(number, cells)
            if not parsed.item.code and not parsed.item.name and parser.not_a_project(cells):
                self.skipped_rows.append(number)
                continue
            yield parsed


def _cell(cells: Sequence[Any], index: int | None) -> Any:
    if index is None or index >= len(cells):
        return None
    value = cells[index]
    if value.__class__ is str:
        return value.strip() or None
    return value


def _is_blank(cells: Sequence[Any]) -> bool:
    for value in cells:
        if value is None or (value.__class__ is str and not value.strip()):
            continue
        return False
    return True


def _text_or_chain(raw: object) -> str:
    return _chain_key(_cell_text(raw))


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "date": parse_date,
    "month_date": parse_month_date,
    "signing": parse_signing,
    "amount": parse_amount,
    "yes_no": parse_yes_no,
    "number": parse_number,
    "persons": parse_persons,
    "chain": _text_or_chain,
}
_MISSING = Msg("row.missing")
_CACHE_LIMIT = 20_000  # distinct values remembered per column
_TEXT, _CONVERTED, _SIGNING = 0, 1, 2
_MISS = object()


class _RowParser:
    """Turns the cells of a row into a ProjectInput; repeated values are converted once."""

    def __init__(self, plan: list[tuple[int, Column, str]]) -> None:
        present = {c.field for _, c, _ in plan}
        # A combined 签约活动/时间 column fills what the separate columns do not.
        self.event_from_combined = "signing_event" not in present
        self.date_from_combined = "signed_on" not in present
        self.required_indexes = [i for i, c, _ in plan if c.required or c.field == "signing"]
        # per column, precomputed because this runs per cell: index, header, field (the
        # combined signing column reports as signed_on), mode, length limit, whether an
        # empty cell is a problem, converter, cache of converted values
        self.steps: list[tuple[int, str, str, int, int, bool, Any, dict[Any, Any]]] = []
        for index, column, header in plan:
            signing = column.field == "signing"
            mode = _SIGNING if signing else _TEXT if column.kind in ("text", "code") else _CONVERTED
            self.steps.append(
                (
                    index,
                    header,
                    "signed_on" if signing else column.field,
                    mode,
                    column.max_length or 0,
                    column.required or (signing and self.date_from_combined),
                    _PARSERS.get(column.kind),
                    {},
                )
            )

    def not_a_project(self, cells: Sequence[Any]) -> bool:
        """A section title, a note or a total line rather than a project."""
        if all(_cell(cells, i) is None for i in self.required_indexes):
            return True
        return any(
            value.__class__ is str and value.strip().casefold() in TOTAL_LABELS for value in cells
        )

    def parse(self, number: int, cells: Sequence[Any]) -> LedgerRow:
        values: dict[str, Any] = {}
        problems: list[RowProblem] = []
        bad: set[str] = set()
        size = len(cells)
        for index, header, name, mode, limit, empty_is_problem, convert, cache in self.steps:
            raw = cells[index] if index < size else None
            if raw.__class__ is str:
                raw = raw.strip()
                if not raw:
                    raw = None
            if raw is None:
                if empty_is_problem:
                    problems.append(RowProblem(number, header, _MISSING))
                    bad.add(name)
                continue
            if mode == _TEXT:
                if raw.__class__ is not str:
                    raw = _cell_text(raw)
                if limit and len(raw) > limit:
                    reason = Msg("ledger.too_long", length=len(raw), limit=limit)
                    problems.append(RowProblem(number, header, reason))
                    bad.add(name)
                else:
                    values[name] = raw
                continue
            # dates, amounts, yes/no, persons … repeat a lot in a ledger: convert each once
            value = cache.get(raw, _MISS)
            if value is _MISS:
                try:
                    value = convert(raw)
                except CellValueError as exc:
                    value = exc.with_traceback(None)  # kept in the cache: no frames with it
                if len(cache) < _CACHE_LIMIT:
                    cache[raw] = value
            if value.__class__ is CellValueError:
                if mode == _SIGNING and not self.date_from_combined:
                    values["signing_event"] = _cell_text(raw)  # the event alone, no date
                    continue
                problems.append(RowProblem(number, header, value.reason))
                bad.add(name)
            elif mode == _SIGNING:
                if self.event_from_combined:
                    values["signing_event"] = value[0]
                if self.date_from_combined:
                    values["signed_on"] = value[1]
            else:
                values[name] = value
        if not problems:
            return LedgerRow(number, ProjectInput(**values), problems)
        # Placeholders keep the row checkable by upsert_projects; a missing signing date
        # makes it reject the file even when our problems are in fields it does not check.
        bad.add("signed_on")
        values["signed_on"] = None
        for name, placeholder in _PLACEHOLDERS:
            values.setdefault(name, placeholder)
        return LedgerRow(number, ProjectInput(**values), problems, frozenset(bad))


_PLACEHOLDERS = (
    ("code", ""),
    ("name", ""),
    ("investor", ""),
    ("unit", ""),
    ("chain", ""),
    ("amount", Decimal(0)),
)


def _chain_key(text: str) -> str:
    """The chain's key when ``text`` names one; else ``text`` for the row checks to report."""
    from qy_landing.errors import ChoiceError
    from qy_landing.vocabulary import resolve

    try:
        return resolve("chain", text)
    except ChoiceError:
        return text


def _plan(file: str, header_cells: Sequence[Any], header_row: int) -> Ledger:
    """Map the header's cells to columns; refuse duplicates and missing required columns."""
    plan: list[tuple[int, Column, str]] = []
    seen: dict[str, str] = {}
    ignored: list[str] = []
    positions: dict[str, int] = {}
    for index, raw in enumerate(header_cells):
        if raw is None or not _cell_text(raw):
            continue
        header = _cell_text(raw)
        positions.setdefault(header, index)
        column = column_for(header)
        if column is None:
            ignored.append(header)
            continue
        if column.field in seen:
            raise LedgerDuplicateColumnError(file, column.field, seen[column.field], header)
        seen[column.field] = header
        plan.append((index, column, header))
    present = set(seen)
    if "signing" in present and {"signed_on", "signing_event"} <= present:
        # both parts have their own columns: the combined one adds nothing
        ignored.append(seen.pop("signing"))
        plan = [p for p in plan if p[1].field != "signing"]
        present.discard("signing")
    missing = [
        f for f in REQUIRED if f not in present and not (f == "signed_on" and "signing" in present)
    ]
    if missing:
        named = [i for i, raw in enumerate(header_cells) if raw is not None and _cell_text(raw)]
        gaps = bool(named) and len(named) < named[-1] - named[0] + 1
        raise LedgerMissingColumnsError(
            file, header_row, missing, [_accepted(f) for f in missing], gaps
        )
    headers = dict(seen)
    if "signing" in seen:
        headers.setdefault("signed_on", seen["signing"])
        headers.setdefault("signing_event", seen["signing"])
    return Ledger(
        file=file,
        header_row=header_row,
        headers=headers,
        ignored_columns=ignored,
        _plan=plan,
        _positions=positions,
    )


def _accepted(name: str) -> str:
    accepted = COLUMN_BY_FIELD[name].accepted
    if name == "signed_on":  # or the date inside a combined column
        accepted += " / " + COLUMN_BY_FIELD["signing"].headers[0]
    return accepted


def open_ledger(path: Path | str, stack: ExitStack) -> Ledger:
    """Open ``path`` (closed when ``stack`` closes), find its header and map its columns."""
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise LedgerFormatError(name)
    if not path.is_file():
        raise LedgerUnreadableError(name, Msg("ledger.reason.missing_file"))
    if suffix in XLSX_SUFFIXES:
        return _open_xlsx(path, stack)
    return _open_csv(path, stack)


def _open_xlsx(path: Path, stack: ExitStack) -> Ledger:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        if isinstance(exc, PermissionError):
            raise LedgerUnreadableError(
                path.name, Msg("ledger.reason.os", detail=str(exc))
            ) from None
        raise LedgerUnreadableError(path.name, Msg("ledger.reason.not_xlsx")) from None
    except Exception as exc:  # openpyxl's InvalidFileException and kin
        raise LedgerUnreadableError(path.name, Msg("ledger.reason.not_xlsx")) from exc
    stack.callback(workbook.close)
    looked_at: list[str] = []
    for sheet in workbook.worksheets:
        looked_at.append(sheet.title)
        estimate = sheet.max_row or 0
        # Some programs write wrong sheet dimensions; read-only mode would trust them.
        sheet.reset_dimensions()
        head = [tuple(r) for r in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)]
        index = _find_header(head)
        if index is None:
            continue
        ledger = _plan(path.name, head[index], index + 1)
        ledger.sheet = sheet.title
        ledger.estimated_rows = max(0, estimate - ledger.header_row)
        ledger._source = sheet.iter_rows(min_row=ledger.header_row + 1, values_only=True)
        return ledger
    raise LedgerHeaderNotFoundError(path.name, looked_at, HEADER_SEARCH_ROWS)


def detect_encoding(path: Path) -> tuple[str, int]:
    """The text encoding of a CSV file and its number of line breaks.

    UTF-8 (with or without BOM) first, then GB18030 (which covers GBK and GB2312);
    charset-normalizer decides for anything else. The whole file is checked, in chunks.
    """
    with path.open("rb") as handle:
        start = handle.read(4)
    if start.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        lines = _decodes(path, encoding)
        if lines is not None:
            return encoding, lines
    from charset_normalizer import from_path

    best = from_path(path).best()
    if best is not None:
        lines = _decodes(path, best.encoding)
        if lines is not None:
            return best.encoding, lines
    raise LedgerUnreadableError(path.name, Msg("ledger.reason.encoding"))


def _decodes(path: Path, encoding: str) -> int | None:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    lines = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
                lines += chunk.count(b"\n")
            decoder.decode(b"", final=True)
    except (UnicodeDecodeError, LookupError):
        return None
    return lines


def csv_rows(lines: Iterable[str], file: str, **fmt: Any) -> Iterator[list[str]]:
    """The rows of CSV text (``fmt``: delimiter or dialect), counted as a spreadsheet counts
    rows (a cell with line breaks is one row).

    A cell longer than :data:`CSV_CELL_LIMIT` characters, a quote opened and never closed
    (the rest of the file would otherwise read as one cell) or other broken CSV raise
    :class:`LedgerUnreadableError` naming the row and what a cell may hold.
    """
    if csv.field_size_limit() < CSV_CELL_LIMIT:  # the module's 131 072 reads 1 MB as broken
        csv.field_size_limit(CSV_CELL_LIMIT)
    record: list[list[str]] = [[]]  # the text lines of the row being read

    def source() -> Iterator[str]:
        for line in lines:
            record[0].append(line)
            yield line

    reader = csv.reader(source(), **fmt)
    number, last = 0, ""
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise LedgerUnreadableError(file, _csv_reason(number + 1, exc)) from None
        number += 1
        last, record[0] = record[0], []  # type: ignore[assignment]
        yield cells
    text = "".join(last)
    if '"' in text and _unclosed_quote(text, fmt):
        raise LedgerUnreadableError(file, Msg("ledger.reason.open_quote", row=number))


def _csv_reason(row: int, exc: csv.Error) -> Msg:
    if "field larger than field limit" in str(exc):
        return Msg("ledger.reason.cell_too_large", row=row, limit=f"{CSV_CELL_LIMIT:,}")
    return Msg("ledger.reason.csv", row=row, detail=str(exc))


def _unclosed_quote(text: str, fmt: dict[str, Any]) -> bool:
    """Whether the last row's text ends inside a quoted cell (the lenient reader hides it)."""
    try:
        for _ in csv.reader(io.StringIO(text), strict=True, **fmt):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _open_csv(path: Path, stack: ExitStack) -> Ledger:
    encoding, lines = detect_encoding(path)
    handle = stack.enter_context(path.open(encoding=encoding, newline=""))
    head_text = "".join(handle.readline() for _ in range(HEADER_SEARCH_ROWS))
    best: tuple[int, str, list[list[str]]] | None = None
    too_large: LedgerUnreadableError | None = None
    for delimiter in (",", "\t", ";"):
        head: list[list[str]] = []
        try:
            head.extend(csv_rows(io.StringIO(head_text), path.name, delimiter=delimiter))
        except LedgerUnreadableError as exc:  # the rows before it may still hold the header
            reason = exc.reason
            if isinstance(reason, Msg) and reason.key == "ledger.reason.cell_too_large":
                too_large = exc
        index = _find_header(head)
        if index is not None and (best is None or _header_score(head[index]) > best[0]):
            best = (_header_score(head[index]), delimiter, head)
    if best is None:
        if too_large is not None:
            raise too_large
        raise LedgerHeaderNotFoundError(path.name, (), HEADER_SEARCH_ROWS)
    _, delimiter, head = best
    index = _find_header(head)
    assert index is not None
    handle.seek(0)
    ledger = _plan(path.name, head[index], index + 1)
    ledger.encoding = encoding
    ledger.estimated_rows = max(0, lines - ledger.header_row)
    ledger._source = islice(
        csv_rows(handle, path.name, delimiter=delimiter), ledger.header_row, None
    )
    return ledger


# --- importing -------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    report: UpsertReport
    rows: int
    encoding: str | None
    sheet: str | None
    header_row: int = 1
    ignored_columns: list[str] = field(default_factory=list)
    # rows with content that are not projects: section titles, notes, 合计 lines
    skipped_rows: list[int] = field(default_factory=list)


class _Progress:
    """Calls ``callback(done, total)`` now and then (a bar needs no 100 000 updates)."""

    def __init__(self, callback: Callable[[int, int], None], estimate: int) -> None:
        self.callback = callback
        self.total = max(estimate, 1)
        self.step = max(1, min(500, self.total // 200))

    def __call__(self, done: int) -> None:
        if done % self.step == 0:
            self.callback(done, max(self.total, done))

    def finish(self, done: int) -> None:
        self.callback(done, done)


def import_ledger(
    ctx: Context,
    path: Path | str,
    *,
    dry_run: bool = False,
    create_missing_persons: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import a ledger file: every row or none.

    Raises :class:`ImportRejectedError` listing every bad cell and row (file row numbers,
    columns as headed in the file), or a :class:`LedgerError` when the file itself cannot
    be used (format, encoding, no header, missing required columns). ``on_progress`` gets
    (rows checked, rows expected); the last call has both equal.
    """
    with ExitStack() as stack:
        ledger = open_ledger(path, stack)
        first_row = ledger.header_row + 1
        file_rows: list[int] = []
        placeholders: dict[int, frozenset[str]] = {}
        problems: list[RowProblem] = []
        progress = _Progress(on_progress, ledger.estimated_rows) if on_progress else None

        def items() -> Iterator[ProjectInput]:
            for parsed in ledger.rows():
                if parsed.problems:
                    placeholders[len(file_rows)] = parsed.placeholders
                    problems.extend(parsed.problems)
                file_rows.append(parsed.row)
                yield parsed.item
            if progress is not None:
                progress.finish(len(file_rows))

        try:
            report = upsert_projects(
                ctx,
                items(),
                source="import",
                dry_run=dry_run,
                first_row=first_row,
                on_progress=progress,
                file=ledger.file,
                create_missing_persons=create_missing_persons,
                # only the columns this file has are compared on projects already known
                fields=frozenset(ledger.headers),
                # checked whole first, then written in short transactions: staff writes
                # queue for one batch, not for the whole import
                batch_rows=WRITE_BATCH,
            )
        except ImportRejectedError as rejected:
            problems.extend(
                _from_checks(ledger, rejected.problems, first_row, file_rows, placeholders)
            )
            problems.sort(key=lambda p: (p.row, ledger.column_position(p.column)))
            if ledger.sheet is not None:  # an empty cell may be the lower part of a merge
                problems = _explain_merges(Path(path), ledger, problems)
            if isinstance(rejected, ImportStoppedError):  # earlier batches are written

                def file_row(row: int) -> int:
                    return file_rows[row - first_row]

                raise ImportStoppedError(
                    ledger.file,
                    problems,
                    written=rejected.written,
                    batches=rejected.batches,
                    last_written_row=file_row(rejected.last_written_row),
                    resume_row=file_row(rejected.resume_row),
                ) from None
            raise ImportRejectedError(ledger.file, problems) from None
        if problems:  # cannot happen: a row with problems has no signing date
            raise ImportRejectedError(ledger.file, problems)
    return ImportResult(
        report=report,
        rows=len(file_rows),
        encoding=ledger.encoding,
        sheet=ledger.sheet,
        header_row=ledger.header_row,
        ignored_columns=ledger.ignored_columns,
        skipped_rows=ledger.skipped_rows,
    )


# --- merged cells ---------------------------------------------------------------------------

# (first row, first column, last row, last column), 1-based, of one merged range
Merge = tuple[int, int, int, int]


def merged_ranges(path: Path, sheet: str) -> list[Merge]:
    """The merged ranges of worksheet ``sheet`` of the xlsx file ``path``.

    A merged range keeps its value in its top-left cell only; every other cell of it reads
    as empty. openpyxl's read-only mode (the one that streams big ledgers) does not keep
    the ranges, so they are read from the sheet's XML, where they follow the rows. Returns
    none for a file that is not an xlsx workbook or has no such sheet.
    """
    import zipfile
    from xml.etree.ElementTree import iterparse

    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if part is None:
                return []
            found: list[Merge] = []
            with archive.open(part) as stream:
                for _event, element in iterparse(stream):
                    tag = element.tag.rpartition("}")[2]
                    if tag == "mergeCell":
                        merge = _merge_of(element.get("ref") or "")
                        if merge is not None:
                            found.append(merge)
                    elif tag == "row":
                        element.clear()  # rows are not needed: keep memory flat
            return found
    except (OSError, KeyError, zipfile.BadZipFile, SyntaxError):  # ParseError is a SyntaxError
        return []


def _sheet_part(archive: Any, sheet: str) -> str | None:
    """The name of the XML part of worksheet ``sheet`` in an xlsx ``archive``."""
    from xml.etree.ElementTree import fromstring

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    book = fromstring(archive.read("xl/workbook.xml"))
    wanted = None
    for element in book.iter(f"{main}sheet"):
        if element.get("name") == sheet:
            wanted = element.get(f"{rel_ns}id")
    if wanted is None:
        return None
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for element in rels:
        if element.get("Id") == wanted:
            target = element.get("Target") or ""
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _merge_of(ref: str) -> Merge | None:
    from openpyxl.utils.cell import range_boundaries

    try:
        first_col, first_row, last_col, last_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return None
    if None in (first_col, first_row, last_col, last_row):
        return None  # whole rows or columns: not a merge Excel writes
    return (int(first_row), int(first_col), int(last_row), int(last_col))


def merge_at(merges: Sequence[Merge], row: int, column: int) -> Merge | None:
    """The merged range holding cell (``row``, ``column``) other than its top-left cell."""
    for merge in merges:
        first_row, first_col, last_row, last_col = merge
        if first_row <= row <= last_row and first_col <= column <= last_col:
            return None if (row, column) == (first_row, first_col) else merge
    return None


def merged_reason(merge: Merge, row: int, column: int) -> Msg:
    """Why cell (``row``, ``column``) reads empty: it lies inside ``merge``."""
    from openpyxl.utils.cell import get_column_letter

    first_row, first_col, last_row, last_col = merge
    first = f"{get_column_letter(first_col)}{first_row}"
    return Msg(
        "ledger.reason.merged",
        cell=f"{get_column_letter(column)}{row}",
        range=f"{first}:{get_column_letter(last_col)}{last_row}",
        first=first,
    )


def _explain_merges(path: Path, ledger: Ledger, problems: list[RowProblem]) -> list[RowProblem]:
    """``problems`` with every "empty" cell that lies inside a merged range saying so."""
    if not any(isinstance(p.reason, Msg) and p.reason.key == _MISSING.key for p in problems):
        return problems
    merges = merged_ranges(path, ledger.sheet or "")
    if not merges:
        return problems
    explained: list[RowProblem] = []
    for problem in problems:
        position = ledger._positions.get(problem.column)
        if (
            isinstance(problem.reason, Msg)
            and problem.reason.key == _MISSING.key
            and (position is not None)
        ):
            merge = merge_at(merges, problem.row, position + 1)
            if merge is not None:
                reason = merged_reason(merge, problem.row, position + 1)
                problem = RowProblem(problem.row, problem.column, reason, problem.error)
        explained.append(problem)
    return explained


def _from_checks(
    ledger: Ledger,
    found: Sequence[RowProblem],
    first_row: int,
    file_rows: list[int],
    placeholders: dict[int, frozenset[str]],
) -> list[RowProblem]:
    """The row-level checks' problems in the file's terms: its row numbers and headers."""
    mapped: list[RowProblem] = []
    for problem in found:
        index = problem.row - first_row
        if problem.column in placeholders.get(index, ()):
            continue  # a placeholder of ours; the real problem is already listed
        reason = problem.reason
        if isinstance(reason, Msg) and reason.key == "row.duplicate_in_file":
            other = int(reason.fields["other"]) - first_row
            reason = Msg("row.duplicate_in_file", other=file_rows[other])
        row = file_rows[index] if 0 <= index < len(file_rows) else problem.row
        column = ledger.headers.get(problem.column, problem.column)
        mapped.append(RowProblem(row, column, reason, problem.error))
    return mapped
