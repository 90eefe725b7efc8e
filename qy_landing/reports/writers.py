"""Tables written the way an office uses them: Excel first, then CSV, Markdown and JSON.

Every writer takes rows one at a time (nothing is held in memory) and typed values:
``text`` cells are neutralised against formula injection, ``date`` cells stay real dates,
``amount`` cells stay exact numbers. xlsx is written with openpyxl's write-only mode.

- xlsx: one header row in the reader's language, frozen (``A2``), autofilter, widths;
  dates as Excel dates (``yyyy-mm-dd``), amounts as numbers (``0.00##``).
- csv: UTF-8 *with* BOM (Excel then reads Chinese correctly), ``\\r\\n`` line ends.
- md: a GitHub-style table (``|`` and line breaks escaped).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from qy_landing import i18n
from qy_landing.errors import ChoiceError
from qy_landing.reports.common import neutralise

FORMATS = ("xlsx", "csv", "json", "md")
_SUFFIXES = {
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".json": "json",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}

DATE_FORMAT = "yyyy-mm-dd"
AMOUNT_FORMAT = "#,##0.00##"


@dataclass(frozen=True)
class Column:
    """A column: its catalogue key (``report.col.<key>``), kind and width in characters.

    kind: ``text`` | ``date`` | ``amount`` | ``int`` | ``float`` | ``bool``.
    """

    key: str
    kind: str = "text"
    width: float = 14

    def header(self, lang: str) -> str:
        return i18n.text(f"report.col.{self.key}", lang)


def format_of(
    path: str | None, explicit: str | None, allowed: Sequence[str] = FORMATS, default: str = "csv"
) -> str:
    """The output format: ``explicit``, else the file name's suffix, else ``default``."""
    if explicit:
        wanted = explicit.strip().lower().lstrip(".")
        wanted = "md" if wanted == "markdown" else wanted
        if wanted not in allowed:
            raise ChoiceError("format", explicit, list(allowed))
        return wanted
    if path and path != "-":
        suffix = Path(path).suffix.lower()
        found = _SUFFIXES.get(suffix)
        if found is None or found not in allowed:
            raise ChoiceError("format", suffix or path, list(allowed))
        return found
    return default


@contextlib.contextmanager
def open_target(path: str | Path | None) -> Iterator[IO[bytes]]:
    """A binary stream to write to: stdout for ``None`` or ``-``, else the file.

    A file is written beside its final name and moved into place only when complete, so
    a failed export never leaves a half-written file behind (nor destroys the old one).
    """
    if path is None or str(path) == "-":
        stream = sys.stdout.buffer
        yield stream
        stream.flush()
        return
    final = Path(path)
    final.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{final.name}.", dir=final.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        Path(temporary).chmod(0o666 & ~_umask())
        Path(temporary).replace(final)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


# --- values -------------------------------------------------------------------------------------


def amount_text(value: Decimal | None, places: int | None = None) -> str:
    """An exact amount as text: ``12.5``; with ``places`` always that many decimals."""
    if value is None:
        return ""
    if places is not None:
        return f"{value.quantize(Decimal(1).scaleb(-places)):f}"
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def plain(value: Any, kind: str, lang: str) -> Any:
    """A cell's value as text for CSV and Markdown (neutralised text)."""
    if value is None:
        return ""
    if kind == "date" and isinstance(value, date):
        return value.isoformat()
    if kind == "amount" and isinstance(value, Decimal):
        return amount_text(value)
    if kind == "bool":
        return i18n.text("word.yes" if value else "word.no", lang)
    if kind in ("int", "float"):
        return str(value)
    return neutralise(str(value))


# --- xlsx ---------------------------------------------------------------------------------------


