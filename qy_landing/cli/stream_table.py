"""Tables printed as their rows come: laid out from the first rows, fitted to the terminal.

rich lays a table out only once it holds every row: 5,000 projects took 4.4 s and memory
grows with the rows. The long lists (``project list``, ``remind list``) print with this
writer instead. The column widths are decided once, from the header and the first
:data:`SAMPLE` rows, then every row is written as soon as it is read:

- project codes, reminder keys, dates and e-mail addresses never break: a column is at
  least as wide as its longest code, date or address, and a column holding nothing else
  does not wrap at all;
- when the terminal is too narrow, columns hide by priority (a column's ``priority``: 0
  never hides, the highest number hides first) and the others shrink, their text folding
  between words or Chinese characters (never before 、，）…); the table says which columns
  it left out, and ``--wide`` shows them all at their natural width;
- the box is rich's default (``HEAVY_HEAD``), so these tables look like the CLI's others;
- on a terminal, a table longer than the screen goes through the pager.

Widths count display columns (a Chinese character takes two). Data never carries
terminal controls: they are shown as symbols (``render.escape_controls``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice
from typing import IO, TYPE_CHECKING, cast

from qy_landing.cli.render import escape_controls
from qy_landing.i18n import display_width

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

SAMPLE = 200  # rows that decide the layout
_width = lru_cache(maxsize=16384)(display_width)  # units, states, labels repeat on every row
FOLD_MIN = 6  # a text column folds down to this many columns, no fewer
COMFORT = 10  # columns hide until each shown one can have this many (or its natural width)

# project codes (national and local), reminder keys (monthly:12:2026-10,
# overdue:345:2026-10-09:1:12 …), dates and e-mail addresses: never broken across lines
WHOLE = re.compile(
    r"\d{4}-\d{6}-\d{2}-\d{2}-\d{6}|[A-Z]{2,}-\d{4}-\d{3,}"
    r"|(?<![\w:])[a-z_]+:\d+:\d{4}-\d{2}(?:-\d{2})?(?::\d+)*|\d{4}-\d{2}-\d{2}"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
_WORD = re.compile(rf"(?:{WHOLE.pattern})| +|(?:(?!{WHOLE.pattern})[!-~])+|.")
_NO_LINE_START = set("、，。；：！？）」』》〉】")  # full-width closing marks
_ANSI = {
    "bold": "\x1b[1m",
    "dim": "\x1b[2m",
    "red": "\x1b[31m",
    "bold red": "\x1b[1;31m",
    "yellow": "\x1b[33m",
    "green": "\x1b[32m",
    "cyan": "\x1b[36m",
}


@dataclass(frozen=True)
class Col:
    """A column: its header, when it hides (0 never; higher first) and width bounds."""

    header: str
    priority: int = 0
    min_width: int = 0
    max_width: int | None = None
    right: bool = False  # numbers: aligned right


# A cell: plain text (lines split at "\n"), or its lines each with a style ("", "dim",
# "bold red" …; shown only on a colour terminal).
Line = tuple[str, str]
Cell = str | Sequence[Line]


def lines_of(cell: Cell | None) -> list[Line]:
    if cell is None:
        return [("", "")]
    if isinstance(cell, str):
        return [(line, "") for line in cell.split("\n")]
    return list(cell) or [("", "")]


@dataclass(frozen=True)
class Layout:
    shown: list[int]  # indexes of the columns shown, in order
    widths: list[int]  # their widths (display columns, without padding)
    hidden: list[str]  # headers of the columns left out
    rigid: list[bool]  # columns of codes/dates only: never wrapped


def _overhead(count: int) -> int:
    """Borders and padding: ``│ a │ b │`` takes 3 per column plus 1."""
    return 3 * count + 1


def plan(
    columns: Sequence[Col], sample: Sequence[Sequence[Cell | None]], width: int, *, wide: bool
) -> Layout:
    """Which columns to show at which widths, for a terminal ``width`` columns wide."""
    count = len(columns)
    natural = [display_width(c.header) for c in columns]
    whole = [0] * count
    rigid = [True] * count
    for row in sample:
        for index, cell in enumerate(row[:count]):
            for text, _style in lines_of(cell):
                size = display_width(text)
                natural[index] = max(natural[index], size)
                tokens = WHOLE.findall(text)
                if tokens:
                    whole[index] = max(whole[index], *(len(t) for t in tokens))
                if text and (len(tokens) != 1 or tokens[0] != text):
                    rigid[index] = False
    for index in range(count):
        if whole[index] == 0:
            rigid[index] = False
    minimum = [
        max(whole[i], columns[i].min_width, min(natural[i], FOLD_MIN), 1) for i in range(count)
    ]
    maximum = [
        max(minimum[i], natural[i] if wide else min(natural[i], columns[i].max_width or natural[i]))
        for i in range(count)
    ]
    comfort = [min(maximum[i], max(minimum[i], COMFORT)) for i in range(count)]
    shown = list(range(count))
    if not wide:
        while sum(comfort[i] for i in shown) + _overhead(len(shown)) > width:
            hideable = [i for i in shown if columns[i].priority > 0]
            if not hideable:
                break
            # the highest priority number goes first; of equals, the rightmost
            shown.remove(max(hideable, key=lambda i: (columns[i].priority, i)))
    widths = [maximum[i] for i in shown]
    if not wide:
        excess = sum(widths) + _overhead(len(shown)) - width
        while excess > 0:  # the widest column that can give way gives way first
            slack = [(widths[k], k) for k, i in enumerate(shown) if widths[k] > minimum[i]]
            if not slack:
                break
            _width, widest = max(slack)
            room = widths[widest] - minimum[shown[widest]]
            step = min(excess, max(1, room // 4))
            widths[widest] -= step
            excess -= step
    hidden = [columns[i].header for i in range(count) if i not in shown]
    return Layout(shown, widths, hidden, [rigid[i] for i in shown])


def fold(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` display columns: breaks at spaces, between
    Chinese characters, inside a word only when it is longer than the line; a closing mark
    never starts a line."""
    return list(_fold(text, width))


