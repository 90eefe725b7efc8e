"""Rendering for the terminal: rich consoles and tables, and stable ``--json`` output.

Rich measures CJK characters as two columns, so Chinese tables line up. Tables keep
few, short columns so they fit an 80-column terminal; long texts fold inside a cell.
Colours are for people only: with ``--json`` or when output is not a terminal, none.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import json

    from rich.console import Console, RenderableType
    from rich.progress import Progress, TaskID
    from rich.table import Table
    from rich.text import Text


# --- control characters never reach a terminal raw ---------------------------------------------

# C0 controls but line feed and tab, DEL, C1 controls, and the bidirectional overrides
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL …
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def escape_controls(text: str) -> str:
    """``text`` with every control character shown as a visible symbol (ESC as ␛)."""
    return _CONTROLS.sub(_picture, text)


class _SafeStream:
    """A text stream that shows control characters instead of passing them to the terminal.

    Installed as stdout and stderr while a command runs (``guarded_output``): names,
    problem texts, ``--as`` and error messages can never move the cursor, retitle the
    window or clear the screen. ``buffer`` (binary exports) is passed through untouched;
    rich consoles write to the stream underneath and escape their text themselves.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(escape_controls(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    @property
    def underlying(self) -> Any:
        return self._stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def guarded_output() -> Iterator[None]:
    """While the block runs, stdout and stderr escape control characters."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _SafeStream(sys.stdout), _SafeStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _raw(stream: Any) -> Any:
    return stream.underlying if isinstance(stream, _SafeStream) else stream


class ProgressBar:
    """The CLI's progress bar on stderr: started by the first update, stopped by :meth:`stop`."""

    def __init__(self, *, transient: bool) -> None:
        self.transient = transient  # True: the bar disappears when done
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def update(self, label: str, done: int, total: int) -> None:
        if self._bar is None or self._task is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=console(stderr=True),
                transient=self.transient,
            )
            self._bar.start()
            self._task = self._bar.add_task(label, total=total)
        self._bar.update(self._task, description=label, completed=done, total=total)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def console(stderr: bool = False, *, markup: bool = True) -> Console:
    """A console on stdout (or stderr). With ``markup=False`` text is printed as is: user
    data such as ``[备案]`` in a project name is never read as rich markup or emoji codes.
    Control characters in the text are shown as symbols; rich's own styling passes."""
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            return super()._render_buffer(
                Segment(escape_controls(text), style, control)
                if control is None
                else Segment(text, style, control)
                for text, style, control in buffer
            )

    return SafeConsole(
        file=_raw(sys.stderr if stderr else sys.stdout),
        highlight=False,
        soft_wrap=False,
        markup=markup,
        emoji=markup,
    )


def plain() -> Console:
    """The console of our commands: stdout, no markup interpretation of data."""
    return console(markup=False)


def table(headers: Sequence[str], title: str | None = None) -> Table:
    from rich.table import Table

    result = Table(title=title, header_style="bold", show_lines=False, expand=False)
    for header in headers:
        result.add_column(header, overflow="fold")
    return result


def fields_grid(rows: Iterable[tuple[str, RenderableType | None]]) -> Table:
    """A borderless two-column grid of ``label: value`` lines (the head of ``show``)."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        grid.add_row(label, value if value is not None else "")
    return grid


def print_json(data: object) -> None:
    """Stable JSON: English keys, ISO 8601 dates, amounts as strings, UTF-8 text."""
    from qy_landing.jsonable import dumps

    # JSON escapes C0 controls itself; DEL, C1 and bidi overrides become \u escapes too
    # (the same strings, but nothing a terminal acts on)
    text = _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", dumps(data))
    _raw(sys.stdout).write(text + "\n")


def print_json_items(items: Iterable[object]) -> int:
    """A JSON array written item by item as the items come (constant memory for any
    number of them); the same text :func:`print_json` writes for the whole list. Returns
    the number of items."""
    from qy_landing.jsonable import dumps

    out = _raw(sys.stdout)
    count = 0
    for item in items:
        body = _flat_json(item)
        if body is None:
            body = dumps(item).replace("\n", "\n  ")
        out.write(("," if count else "[") + "\n  " + _CONTROLS.sub(_json_escape, body))
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


_FLAT = (str, int, float, bool, type(None))


def _flat_json(item: object) -> str | None:
    """``item`` as :func:`print_json_items` writes it when it is a flat dict of plain
    values (a project row): the text ``dumps(item)`` gives, indented one level, made by
    the C encoder (the indenting encoder is pure Python, ~10× slower); else None."""
    global _FLAT_ENCODER
    if not isinstance(item, dict) or not item:
        return None
    if not all(isinstance(value, _FLAT) for value in item.values()):
        return None
    if _FLAT_ENCODER is None:  # one encoder for every item: json.dumps makes one per call
        import json

        _FLAT_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": "))
    text = _FLAT_ENCODER.encode(item)
    return "{\n    " + text[1:-1] + "\n  }"


_FLAT_ENCODER: json.JSONEncoder | None = None


# --- words and cells in the run's language ---------------------------------------------------

_STATUS_STYLES = {
    "pending": "",
    "submitted": "yellow",
    "accepted": "yellow",
    "approved": "green",
    "rejected": "red",
    "waived": "dim",
}


def label(kind: str, value: str | None) -> str:
    """The name of a state, level, role, status, chain … in the run's language."""
    from qy_landing.cli.texts import term

    return term(kind, value) if value else ""


def status_cell(status: str) -> Text:
    from rich.text import Text

    return Text(label("status", status), style=_STATUS_STYLES.get(status, ""))


def due_cell(due: date | None, provisional: bool) -> str:
    """A due date, marked when it rests on a year without an official holiday schedule."""
    from qy_landing.cli.texts import t

    if due is None:
        return ""
    return t("due.provisional", due=due.isoformat()) if provisional else due.isoformat()


def due_left_cell(due: date | None, provisional: bool, workdays_left: int | None) -> Text:
    """The due date and, below it, the working days left or overdue (one narrow column)."""
    from rich.text import Text

    cell = Text(due_cell(due, provisional))
    left = left_cell(workdays_left)
    if left.plain:
        cell.append("\n")
        cell.append_text(left)
    return cell


def left_cell(workdays_left: int | None) -> Text:
    """Working days left, or *overdue N working days* in red."""
    from rich.text import Text

    from qy_landing.cli.texts import t

    if workdays_left is None:
        return Text("")
    if workdays_left < 0:
        return Text(t("due.overdue", days=-workdays_left), style="bold red")
    if workdays_left == 0:
        return Text(t("due.today"), style="yellow")
    return Text(t("due.left", days=workdays_left))


def yes_no(value: bool) -> str:
    from qy_landing.cli.texts import t

    return t("word.yes") if value else t("word.no")


def amount(value: Decimal | str | None) -> str:
    """An amount in 亿元 without trailing zeros (``12.5``, ``3``)."""
    if value is None:
        return ""
    if value.__class__ is not Decimal:
        value = Decimal(str(value))
    return format(value.normalize(), "f")


# A project code has 24 characters; tables keep it on one line in an 80-column terminal.
CODE_WIDTH = 24


# project codes (national and local), dates and e-mail addresses: never broken
_WHOLE = re.compile(
    r"\d{4}-\d{6}-\d{2}-\d{2}-\d{6}|[A-Z]{2,}-\d{4}-\d{3,}|\d{4}-\d{2}-\d{2}"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)


def keep_whole(result: Table, width: int) -> None:
    """Widen each column to its longest code or date so that none is split mid-code.

    Other columns shrink (their text folds) to make room; in a terminal too narrow for all
    the codes and dates nothing is changed.
    """
    from rich.text import Text

    needs: list[int] = []
    for column in result.columns:
        longest = 0
        for cell in column.cells:
            text = cell.plain if isinstance(cell, Text) else cell if isinstance(cell, str) else ""
            for token in _WHOLE.findall(text):
                longest = max(longest, len(token))
        needs.append(longest)
    # borders and padding: 3 columns per column plus one
    if sum(max(n, 4) for n in needs) + 3 * len(needs) + 1 > width:
        return
    for column, need in zip(result.columns, needs, strict=True):
        if need and (column.min_width or 0) < need:
            column.min_width = need
        if need and column.max_width is not None and column.max_width < need:
            column.max_width = need


def one_line(text: str) -> str:
    return " ".join(text.split())


def say(text: str, *, err: bool = False) -> None:
    """One message line as is (never wrapped or read as markup); stderr with ``err``."""
    import typer

    typer.echo(text, err=err)


def print_limited(limited_to: str | None, out: Any) -> None:
    """The one line saying a unit staff login's board holds its own unit only (reports'
    ``limited_to``; services.users.ReadScope)."""
    if limited_to is None:
        return
    from rich.text import Text

    from qy_landing.cli.texts import t

    out.print(Text(t("report.limited", unit=limited_to or "-"), style="dim"))