class XlsxSheet:
    """One write-only sheet with a frozen, filtered header row."""

    def __init__(
        self,
        book: XlsxBook,
        title: str,
        columns: Sequence[Column],
        headers: Sequence[str] | None = None,
    ) -> None:
        from openpyxl.utils import get_column_letter

        self.book = book
        self.columns = list(columns)
        self.sheet = book.workbook.create_sheet(title=_sheet_title(title))
        self.rows = 0
        self.sheet.freeze_panes = "A2"
        for index, column in enumerate(self.columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column.width
        names = headers or [c.header(book.lang) for c in self.columns]
        self.sheet.append([self._cell(name, "header") for name in names])
        self.last_column = get_column_letter(max(1, len(self.columns)))

    def _cell(self, value: Any, kind: str) -> Any:
        from openpyxl.cell import WriteOnlyCell

        if value is None:
            return None
        if kind == "header":
            cell = WriteOnlyCell(self.sheet, value=neutralise(str(value)))
            cell.font = self.book.bold
            return cell
        if kind == "date" and isinstance(value, date):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = DATE_FORMAT
            return cell
        if kind == "amount" and isinstance(value, Decimal):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = AMOUNT_FORMAT
            return cell
        if kind in ("int", "float") and isinstance(value, int | float):
            return value
        if kind == "bool":
            return i18n.text("word.yes" if value else "word.no", self.book.lang)
        text = neutralise(str(value))
        if text.startswith("="):  # pragma: no cover - neutralise() never leaves one
            text = "'" + text
        return text

    def append(self, values: Sequence[Any]) -> None:
        self.sheet.append(
            [self._cell(v, c.kind) for v, c in zip(values, self.columns, strict=True)]
        )
        self.rows += 1

    def close(self) -> None:
        self.sheet.auto_filter.ref = f"A1:{self.last_column}{self.rows + 1}"


class XlsxBook:
    """A write-only workbook: sheets stream rows, the file is written on :meth:`save`."""

    def __init__(self, lang: str) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        self.lang = lang
        self.workbook = Workbook(write_only=True)
        self.bold = Font(bold=True)
        self.sheets: list[XlsxSheet] = []

    def sheet(
        self, title: str, columns: Sequence[Column], headers: Sequence[str] | None = None
    ) -> XlsxSheet:
        sheet = XlsxSheet(self, title, columns, headers)
        self.sheets.append(sheet)
        return sheet

    def save(self, stream: IO[bytes]) -> None:
        for sheet in self.sheets:
            sheet.close()
        if stream is sys.stdout.buffer or not hasattr(stream, "seek"):
            buffer = io.BytesIO()
            self.workbook.save(buffer)
            stream.write(buffer.getvalue())
        else:
            self.workbook.save(stream)


def _sheet_title(title: str) -> str:
    """Excel refuses ``[]:*?/\\`` in sheet titles and more than 31 characters."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip() or "Sheet"
    return cleaned[:31]


# --- csv ----------------------------------------------------------------------------------------


class CsvTable:
    """A CSV table: UTF-8 with BOM, header row in the reader's language."""

    def __init__(
        self,
        stream: IO[bytes],
        columns: Sequence[Column],
        lang: str,
        headers: Sequence[str] | None = None,
    ) -> None:
        self.text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", write_through=False)
        self.columns = list(columns)
        self.lang = lang
        self.writer = csv.writer(self.text)
        self.writer.writerow(
            [neutralise(h) for h in (headers or [c.header(lang) for c in columns])]
        )

    def append(self, values: Sequence[Any]) -> None:
        self.writer.writerow(
            [plain(v, c.kind, self.lang) for v, c in zip(values, self.columns, strict=True)]
        )

    def close(self) -> None:
        self.text.flush()
        self.text.detach()


# --- markdown -----------------------------------------------------------------------------------


def md_cell(value: Any, kind: str, lang: str) -> str:
    text = "" if value is None else str(plain(value, kind, lang))
    if kind == "text" and text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]  # Markdown has no formulas; show the text as it is
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", "<br>")


class MarkdownTable:
    def __init__(
        self,
        stream: IO[str],
        columns: Sequence[Column],
        lang: str,
        headers: Sequence[str] | None = None,
    ) -> None:
        self.stream = stream
        self.columns = list(columns)
        self.lang = lang
        names = headers or [c.header(lang) for c in columns]
        stream.write("| " + " | ".join(md_cell(n, "text", lang) for n in names) + " |\n")
        stream.write(
            "|"
            + "|".join(
                "---:" if c.kind in ("int", "float", "amount") else "---" for c in self.columns
            )
            + "|\n"
        )

    def append(self, values: Sequence[Any]) -> None:
        cells = [md_cell(v, c.kind, self.lang) for v, c in zip(values, self.columns, strict=True)]
        self.stream.write("| " + " | ".join(cells) + " |\n")


# --- json ---------------------------------------------------------------------------------------


def json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "as_dict"):
        return value.as_dict()
    raise TypeError(f"not JSON: {type(value).__name__}")


def dumps(value: Any, indent: int | None = 2) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, default=json_default)


class JsonStream:
    """``{"head"…, "<items>": [ … streamed … ], "tail"…}`` written as items arrive."""

    def __init__(self, stream: IO[bytes], head: dict[str, Any], items_key: str) -> None:
        self.text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
        self.count = 0
        opening = dumps(head)
        opening = opening[:-1].rstrip() + ("," if head else "") + f'\n  "{items_key}": ['
        self.text.write(opening)

    def append(self, item: Any) -> None:
        body = dumps(item).replace("\n", "\n    ")
        self.text.write(("," if self.count else "") + "\n    " + body)
        self.count += 1

    def close(self, tail: dict[str, Any]) -> None:
        self.text.write("\n  ]" if self.count else "]")
        for key, value in tail.items():
            body = dumps(value).replace("\n", "\n  ")
            self.text.write(f",\n  {json.dumps(key)}: {body}")
        self.text.write("\n}\n")
        self.text.flush()
        self.text.detach()