@lru_cache(maxsize=4096)  # units, states and labels repeat on every row
def _fold(text: str, width: int) -> tuple[str, ...]:
    if _width(text) <= width:
        return (text,)
    if _SPACE.search(text) is None and _NO_LINE_START.isdisjoint(text) and not WHOLE.search(text):
        simple = _fold_simple(text, width)
        if simple is not None:
            return simple
    lines: list[str] = []
    line = ""
    used = 0
    for token in _WORD.findall(text):
        size = _width(token)
        if token.startswith(" "):  # kept inside a line (as many as fit), dropped at a break
            if line:
                kept = token[: max(0, width - used)]
                line += kept
                used += len(kept)
            continue
        while size > width:  # a word longer than the line: folded
            if line.strip():
                lines.append(line.rstrip())
                line, used = "", 0
            cut, part = 0, ""
            for char in token:
                wide = _width(char)
                if cut + wide > width:
                    break
                part += char
                cut += wide
            lines.append(part)
            token = token[len(part) :]
            size = _width(token)
        if used + size > width and line.strip():
            carried = ""
            tail = line.rstrip()
            if token[0] in _NO_LINE_START and len(tail) > 1 and _width(tail[-1]) == 2:
                carried = line.rstrip()[-1]  # the mark keeps the character it closes
                line = line.rstrip()[:-1]
            lines.append(line.rstrip())
            line, used = carried, _width(carried)
        line += token
        used += size
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return tuple(lines)


_SPACE = re.compile(r"\s")
_SIMPLE_TOKEN = re.compile(r"[!-~]+|.")  # _WORD's tokens in a text without spaces or codes


