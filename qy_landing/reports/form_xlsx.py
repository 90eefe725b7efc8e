"""Sheets a unit fills in and sends back: the streaming xlsx writer plus form features.

Kept apart from :mod:`qy_landing.reports.writers` (which stays a plain table writer):
a :class:`FormBook` adds what a returned form needs —

- fill-in columns: unlocked, tinted cells (kinds ``fill`` and ``fill_date``), everything
  else locked by ``sheetProtection`` (no password: protection guards against slips only);
- drop-down lists (``dataValidation type="list"``) on chosen cells;
- hidden columns (a row's fingerprint for the importer);
- A4 landscape printing, one page wide, the header row repeated on every page.

The XML follows ECMA-376's element order (sheetPr … sheetData, sheetProtection,
autoFilter, dataValidations, printOptions, pageMargins, pageSetup).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from qy_landing.reports.common import neutralise
from qy_landing.reports.writers import (
    _EPOCH,
    _NS,
    _REL_NS,
    _ROOT_RELS,
    _STYLES,
    Column,
    XlsxBook,
    XlsxSheet,
    _quoted,
    _seekable,
    _xml_text,
)


def _form_styles(base: str) -> tuple[str, int, int]:
    """The writer's stylesheet plus a tinted fill and two unlocked cell styles (text, date),
    appended after whatever the writer already defines; returns it and the two styles."""
    fills = int(re.search(r'<fills count="(\d+)">', base).group(1))  # type: ignore[union-attr]
    cells = int(re.search(r'<cellXfs count="(\d+)">', base).group(1))  # type: ignore[union-attr]
    styles = (
        base.replace(f'<fills count="{fills}">', f'<fills count="{fills + 1}">')
        .replace(
            "</fills>",
            '<fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/>'
            '<bgColor indexed="64"/></patternFill></fill></fills>',
        )
        .replace(f'<cellXfs count="{cells}">', f'<cellXfs count="{cells + 2}">')
        .replace(
            "</cellXfs>",
            f'<xf numFmtId="0" fontId="0" fillId="{fills}" borderId="0" xfId="0" '
            'applyFill="1" applyProtection="1"><protection locked="0"/></xf>'
            f'<xf numFmtId="164" fontId="0" fillId="{fills}" borderId="0" xfId="0" '
            'applyNumberFormat="1" applyFill="1" applyProtection="1"><protection locked="0"/></xf>'
            "</cellXfs>",
        )
    )
    return styles, cells, cells + 1


# an unlocked, tinted text cell, and the same for a date
FORM_STYLES, _FILL_TEXT, _FILL_DATE = _form_styles(_STYLES)


@dataclass(frozen=True)
class DropDown:
    """A list of allowed values for some cells of one column (Excel shows a drop-down)."""

    column: int  # 1-based
    choices: tuple[str, ...]


def runs(numbers: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted numbers as runs: [2, 3, 4, 7] → [(2, 4), (7, 7)]."""
    found: list[tuple[int, int]] = []
    for number in sorted(numbers):
        if found and number == found[-1][1] + 1:
            found[-1] = (found[-1][0], number)
        else:
            found.append((number, number))
    return found


