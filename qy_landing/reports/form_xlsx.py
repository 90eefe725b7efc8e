"""Sheets a unit fills in and sends back: the streaming xlsx writer plus form features.

Kept apart from :mod:`qy_landing.reports.writers` (which stays a plain table writer):
a :class:`FormBook` adds what a returned form needs —

- fill-in columns: unlocked, tinted cells (kinds ``fill`` and ``fill_date``), everything
  else locked by ``sheetProtection`` (no password: protection guards against slips only);
- drop-down lists (``dataValidation type="list"``) on chosen cells;
- hidden columns (a row's fingerprint for the importer).

Printing is the writers' own: a title row (report, unit, 截至 date, generated at) when the
book has a :class:`~qy_landing.reports.writers.PrintTitle`, A4 landscape one page wide,
title and header rows repeated on every page, page numbers in the footer, widths counted
in display columns. The XML follows ECMA-376's element order (sheetPr … sheetData,
sheetProtection, autoFilter, mergeCells, dataValidations, printOptions, pageMargins,
pageSetup, headerFooter).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from qy_landing.reports.common import neutralise
from qy_landing.reports.writers import (
    _EPOCH,
    _KINDS,
    _STYLES,
    TONES,
    Column,
    XlsxBook,
    XlsxSheet,
    _xml_text,
)

# the two styles appended after the writers' own: an unlocked, tinted text cell; the
# same for a date
_FILL_TEXT = len(TONES) * len(_KINDS)
_FILL_DATE = _FILL_TEXT + 1


def _form_styles(styles: str) -> str:
    """The writers' style sheet plus a tint fill and the two fill-in cell styles."""
    fills = int(re.search(r'<fills count="(\d+)">', styles).group(1))  # type: ignore[union-attr]
    xfs = int(re.search(r'<cellXfs count="(\d+)">', styles).group(1))  # type: ignore[union-attr]
    if xfs != _FILL_TEXT:
        raise AssertionError("the writers' styles changed: the fill-in style ids move")
    return (
        styles.replace(f'<fills count="{fills}">', f'<fills count="{fills + 1}">')
        .replace(
            "</fills>",
            '<fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/>'
            '<bgColor indexed="64"/></patternFill></fill></fills>',
        )
        .replace(f'<cellXfs count="{xfs}">', f'<cellXfs count="{xfs + 2}">')
        .replace(
            "</cellXfs>",
            f'<xf numFmtId="0" fontId="0" fillId="{fills}" borderId="0" xfId="0" '
            'applyFill="1" applyAlignment="1" applyProtection="1">'
            '<alignment vertical="top" wrapText="1"/><protection locked="0"/></xf>'
            f'<xf numFmtId="164" fontId="0" fillId="{fills}" borderId="0" xfId="0" '
            'applyNumberFormat="1" applyFill="1" applyProtection="1"><protection locked="0"/></xf>'
            "</cellXfs>",
        )
    )


FORM_STYLES = _form_styles(_STYLES)


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

    def _cell(self, value: Any, kind: str, index: int, measure: bool, offset: int) -> str:
        if kind == "fill":
            if index < len(self.widths):
                # a fill-in column is as wide as its cap: room to write by hand or type
                self.widths[index] = max(self.widths[index], self.caps[index])
            if value is None or value == "":
                return f' s="{_FILL_TEXT}">'
            text = neutralise(str(value))
            return f' s="{_FILL_TEXT}" t="inlineStr"><is><t xml:space="preserve">' \
                f"{_xml_text(text)}</t></is>"  # fmt: skip
        if kind == "fill_date":
            if index < len(self.widths):
                self.widths[index] = max(self.widths[index], 11.0)
            if isinstance(value, date):
                return f' s="{_FILL_DATE}"><v>{(value - _EPOCH).days}</v>'
            return f' s="{_FILL_DATE}">'
        return super()._cell(value, kind, index, measure, offset)

    def append_form(self, values: Sequence[Any], drop_downs: Sequence[DropDown] = ()) -> None:
        """A row, and the drop-downs its fill-in cells offer."""
        self.append(values)
        for drop in drop_downs:
            if drop.choices:
                self.drop_downs.setdefault((drop.column, drop.choices), []).append(self.last_row)

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

    def _col(self, number: int, width: float) -> str:
        hide = ' hidden="1"' if number in self.hidden else ""
        return super()._col(number, width).replace("/>", f"{hide}/>")

    def _protection(self) -> str:
        return (
            '<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" '
            'formatRows="0" sort="0" autoFilter="0"/>'
        )


class FormBook(XlsxBook):
    """A workbook of :class:`FormSheet` s (see the module's docstring)."""

    styles = FORM_STYLES

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