def _fold_simple(text: str, width: int) -> tuple[str, ...] | None:
    """:func:`_fold` of a text without spaces, codes, dates or closing marks (most names):
    a break before any token that does not fit; None when a token is wider than a line."""
    lines: list[str] = []
    line = ""
    used = 0
    for token in _SIMPLE_TOKEN.findall(text):
        size = _width(token)
        if size > width:
            return None
        if used + size > width and line:
            lines.append(line)
            line, used = "", 0
        line += token
        used += size
    lines.append(line)
    return tuple(lines)


def _text_lines(text: str, width: int, rigid: bool) -> tuple[Line, ...]:
    """The lines of a plain cell in a column ``width`` wide (``rigid``: never folded)."""
    if "\n" not in text:
        return _styled_lines(((text, ""),), width, rigid)
    return _styled_lines(tuple((line, "") for line in text.split("\n")), width, rigid)


@lru_cache(maxsize=4096)  # units, states and labels repeat on every row
def _styled_lines(cell: tuple[Line, ...], width: int, rigid: bool) -> tuple[Line, ...]:
    """The lines of a cell's styled lines, controls shown as symbols, folded to ``width``."""
    lines: list[Line] = []
    for text, style in cell:
        text = escape_controls(text)
        if rigid or len(text) * 2 <= width or _width(text) <= width:
            lines.append((text, style))
        else:
            lines.extend((part, style) for part in _fold(text, width))
    return tuple(lines)


MEMO = 4096  # a column's padded cells remembered (units, states, amounts repeat)
TALL = 12  # rows with fewer lines are written by zipping their columns' lines
BATCH = 256  # rows written at a time


