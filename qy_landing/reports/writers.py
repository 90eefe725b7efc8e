"""Tables written the way an office uses them: Excel first, then CSV, Markdown and JSON.

Every writer takes rows one at a time (nothing is held in memory) and typed values:
``text`` cells are neutralised against formula injection, ``date`` cells stay real dates,
``amount`` cells stay exact numbers. xlsx is written by a small streaming writer of our
own (see :class:`XlsxBook`); tests read every file back with openpyxl.

- xlsx: one header row in the reader's language, frozen, autofilter, widths counted in
  display columns (a CJK character counts 2); dates as Excel dates (``yyyy-mm-dd``),
  amounts as numbers (``#,##0.00##``), whole numbers ``#,##0``, ratios ``0.0``. A sheet
  given a :class:`PrintTitle` starts with a title row (report, unit, 截至 date, generated
  at) and prints by itself: A4 landscape, one page wide, title and header repeated on every
  page, page numbers in the footer.
- csv: UTF-8 *with* BOM (Excel then reads Chinese correctly), ``\\r\\n`` line ends.
- md: a GitHub-style table (HTML, ``|``, links and emphasis escaped; line breaks as ``<br>``).
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import json
import math
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import IO, Any

from qy_landing import i18n
from qy_landing.errors import ChoiceError, LandingError, OutputFileError
from qy_landing.i18n import display_width
from qy_landing.jsonable import dumps
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
INT_FORMAT = "#,##0"
FLOAT_FORMAT = "0.0"


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


@dataclass(frozen=True)
class PrintTitle:
    """What a printed sheet says at its top: the report, the unit, 截至 date, generated at."""

    report: str
    unit: str | None = None
    as_of: date | None = None
    generated_at: datetime | None = None

    def text(self, sheet: str, lang: str) -> str:
        parts = [self.report if self.report.endswith(sheet) else f"{self.report} · {sheet}"]
        parts.append(self.unit or i18n.text("report.print.all_units", lang))
        if self.as_of is not None:
            parts.append(i18n.t("report.print.as_of", lang, as_of=self.as_of.isoformat()))
        if self.generated_at is not None:
            moment = self.generated_at.strftime("%Y-%m-%d %H:%M")
            parts.append(i18n.t("report.print.generated_at", lang, at=moment))
        return "  ".join(parts)


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
    """A binary stream to write to: stdout for ``None`` or ``-``, else what ``path`` names.

    Outputs go where the user points. A symlink is followed to its target. A device
    (``/dev/null``, a terminal), a FIFO or anything else that is not a regular file is
    written into directly — never replaced. Only a regular file (or a new one) is written
    beside its final name and moved into place when complete, keeping the old file's mode,
    so a failed export never leaves a half-written file behind (nor destroys the old one).
    A place that cannot be written is an :class:`~qy_landing.errors.OutputFileError`.
    """
    if path is None or str(path) == "-":
        stream = sys.stdout.buffer
        yield stream
        stream.flush()
        return
    shown = str(path)
    final = Path(os.path.realpath(path))  # symlinks followed (also a dangling one)
    try:
        mode: int | None = final.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _output_error(shown, exc) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise _output_error(shown, IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)))
    if mode is not None and not stat.S_ISREG(mode):
        try:
            special = final.open("wb")  # a device or a FIFO: into it, as `>` would
        except OSError as exc:
            raise _output_error(shown, exc) from None
        with special:
            try:
                yield special
                special.flush()
            except OSError as exc:
                raise _output_error(shown, exc) from None
        return
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{final.name}.", dir=final.parent)
    except OSError as exc:
        raise _output_error(shown, exc) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        Path(temporary).chmod(stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        Path(temporary).replace(final)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        if isinstance(exc, OSError) and not isinstance(exc, LandingError):
            raise _output_error(shown, exc) from None
        raise


def _output_error(shown: str, exc: OSError) -> OutputFileError:
    return OutputFileError(shown, exc.strerror or type(exc).__name__)


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
    if kind == "bool":
        return i18n.text("word.yes" if value else "word.no", lang)
    if kind in ("int", "float", "amount") and isinstance(value, int | float | Decimal):
        if not finite(value):
            return ""  # as in the xlsx: no number, no cell
        return amount_text(value) if isinstance(value, Decimal) else str(value)
    return neutralise(str(value))


# --- xlsx ---------------------------------------------------------------------------------------
#
# A small streaming writer of SpreadsheetML (the .xlsx format), written here because
# openpyxl's write-only mode spends ~20 µs per cell without lxml: a 100 000-row list took
# over a minute. Rows go to a temporary file per sheet as they come; ``save`` zips the
# parts. Only what reports need: inline strings, numbers, dates, a bold header, widths,
# a frozen first row and an autofilter.

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_EPOCH = date(1899, 12, 30)
# cell styles (index into cellXfs), repeated for each row tone (plain, red list, black list)
_KINDS = ("plain", "date", "amount", "header", "wrap", "int", "float", "title")
_STYLE = {kind: index for index, kind in enumerate(_KINDS)}
TONES = ("", "red", "black")
_MEASURED_ROWS = 1000  # widths are measured on the header and the first rows
# characters XML 1.0 cannot carry at all (a ledger pasted from elsewhere may hold them)
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAX_TEXT = 32767  # Excel's limit of characters in one cell, counted in UTF-16 code units


def cap_utf16(text: str, limit: int = _MAX_TEXT) -> str:
    """``text`` cut to at most ``limit`` UTF-16 code units, never inside a surrogate pair.

    Excel (and LibreOffice) count a cell's length in UTF-16 units: a character outside the
    Basic Multilingual Plane (an emoji, a rare CJK ideograph of Extension B) counts twice.
    """
    if len(text) <= limit // 2:
        return text
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text


def finite(value: int | float | Decimal) -> bool:
    """False for NaN and ±infinity, which no spreadsheet cell can hold as a number."""
    if isinstance(value, Decimal):
        return value.is_finite()
    if isinstance(value, int):
        return True
    return math.isfinite(value)


def _xml_text(text: str) -> str:
    if _ILLEGAL_XML.search(text):
        text = _ILLEGAL_XML.sub("", text)
    if len(text) > _MAX_TEXT // 2:  # only then can the UTF-16 length pass the cap
        text = cap_utf16(text)
    if "&" in text or "<" in text or ">" in text or '"' in text:
        text = escape(text, quote=True)
    return text


def _column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class XlsxSheet:
    """One sheet: an optional title row, a frozen, filtered header row, then rows streamed.

    Column widths follow the text (display width, CJK counted 2) up to the column's
    declared width; a longer text wraps in its cell. Every sheet prints landscape on A4,
    one page wide, with the title and header rows repeated and page numbers in the footer.
    """

    def __init__(
        self,
        book: XlsxBook,
        title: str,
        columns: Sequence[Column],
        headers: Sequence[str] | None = None,
    ) -> None:
        self.book = book
        taken = [sheet.title for sheet in book.sheets]
        self.title: str = _unique_title(_sheet_title(title), taken)
        self.columns = list(columns)
        self.letters = [_column_letter(i) for i in range(1, max(1, len(self.columns)) + 1)]
        self.last_column = self.letters[-1]
        self.caps = [max(6.0, float(c.width)) for c in self.columns]
        self.widths = [4.0] * len(self.columns)
        self.rows = 0
        # lives as long as the sheet; closed by write_to() when the workbook is saved
        self.spool: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
        self.heading = (
            book.print_title.text(self.title, book.lang) if book.print_title is not None else None
        )
        self.header_row = 2 if self.heading is not None else 1
        if self.heading is not None:
            self.spool.write(
                '<row r="1" ht="24" customHeight="1"><c r="A1" s="7" t="inlineStr"><is>'
                f'<t xml:space="preserve">{_xml_text(self.heading)}</t></is></c></row>'
            )
        names = [
            neutralise(str(n)) for n in (headers or [c.header(book.lang) for c in self.columns])
        ]
        for index, name in enumerate(names[: len(self.columns)]):
            # a header may wrap onto two lines: half its width (plus a margin) is enough
            wide = display_width(name)
            self.widths[index] = max(4.0, min(wide, max(wide / 2 + 1, self.caps[index])))
        # a header wider than its column wraps: give the row two lines (viewers and printers
        # do not grow a row by themselves when a file is opened)
        tall = any(display_width(n) + 1 > w for n, w in zip(names, self.widths, strict=False))
        height = ' ht="30" customHeight="1"' if tall else ""
        self._write_row(self.header_row, [(n, "header") for n in names], "", height)

    def _write_row(
        self, number: int, cells: Sequence[tuple[Any, str]], tone: str, height: str = ""
    ) -> None:
        parts = [f'<row r="{number}"{height}>']
        measure = number <= _MEASURED_ROWS
        offset = TONES.index(tone) * len(_KINDS)
        for index, (letter, (value, kind)) in enumerate(zip(self.letters, cells, strict=False)):
            cell = self._cell(value, kind, index, measure, offset)
            if cell:
                parts.append(f'<c r="{letter}{number}"{cell}</c>')
            elif offset:
                parts.append(f'<c r="{letter}{number}" s="{offset}"/>')
        parts.append("</row>")
        self.spool.write("".join(parts))

    def _fit(self, index: int, width: float) -> bool:
        """Widen column ``index`` for a value ``width`` wide; True when it must wrap."""
        if width + 1 > self.widths[index]:
            self.widths[index] = min(width + 1, self.caps[index])
        return width > self.caps[index]

    def _cell(self, value: Any, kind: str, index: int, measure: bool, offset: int) -> str:
        """The attributes and content of a cell after ``<c r="…"``; empty for no cell."""
        if value is None:
            return ""
        if kind == "date" and isinstance(value, date):
            if measure and index < len(self.widths):
                self._fit(index, 16 if isinstance(value, datetime) else 10)
            style = f' s="{offset + _STYLE["date"]}"'
            if isinstance(value, datetime):  # a datetime is a date too: keep the time of day
                days = (value.date() - _EPOCH).days
                moment = (
                    value.hour * 3600 + value.minute * 60 + value.second
                ) + value.microsecond / 1e6
                return f"{style}><v>{days + moment / 86400!r}</v>"
            return f"{style}><v>{(value - _EPOCH).days}</v>"
        if kind in ("int", "float", "amount") and isinstance(value, int | float | Decimal) \
                and not isinstance(value, bool):  # fmt: skip
            if not finite(value):
                return ""  # Excel has no NaN or infinity: the cell stays empty
            number = f"{value:f}" if isinstance(value, Decimal) else repr(value)
            if measure and index < len(self.widths):
                self._fit(index, len(number) + number.count(".") + len(number) // 3)
            shown = kind if kind != "int" or isinstance(value, int) else "plain"
            style_id = offset + _STYLE[shown]
            style = f' s="{style_id}"' if style_id else ""
            return f"{style}><v>{number}</v>"
        if kind == "bool":
            value = i18n.text("word.yes" if value else "word.no", self.book.lang)
        text = str(value) if kind == "header" else neutralise(str(value))
        wrap = "\n" in text
        if measure and kind != "header" and index < len(self.widths):
            longest = max(display_width(line) for line in text.split("\n"))
            wrap = self._fit(index, longest) or wrap
        elif not measure and index < len(self.caps) and kind != "header":
            cap = self.caps[index]
            wrap = wrap or (len(text) > cap / 2 and display_width(text) > cap)
        style_kind = "header" if kind == "header" else ("wrap" if wrap else "plain")
        style_id = offset + _STYLE[style_kind]
        style = f' s="{style_id}"' if style_id else ""
        return f'{style} t="inlineStr"><is><t xml:space="preserve">{_xml_text(text)}</t></is>'

    def append(self, values: Sequence[Any], tone: str = "", fill: str | None = None) -> None:
        """Add a row; ``tone`` (or ``fill``) ``red`` or ``black`` colours it (红黑榜)."""
        self.rows += 1
        self._write_row(
            self.rows + self.header_row,
            [(v, c.kind) for v, c in zip(values, self.columns, strict=True)],
            tone or fill or "",
        )

    @property
    def last_row(self) -> int:
        return self.rows + self.header_row

    @property
    def ref(self) -> str:
        return f"A1:{self.last_column}{self.last_row}"

    @property
    def filter_ref(self) -> str:
        return f"A{self.header_row}:{self.last_column}{self.last_row}"

    def _footer(self) -> str:
        pages = i18n.text("report.print.pages", self.book.lang)
        left = _header_footer_text(self.title)
        footer = f"&amp;L{left}&amp;R{_xml_text(pages)}"
        return f"<headerFooter><oddFooter>{footer}</oddFooter></headerFooter>"

    def _col(self, number: int, width: float) -> str:
        """The ``<col>`` element of column ``number`` (1-based)."""
        return f'<col min="{number}" max="{number}" width="{round(width + 1, 1)}" customWidth="1"/>'

    def _protection(self) -> str:
        """``<sheetProtection>`` (after the data, before the autofilter); none here."""
        return ""

    def _validations(self) -> str:
        """``<dataValidations>`` (after merged cells, before the print options); none here."""
        return ""

    def write_to(self, out: IO[bytes]) -> None:
        if self.heading is not None and self.widths:
            # the title row is one merged cell over the columns, in a larger font (14 pt
            # against 11): a narrow sheet widens its columns alike rather than cut the title
            needed = display_width(self.heading) * 14 / 11 + 2
            short = needed - sum(w + 1 for w in self.widths)
            if short > 0:
                self.widths = [w + short / len(self.widths) for w in self.widths]
        cols = "".join(self._col(i, w) for i, w in enumerate(self.widths, start=1))
        frozen = self.header_row + 1
        merge = (
            f'<mergeCells count="1"><mergeCell ref="A1:{self.last_column}1"/></mergeCells>'
            if self.heading is not None and len(self.columns) > 1
            else ""
        )
        head = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_NS}" xmlns:r="{_REL_NS}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<dimension ref="{self.ref}"/>'
            '<sheetViews><sheetView workbookViewId="0">'
            f'<pane ySplit="{self.header_row}" topLeftCell="A{frozen}" activePane="bottomLeft" '
            'state="frozen"/>'
            f'<selection pane="bottomLeft" activeCell="A{frozen}" sqref="A{frozen}"/>'
            "</sheetView></sheetViews>"
            '<sheetFormatPr defaultRowHeight="15"/>'
            f"{'<cols>' + cols + '</cols>' if cols else ''}<sheetData>"
        )
        out.write(head.encode("utf-8"))
        self.spool.seek(0)
        while True:
            chunk = self.spool.read(1 << 20)
            if not chunk:
                break
            out.write(chunk.encode("utf-8"))
        tail = (
            f"</sheetData>{self._protection()}"
            f'<autoFilter ref="{self.filter_ref}"/>{merge}{self._validations()}'
            '<printOptions horizontalCentered="1" gridLines="1"/>'
            '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" '
            'footer="0.3"/>'
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            f"{self._footer()}</worksheet>"
        )
        out.write(tail.encode("utf-8"))
        self.spool.close()


def _header_footer_text(text: str) -> str:
    """Text for a page header or footer: ``&`` doubled (codes start with ``&``), XML-escaped."""
    return _xml_text(text.replace("&", "&&"))


class XlsxBook:
    """A workbook written as a stream: sheets take rows, the file is zipped on :meth:`save`."""

    styles: str  # the style sheet (set below, once :data:`_STYLES` is built)

    def __init__(self, lang: str, print_title: PrintTitle | None = None) -> None:
        self.lang = lang
        self.print_title = print_title
        self.sheets: list[XlsxSheet] = []

    def sheet(
        self, title: str, columns: Sequence[Column], headers: Sequence[str] | None = None
    ) -> XlsxSheet:
        sheet = XlsxSheet(self, title, columns, headers)
        self.sheets.append(sheet)
        return sheet

    def save(self, stream: IO[bytes]) -> None:
        import zipfile

        target: IO[bytes] = stream
        buffer = None
        if not _seekable(stream):
            buffer = target = io.BytesIO()
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=5) as archive:
            archive.writestr("[Content_Types].xml", self._content_types())
            archive.writestr("_rels/.rels", _ROOT_RELS)
            archive.writestr("xl/workbook.xml", self._workbook())
            archive.writestr("xl/_rels/workbook.xml.rels", self._workbook_rels())
            archive.writestr("xl/styles.xml", self.styles)
            for number, sheet in enumerate(self.sheets, start=1):
                with archive.open(f"xl/worksheets/sheet{number}.xml", "w",
                                  force_zip64=True) as part:  # fmt: skip
                    sheet.write_to(part)
        if buffer is not None:
            stream.write(buffer.getvalue())

    def _content_types(self) -> str:
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, len(self.sheets) + 1)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{sheets}</Types>"
        )

    def _workbook(self) -> str:
        sheets = "".join(
            f'<sheet name="{_xml_text(s.title)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, s in enumerate(self.sheets, start=1)
        )
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
            f"{_xml_text(_quoted(s.title))}!$A${s.header_row}:${s.last_column}${s.last_row}"
            "</definedName>"
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
            f"{_xml_text(_quoted(s.title))}!$1:${s.header_row}</definedName>"
            for n, s in enumerate(self.sheets)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{_NS}" xmlns:r="{_REL_NS}">'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets>"
            f"{'<definedNames>' + names + '</definedNames>' if names else ''}"
            "</workbook>"
        )

    def _workbook_rels(self) -> str:
        sheet_type = f"{_REL_NS}/worksheet"
        rels = "".join(
            f'<Relationship Id="rId{n}" Type="{sheet_type}" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(self.sheets) + 1)
        )
        styles = (
            f'<Relationship Id="rId{len(self.sheets) + 1}" Type="{_REL_NS}/styles" '
            'Target="styles.xml"/>'
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_PKG_REL}">{rels}{styles}</Relationships>'
        )


_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
    f'Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)


def _styles() -> str:
    """The style sheet: :data:`_KINDS` once per row tone of :data:`TONES`."""
    formats = {"plain": 0, "date": 164, "amount": 165, "header": 0, "wrap": 0, "int": 166,
               "float": 167, "title": 0}  # fmt: skip
    # fonts: 0 plain, 1 bold, 2 title, 3 dark red (red list), 4 white bold (black list)
    fonts = (
        '<fonts count="5"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="14"/><name val="Calibri"/></font>'
        '<font><sz val="11"/><color rgb="FF9C0006"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/></font></fonts>'
    )
    fills = (
        '<fills count="5"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/></patternFill></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/></patternFill></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FF404040"/></patternFill></fill>'
        "</fills>"
    )
    xfs = []
    for tone in TONES:
        for kind in _KINDS:
            font = {"header": 1, "title": 2}.get(kind, {"": 0, "red": 3, "black": 4}[tone])
            fill = 2 if kind == "header" else {"": 0, "red": 3, "black": 4}[tone]
            attributes = (
                f'numFmtId="{formats[kind]}" fontId="{font}" fillId="{fill}" borderId="0" '
                'xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1"'
            )
            if kind in ("header", "wrap"):
                centre = ' horizontal="center" vertical="center"' if kind == "header" else (
                    ' vertical="top"')  # fmt: skip
                xfs.append(
                    f'<xf {attributes} applyAlignment="1"><alignment wrapText="1"{centre}/></xf>'
                )
            elif kind == "title":
                xfs.append(
                    f'<xf {attributes} applyAlignment="1"><alignment vertical="center"/></xf>'
                )
            else:
                xfs.append(f"<xf {attributes}/>")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<styleSheet xmlns="{_NS}">'
        f'<numFmts count="4"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/>'
        f'<numFmt numFmtId="165" formatCode="{AMOUNT_FORMAT}"/>'
        f'<numFmt numFmtId="166" formatCode="{INT_FORMAT}"/>'
        f'<numFmt numFmtId="167" formatCode="{FLOAT_FORMAT}"/></numFmts>'
        f"{fonts}{fills}"
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


_STYLES = _styles()
XlsxBook.styles = _STYLES


def _seekable(stream: IO[bytes]) -> bool:
    try:
        return stream.seekable()
    except (AttributeError, ValueError):
        return False


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _sheet_title(title: str) -> str:
    """Excel refuses ``[]:*?/\\`` in sheet titles and more than 31 characters."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip() or "Sheet"
    return cleaned[:31]


def _unique_title(title: str, taken: Sequence[str]) -> str:
    candidate, number = title, 2
    while candidate.casefold() in (t.casefold() for t in taken):
        suffix = f" ({number})"
        candidate, number = title[: 31 - len(suffix)] + suffix, number + 1
    return candidate


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
    # raw HTML is shown as text, never rendered; markup characters are escaped
    text = escape(text, quote=False)
    for mark in ("\\", "|", "`", "*", "_", "[", "]"):
        text = text.replace(mark, "\\" + mark)
    return text.replace("\r", " ").replace("\n", "<br>")


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