class FormSheet(XlsxSheet):
    """A sheet with fill-in cells, drop-downs, hidden columns, protection and print setup."""

    def __init__(
        self,
        book: XlsxBook,
        title: str,
        columns: Sequence[Column],
        headers: Sequence[str] | None = None,
        *,
        hidden: Sequence[int] = (),
    ) -> None:
        super().__init__(book, title, columns, headers)
        self.hidden = frozenset(hidden)  # 1-based column numbers
        # (column, choices) -> sheet rows that get this drop-down
        self.drop_downs: dict[tuple[int, tuple[str, ...]], list[int]] = {}

    def _cell(self, value: Any, kind: str) -> str:
        if kind == "fill":
            if value is None or value == "":
                return f' s="{_FILL_TEXT}">'
            text = neutralise(str(value))
            return f' s="{_FILL_TEXT}" t="inlineStr"><is><t xml:space="preserve">' \
                f"{_xml_text(text)}</t></is>"  # fmt: skip
        if kind == "fill_date":
            if isinstance(value, date):
                return f' s="{_FILL_DATE}"><v>{(value - _EPOCH).days}</v>'
            return f' s="{_FILL_DATE}">'
        return super()._cell(value, kind)

    def append_form(self, values: Sequence[Any], drop_downs: Sequence[DropDown] = ()) -> None:
        """A row, and the drop-downs its fill-in cells offer."""
        self.append(values)
        for drop in drop_downs:
            if drop.choices:
                self.drop_downs.setdefault((drop.column, drop.choices), []).append(self.rows + 1)

    def _validations(self) -> str:
        parts = []
        for (column, choices), rows in self.drop_downs.items():
            letter = self.letters[column - 1]
            sqref = " ".join(
                f"{letter}{a}" if a == b else f"{letter}{a}:{letter}{b}" for a, b in runs(rows)
            )
            listed = _xml_text('"' + ",".join(c.replace('"', "") for c in choices) + '"')
            parts.append(
                f'<dataValidation type="list" allowBlank="1" showErrorMessage="1" '
                f'sqref="{sqref}"><formula1>{listed}</formula1></dataValidation>'
            )
        if not parts:
            return ""
        return f'<dataValidations count="{len(parts)}">{"".join(parts)}</dataValidations>'

    def write_to(self, out: IO[bytes]) -> None:
        hide = ' hidden="1"'
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{c.width}" customWidth="1"'
            f"{hide if i in self.hidden else ''}/>"
            for i, c in enumerate(self.columns, start=1)
        )
        head = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_NS}" xmlns:r="{_REL_NS}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<dimension ref="{self.ref}"/>'
            '<sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            "</sheetView></sheetViews>"
            '<sheetFormatPr defaultRowHeight="15"/>'
            f"<cols>{cols}</cols><sheetData>"
        )
        out.write(head.encode("utf-8"))
        self.spool.seek(0)
        while chunk := self.spool.read(1 << 20):
            out.write(chunk.encode("utf-8"))
        tail = (
            "</sheetData>"
            '<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" '
            'formatRows="0" sort="0" autoFilter="0"/>'
            f'<autoFilter ref="{self.ref}"/>'
            f"{self._validations()}"
            '<printOptions gridLines="1"/>'
            '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" '
            'footer="0.3"/>'
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            "</worksheet>"
        )
        out.write(tail.encode("utf-8"))
        self.spool.close()


class FormBook(XlsxBook):
    """A workbook of :class:`FormSheet` s (see the module's docstring)."""

    def form(
        self,
        title: str,
        columns: Sequence[Column],
        headers: Sequence[str] | None = None,
        *,
        hidden: Sequence[int] = (),
    ) -> FormSheet:
        sheet = FormSheet(self, title, columns, headers, hidden=hidden)
        self.sheets.append(sheet)
        return sheet

    def _workbook(self) -> str:
        plain = super()._workbook()
        titles = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
            f"{_xml_text(_quoted(s.title))}!$1:$1</definedName>"
            for n, s in enumerate(self.sheets)
        )
        return plain.replace("</definedNames>", titles + "</definedNames>")

    def save(self, stream: IO[bytes]) -> None:
        target: IO[bytes] = stream
        buffer = None
        if not _seekable(stream):
            buffer = target = io.BytesIO()
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=5) as archive:
            archive.writestr("[Content_Types].xml", self._content_types())
            archive.writestr("_rels/.rels", _ROOT_RELS)
            archive.writestr("xl/workbook.xml", self._workbook())
            archive.writestr("xl/_rels/workbook.xml.rels", self._workbook_rels())
            archive.writestr("xl/styles.xml", FORM_STYLES)
            for number, sheet in enumerate(self.sheets, start=1):
                with archive.open(f"xl/worksheets/sheet{number}.xml", "w",
                                  force_zip64=True) as part:  # fmt: skip
                    sheet.write_to(part)
        if buffer is not None:
            stream.write(buffer.getvalue())