class StreamTable:
    """Writes a table row by row once its layout is planned (see the module's docstring)."""

    def __init__(
        self, stream: IO[str], columns: Sequence[Col], layout: Layout, *, colour: bool
    ) -> None:
        self.stream = stream
        self.columns = columns
        self.layout = layout
        self.right = [columns[i].right for i in layout.shown]
        self.colour = colour
        self._blank = [" " * width for width in layout.widths]
        self._fill = [(blank,) * TALL for blank in self._blank]
        # per shown column: a cell -> its lines, folded, padded to the width and painted
        self._memo: list[dict[object, tuple[int, tuple[str, ...]]]] = [{} for _ in layout.shown]
        self._parts = list(zip(layout.shown, self._memo, range(len(layout.shown)), strict=True))

    def _border(self, left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * (w + 2) for w in self.layout.widths) + right

    def _paint(self, text: str, style: str) -> str:
        code = _ANSI.get(style) if self.colour and style else None
        return f"{code}{text}\x1b[0m" if code else text

    def _cells(self, row: Sequence[Cell | None], bar: str, header: bool = False) -> str:
        layout = self.layout
        columns: list[tuple[Line, ...]] = []
        height = 1
        for k, index in enumerate(layout.shown):
            width = layout.widths[k]
            cell = row[index] if index < len(row) else None
            if cell.__class__ is str:
                lines = _text_lines(cell, width, layout.rigid[k])
            else:
                lines = _styled_lines(tuple(lines_of(cell)), width, layout.rigid[k])
            columns.append(lines)
            height = max(height, len(lines))
        out = []
        inner = f" {bar} "
        for number in range(height):
            parts = []
            for k, lines in enumerate(columns):
                text, style = lines[number] if number < len(lines) else ("", "")
                pad = " " * (layout.widths[k] - _width(text))
                if style or (header and text):
                    text = self._paint(text, "bold" if header and text else style)
                parts.append(pad + text if self.right[k] else text + pad)
            out.append(f"{bar} {inner.join(parts)} {bar}")
        return "\n".join(out)

    def head(self) -> None:
        self.stream.write(self._border("┏", "━", "┳", "┓") + "\n")
        self.stream.write(self._cells([c.header for c in self.columns], "┃", header=True) + "\n")
        self.stream.write(self._border("┡", "━", "╇", "┩") + "\n")

    def _column(self, k: int, cell: Cell | None) -> tuple[int, tuple[str, ...]]:
        """The number of lines of ``cell`` in shown column ``k``, and the lines (folded,
        padded, painted) followed by blank ones up to :data:`TALL`.

        The lines of :func:`_text_lines` / :func:`_styled_lines`; a printable line (no
        control character to show as a symbol) that fits is taken as it is."""
        layout = self.layout
        width = layout.widths[k]
        rigid = layout.rigid[k]
        right = self.right[k]
        if cell.__class__ is str and cell.isascii() and cell.isprintable():
            size = len(cell)
            if rigid or size <= width:  # one line (a line feed is not printable) that fits
                pad = " " * (width - size)
                return 1, (pad + cell if right else cell + pad, *self._fill[k][1:])
        padded: list[str] = []
        if cell.__class__ is str:
            for text in cell.split("\n"):
                parts: Iterable[str]
                if text.isprintable():
                    size = len(text) if text.isascii() else display_width(text)
                    if rigid or size <= width:
                        pad = " " * (width - size)
                        padded.append(pad + text if right else text + pad)
                        continue
                    parts = _fold(text, width)  # nothing to escape: folded as it is
                else:
                    parts = [part for part, _style in _text_lines(text, width, rigid)]
                for part in parts:
                    pad = " " * (width - _width(part))
                    padded.append(pad + part if right else part + pad)
        else:
            for text, style in _styled_lines(tuple(lines_of(cell)), width, rigid):
                pad = " " * (width - _width(text))
                if style:
                    text = self._paint(text, style)
                padded.append(pad + text if right else text + pad)
        return len(padded), (*padded, *self._fill[k][len(padded) :])

    def row(self, row: Sequence[Cell | None]) -> None:
        """One row of cells: the text :meth:`_cells` makes, faster. Each column's cells are
        remembered as their padded lines, filled with blank lines to :data:`TALL`, so a
        row's lines are the columns zipped (most of a long list's cells repeat)."""
        columns = []
        height = 1
        for index, memo, k in self._parts:
            cell = row[index] if index < len(row) else None
            key = cell if cell is None or cell.__class__ is str else tuple(cell)
            known = memo.get(key)
            if known is None:
                known = self._column(k, cell)
                if len(memo) >= MEMO:
                    memo.clear()
                memo[key] = known
            columns.append(known[1])
            if known[0] > height:
                height = known[0]
        if height == 1:
            self.stream.write("│ " + " │ ".join([lines[0] for lines in columns]) + " │\n")
        elif height < TALL:
            out = [" │ ".join(line) for line in islice(zip(*columns, strict=True), height)]
            self.stream.write("│ " + " │\n│ ".join(out) + " │\n")
        else:  # a cell taller than TALL lines: laid out by the general method
            self.stream.write(self._cells(row, "│") + "\n")

    def rows(self, batch: Sequence[Sequence[Cell | None]]) -> None:
        """Rows of cells, as :meth:`row` writes them one by one; a batch at a time, each
        column's cells looked up together, so most of the work is the interpreter's own."""
        columns: list[list[tuple[str, ...]]] = []
        heights: list[list[int]] = []
        for index, memo, k in self._parts:
            cells = [row[index] if index < len(row) else None for row in batch]
            try:
                found = list(map(memo.get, cells))
            except TypeError:  # a cell of lines in a list: not a key
                for row in batch:
                    self.row(row)
                return
            for number, known in enumerate(found):
                if known is None:
                    cell = cells[number]
                    known = found[number] = self._column(k, cell)
                    if len(memo) >= MEMO:
                        memo.clear()
                    memo[cell] = known
            done = cast("list[tuple[int, tuple[str, ...]]]", found)  # no None left
            heights.append([known[0] for known in done])
            columns.append([known[1] for known in done])
        out = []
        for row, height, parts in zip(
            batch, map(max, zip(*heights, strict=True)), zip(*columns, strict=True), strict=True
        ):
            if height == 1:
                out.append("│ " + " │ ".join([lines[0] for lines in parts]) + " │\n")
            elif height < TALL:
                lines = map(" │ ".join, islice(zip(*parts, strict=True), height))
                out.append("│ " + " │\n│ ".join(lines) + " │\n")
            else:  # a cell taller than TALL lines: laid out by the general method
                out.append(self._cells(row, "│") + "\n")
        self.stream.write("".join(out))

    def end(self) -> None:
        self.stream.write(self._border("└", "─", "┴", "┘") + "\n")


def print_stream(
    columns: Sequence[Col],
    rows: Iterable[Sequence[Cell | None]],
    *,
    empty: str,
    hidden_note: Callable[[list[str]], str] | None = None,
    wide: bool = False,
    pager: bool = True,
    console: Console | None = None,
) -> int:
    """Print ``rows`` under ``columns`` as they come; the ``empty`` line when there is
    none. ``hidden_note`` words the line naming the columns a narrow terminal hid.
    Returns the number of rows."""
    import io
    import sys

    from qy_landing.cli.render import _raw, say

    iterator: Iterator[Sequence[Cell | None]] = iter(rows)
    sample = list(islice(iterator, SAMPLE))
    if not sample:
        say(empty)
        return 0
    raw = _raw(sys.stdout)
    if console is None and not _is_terminal(raw):
        # a file or a pipe: no console to ask (rich's import is a fair part of a short
        # command); the width is $COLUMNS, else 80, as rich would say
        from qy_landing.environment import env

        given = (env("COLUMNS") or "").strip()
        width = int(given) if given.isdigit() and int(given) > 0 else 80
        layout = plan(columns, sample, width, wide=wide)
        paged = colour = buffered = False
        stream: IO[str] = raw
        out = None
    else:
        from qy_landing.cli.render import plain

        out = console or plain()
        layout = plan(columns, sample, out.width, wide=wide)
        paged = pager and out.is_terminal and len(sample) * 2 > out.height
        # a console handed in (a recording one draws the docs' pictures) gets the text
        buffered = paged or console is not None
        stream = io.StringIO() if buffered else raw
        colour = out.is_terminal and not buffered and not out.no_color
    table = StreamTable(stream, columns, layout, colour=colour)
    table.head()
    count = 0
    batches = chain((sample,), iter(lambda: list(islice(iterator, BATCH)), []))
    for batch in batches:
        table.rows(batch)
        count += len(batch)
    table.end()
    if layout.hidden and hidden_note:
        stream.write(hidden_note(layout.hidden) + "\n")
    if buffered:  # (not merely a StringIO: sys.stdout may be one, e.g. under a test)
        assert isinstance(stream, io.StringIO) and out is not None
        text = stream.getvalue().rstrip("\n")
        if paged:
            with out.pager():
                out.out(text, highlight=False)
        else:
            out.out(text, highlight=False)
    else:
        stream.flush()
    return count


def print_rows(
    headers: Sequence[str],
    rows: Iterable[Sequence[RenderableType | None]],
    *,
    empty: str,
    limits: dict[int, tuple[int | None, int | None]] | None = None,
    pager: bool = False,
    priorities: Sequence[int] = (),
    wide: bool = False,
) -> int:
    """A table of ``rows`` on stdout, or the ``empty`` line when there is none; the count.

    ``limits`` maps a column index to its (minimum, maximum) width. Minimums apply only in
    terminals of 80 columns or more; the maximums of the other columns must leave room.
    ``priorities`` gives each column's :attr:`Col.priority` (0 never hides; the highest
    number hides first when the terminal is too narrow, and a line under the table names
    the hidden ones); ``wide`` shows every column at its natural width.
    """
    listed = [list(row) for row in rows]
    if not listed:
        from qy_landing.cli.render import say

        say(empty)
        return 0
    bounds = limits or {}
    columns = [
        Col(
            header,
            priorities[i] if i < len(priorities) else 0,
            bounds.get(i, (None, None))[0] or 0,
            bounds.get(i, (None, None))[1],
        )
        for i, header in enumerate(headers)
    ]
    cells = [[_stream_cell(cell) for cell in row] for row in listed]
    if not any(cell is _RICH for row in cells for cell in row):
        # plain and simply styled cells: the streamed table's layout (codes and dates
        # whole, Chinese folded between characters, never before 、，）)
        return print_stream(
            columns,
            cells,  # type: ignore[arg-type]
            empty=empty,
            pager=pager,
            hidden_note=hidden_note,
            wide=wide,
        )
    from qy_landing.cli.render import keep_whole, plain, table

    out = plain()
    shown = list(range(len(headers)))
    hidden: list[str] = []
    if any(priorities) or wide:
        texts = [[_plain_text(cell) for cell in row] for row in listed]
        layout = plan(columns, texts, out.width, wide=wide)
        shown, hidden = layout.shown, layout.hidden
        if wide:
            out.width = max(out.width, sum(layout.widths) + _overhead(len(shown)))
    result = table([headers[i] for i in shown])
    for index, (low, high) in bounds.items():
        if index not in shown:
            continue
        column = result.columns[shown.index(index)]
        if low is not None and out.width >= 80:
            column.min_width = low
        if high is not None and not wide:
            column.max_width = high
    for row in listed:
        result.add_row(*(row[i] if i < len(row) else None for i in shown))
    keep_whole(result, out.width)
    if pager and out.is_terminal and len(listed) * 2 > out.height:
        with out.pager(styles=True):  # a long table on a terminal: less, not a flood
            out.print(result)
    else:
        out.print(result)
    if hidden:
        out.out(hidden_note(hidden), highlight=False)
    return len(listed)


def hidden_note(hidden: list[str]) -> str:
    """The line under a table naming the columns a narrow terminal hid."""
    from qy_landing.cli.texts import join, t

    return t("table.hidden", columns=join(hidden))


def _plain_text(cell: object) -> str | None:
    """A rich cell's text (what its width is planned from)."""
    if cell is None or isinstance(cell, str):
        return cell
    plain = getattr(cell, "plain", None)
    return plain if isinstance(plain, str) else ""


_RICH = object()  # a cell only rich can draw
_STREAM_STYLES = frozenset({"", "bold", "dim", "red", "bold red", "yellow", "green", "cyan"})


def _stream_cell(cell: object) -> object:
    """``cell`` as a streamed table's cell (text, or lines with a style), or :data:`_RICH`."""
    if cell is None or isinstance(cell, str):
        return cell
    from rich.text import Text

    if not isinstance(cell, Text) or not isinstance(cell.style, str):
        return _RICH
    lines: list[tuple[str, str]] = []
    for line in cell.split("\n", allow_blank=True):  # each line in one style, or rich draws it
        style = str(line.style)
        spans = [span for span in line.spans if span.end > span.start]
        if len(spans) > 1 or (spans and (spans[0].start, spans[0].end) != (0, len(line.plain))):
            return _RICH
        if spans:
            style = str(spans[0].style)
        style = style.strip()
        if style not in _STREAM_STYLES:
            return _RICH
        lines.append((line.plain, style))
    return lines


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a file
        return False


def output_width() -> int:
    """The width text on stdout is laid out to: the terminal's, or for a file or a pipe
    $COLUMNS, else 80 (as rich says)."""
    import shutil
    import sys

    from qy_landing.cli.render import _raw
    from qy_landing.environment import env

    given = (env("COLUMNS") or "").strip()
    if given.isdigit() and int(given) > 0:
        return int(given)
    if _is_terminal(_raw(sys.stdout)):
        return shutil.get_terminal_size((80, 24)).columns
    return 80


def fold_line(line: str, width: int, *, indent: int = 2) -> list[str]:
    """A line of text folded to ``width`` (codes and dates whole, no line starting with a
    closing mark); the lines after the first indented ``indent`` more than it."""
    if _width(line) <= width:
        return [line]
    text = line.lstrip(" ")
    lead = " " * (len(line) - len(text))
    first, *rest = _fold(text, max(FOLD_MIN, width - len(lead) - indent))
    return [lead + first, *(lead + " " * indent + part for part in rest)]
