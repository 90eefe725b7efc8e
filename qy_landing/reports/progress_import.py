"""``import progress``: read the progress sheets units send back, check, show, apply.

Files are read by header names (either language), never by position, so a sheet opened
and saved again by Excel, WPS or LibreOffice still reads; CSV (UTF-8 or GBK/GB18030) too.
Every row is checked through the same service as ``procedure set``
(:func:`qy_landing.services.procedures.change_status`), all rows of all files inside one
write transaction: without ``apply`` (or when any row is wrong) it is rolled back, so
nothing is ever half-written. A row whose procedure changed in the office since the
export is a conflict, never an overwrite; a row already applied (the same file imported
again) changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from qy_landing import i18n
from qy_landing.errors import (
    ImportRejectedError,
    LandingError,
    LedgerFormatError,
    LedgerUnreadableError,
    Msg,
    RowProblem,
    SheetNotRecognisedError,
    Term,
)
from qy_landing.parsing import parse_date
from qy_landing.reports.progress_sheet import (
    PROBLEM_COLUMNS,
    PROCEDURE_COLUMNS,
    REF_VERSION,
)
from qy_landing.services.changes import ProjectChange, load_change
from qy_landing.services.context import Context
from qy_landing.services.effective import check_effective
from qy_landing.services.procedures import change_status
from qy_landing.store.models import Problem, Procedure, Project, Unit, table_of
from qy_landing.vocabulary import PROCEDURE_STATUSES, resolve

HEADER_ROWS = 5


def _normal(text: object) -> str:
    return "".join(str(text or "").split()).casefold()


def _aliases(columns: Sequence[Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for column in columns:
        for lang in i18n.LANGS:
            found[_normal(i18n.text(f"sheet.col.{column.key}", lang))] = column.key
    return found


_PROCEDURE_ALIASES = _aliases(PROCEDURE_COLUMNS)
_PROBLEM_ALIASES = _aliases(PROBLEM_COLUMNS)


@dataclass(frozen=True)
class SheetRow:
    """A row of a returned sheet: its sheet row number and its cells by column key."""

    file: str
    kind: str  # procedures | problems
    row: int
    cells: dict[str, Any]

    def text(self, key: str) -> str:
        value = self.cells.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


def _table(file: str, rows: Iterator[Sequence[Any]], headers: list[int]) -> Iterator[SheetRow]:
    """The rows of one table after its header (found among the first rows; its row number
    is added to ``headers``)."""
    head: dict[int, str] | None = None
    kind = ""
    for number, cells in enumerate(rows, start=1):
        if head is None:
            if number > HEADER_ROWS:
                return
            names = [_normal(c) for c in cells]
            ref = {_normal(i18n.text("sheet.col.ref", lang)) for lang in i18n.LANGS}
            if not ref & set(names):
                continue
            problem_id = {_normal(i18n.text("sheet.col.problem_id", lang)) for lang in i18n.LANGS}
            aliases = _PROBLEM_ALIASES if problem_id & set(names) else _PROCEDURE_ALIASES
            kind = "problems" if aliases is _PROBLEM_ALIASES else "procedures"
            head = {i: aliases[n] for i, n in enumerate(names) if n in aliases}
            headers.append(number)
            continue
        values = {key: cells[i] for i, key in head.items() if i < len(cells)}
        if any(v not in (None, "") for v in values.values()):
            yield SheetRow(file, kind, number, values)


def read_sheet(path: Path) -> list[SheetRow]:
    """Every non-empty row of every progress table in ``path`` (xlsx or csv)."""
    from qy_landing.ledger import csv_rows, detect_encoding

    name = path.name
    suffix = path.suffix.lower()
    if not path.is_file():
        raise LedgerUnreadableError(name, Msg("ledger.reason.missing_file"))
    found: list[SheetRow] = []
    headers: list[int] = []
    if suffix in (".xlsx", ".xlsm"):
        from zipfile import BadZipFile

        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except (BadZipFile, KeyError, ValueError, OSError):
            raise LedgerUnreadableError(name, Msg("ledger.reason.not_xlsx")) from None
        with ExitStack() as stack:
            stack.callback(book.close)
            for sheet in book.worksheets:
                sheet.reset_dimensions()
                found.extend(_table(name, sheet.iter_rows(values_only=True), headers))
    elif suffix in (".csv", ".txt"):
        encoding, _ = detect_encoding(path)
        text = path.read_text(encoding=encoding)
        dialect = csv.excel_tab if text.count("\t") > text.count(",") else csv.excel
        rows = csv_rows(io.StringIO(text, newline=""), name, dialect=dialect)
        found.extend(_table(name, rows, headers))
    else:
        raise LedgerFormatError(name)
    if not headers:
        raise SheetNotRecognisedError(name)
    return found


@dataclass(frozen=True)
class Ref:
    unit_id: int
    month: str
    kind: str  # q (procedure) | p (problem)
    id: int
    status: str
    updated_on: date | None


def parse_ref(text: str) -> Ref | None:
    parts = text.split("|")
    if len(parts) != 6 or parts[0] != REF_VERSION or parts[3][:1] not in ("q", "p"):
        return None
    try:
        updated = date.fromisoformat(parts[5]) if parts[5] else None
        return Ref(int(parts[1]), parts[2], parts[3][0], int(parts[3][1:]), parts[4], updated)
    except ValueError:
        return None


@dataclass(frozen=True)
class PlannedChange:
    """A change a returned sheet asks for (and, with ``apply``, makes)."""

    file: str
    row: int
    code: str
    project: str
    what: str  # procedure | problem_open | problem_resolve
    step: str = ""
    old: str = ""
    new: str = ""
    on: date | None = None
    text: str = ""
    problem_id: int | None = None


@dataclass
class ProgressImport:
    """What an import found: the changes (made only if ``applied``), rows already applied."""

    changes: list[PlannedChange] = field(default_factory=list)
    already_applied: int = 0
    applied: bool = False
    units: list[str] = field(default_factory=list)


class _DryRun(Exception):
    """Rolls the checking transaction back after a run without ``apply``."""


def _cell_date(row: SheetRow, key: str) -> date | None:
    value = row.cells.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_date(value, "date")


def import_progress(
    ctx: Context, paths: Sequence[Path | str], *, apply: bool = False
) -> ProgressImport:
    """Check every row of the returned sheets; with ``apply`` write all changes, or none."""
    rows: list[SheetRow] = []
    for path in paths:
        rows.extend(read_sheet(Path(path)))
    result = ProgressImport()
    try:
        with ctx.db.write_connection() as connection:
            problems = _check_and_apply(ctx, connection, rows, result)
            if problems:
                first = (
                    rows[0].file
                    if len({r.file for r in rows}) == 1
                    else ", ".join(sorted({str(Path(p).name) for p in paths}))
                )
                problems.sort(key=lambda p: p.row)
                raise ImportRejectedError(first, problems)
            if not apply:
                raise _DryRun
    except _DryRun:
        return result
    result.applied = True
    return result


def _check_and_apply(
    ctx: Context, connection: Connection, rows: list[SheetRow], result: ProgressImport
) -> list[RowProblem]:
    unit_t = table_of(Unit)
    units = {r.id: r.name for r in connection.execute(select(unit_t.c.id, unit_t.c.name))}
    today = ctx.today()
    problems: list[RowProblem] = []
    changes: dict[str, ProjectChange] = {}
    ref_header = i18n.text("sheet.col.ref", "zh")

    def bad(
        row: SheetRow, column: str, reason: Msg | str, error: LandingError | None = None
    ) -> None:
        problems.append(RowProblem(row.row, column, reason, error))

    def change_of(code: str) -> ProjectChange:
        if code not in changes:
            changes[code] = load_change(ctx, connection, code)
        return changes[code]

    looked_up = _look_up(connection, rows)
    sheet_unit: dict[str, int] = {}
    for row in rows:
        wants = [k for k in ("new_status", "new_problem", "resolved") if row.text(k)]
        if not wants:
            continue  # an empty row changes nothing
        ref = parse_ref(row.text("ref"))
        if ref is None:
            reason = (
                Msg("sheet.reason.bad_ref", ref=row.text("ref"))
                if row.text("ref")
                else Msg("sheet.reason.no_ref")
            )
            bad(row, ref_header, reason)
            continue
        unit_id = sheet_unit.setdefault(row.file, ref.unit_id)
        unit_name = units.get(unit_id, str(unit_id))
        if unit_name not in result.units:
            result.units.append(unit_name)
        found: Any = looked_up.get((ref.kind, ref.id))
        if found is None:
            bad(row, ref_header, Msg("sheet.reason.gone"))
            continue
        if ref.unit_id != unit_id or found.unit_id != unit_id:
            other = units.get(found.unit_id if found.unit_id != unit_id else ref.unit_id, "?")
            bad(
                row,
                i18n.text("sheet.col.code", "zh"),
                Msg("sheet.reason.other_unit", other=other, unit=unit_name),
            )
            continue
        audit = i18n.t("sheet.audit", "zh", unit=unit_name, month=ref.month, row=row.row)
        date_key = "new_date" if ref.kind == "q" else "resolved_on"
        try:
            on = _cell_date(row, date_key) or today
        except LandingError as exc:
            bad(row, i18n.text(f"sheet.col.{date_key}", "zh"), Msg(exc.key, **exc.fields), exc)
            continue
        try:  # the one check of every command (a status's order is change_status's)
            check_effective(
                change_of(found.code),
                on,
                Term("action", "procedure" if ref.kind == "q" else "problem_resolve"),
            )
        except LandingError as exc:
            bad(row, i18n.text(f"sheet.col.{date_key}", "zh"), Msg(exc.key, **exc.fields), exc)
            continue
        if ref.kind == "q":
            _procedure_row(_Checked(row, ref, found, on, audit, change_of, bad, result))
        else:
            _problem_row(_Checked(row, ref, found, on, audit, change_of, bad, result))
    if not problems:
        for change in changes.values():
            change.write()
            if change._session is not None:
                change._session.close()
    return problems


_LOOKUP_CHUNK = 500


def _look_up(connection: Connection, rows: list[SheetRow]) -> dict[tuple[str, int], Any]:
    """The procedure (``q``) or problem (``p``) of every filled row with a readable ref,
    with its project, by (kind, id): a few chunked queries instead of one per row."""
    procedure, project, problem_t = table_of(Procedure), table_of(Project), table_of(Problem)
    wanted: dict[str, set[int]] = {"q": set(), "p": set()}
    for row in rows:
        if any(row.text(k) for k in ("new_status", "new_problem", "resolved")):
            ref = parse_ref(row.text("ref"))
            if ref is not None:
                wanted[ref.kind].add(ref.id)
    found: dict[tuple[str, int], Any] = {}
    for kind, table, own in (
        ("q", procedure, (procedure.c.step, procedure.c.status, procedure.c.updated_on)),
        ("p", problem_t, (problem_t.c.text, problem_t.c.resolved_on)),
    ):
        ids = sorted(wanted[kind])
        for start in range(0, len(ids), _LOOKUP_CHUNK):
            for line in connection.execute(
                select(
                    table.c.id.label("row_id"),
                    project.c.code,
                    project.c.name,
                    project.c.unit_id,
                    project.c.signed_on,
                    *own,
                )
                .join(project, project.c.id == table.c.project_id)
                .where(table.c.id.in_(ids[start : start + _LOOKUP_CHUNK]))
            ):
                found[(kind, line.row_id)] = line
    return found


def _state_text(status: str, updated: date | None) -> str:
    shown = i18n.term("status", status, "zh") if status in PROCEDURE_STATUSES else status
    return f"{shown} {updated.isoformat()}" if updated else shown


@dataclass(frozen=True)
class _Checked:
    """A returned row past the checks every row gets (fingerprint, unit, date), with what
    its procedure or problem step needs: ``found`` is its database row."""

    row: SheetRow
    ref: Ref
    found: Any
    on: date
    audit: str
    change_of: Callable[[str], ProjectChange]
    bad: Callable[..., None]
    result: ProgressImport


def _procedure_row(item: _Checked) -> None:
    row, ref, found, on, audit = item.row, item.ref, item.found, item.on, item.audit
    change_of, bad, result = item.change_of, item.bad, item.result
    column = i18n.text("sheet.col.new_status", "zh")
    try:
        wanted = resolve("status", row.text("new_status"), PROCEDURE_STATUSES)
    except LandingError as exc:
        bad(row, column, Msg(exc.key, **exc.fields), exc)
        return
    if (found.status, found.updated_on) != (ref.status, ref.updated_on):
        if found.status == wanted and found.updated_on == on:
            result.already_applied += 1  # this row was imported before
            return
        then, now = (
            _state_text(ref.status, ref.updated_on),
            _state_text(found.status, found.updated_on),
        )
        bad(row, column, Msg("sheet.reason.conflict", then=then, now=now))
        return
    notes = [audit]
    if row.text("doc_no"):
        notes.append(i18n.t("sheet.audit.doc_no", "zh", doc_no=row.text("doc_no")))
    if row.text("note"):
        notes.append(row.text("note"))
    note = "；".join(notes)
    change = change_of(found.code)
    try:
        done = change_status(
            change.ctx,
            change,
            found.step,
            wanted,
            on,
            note=note,
            reason=row.text("note") if wanted == "waived" else None,
        )
    except LandingError as exc:
        bad(row, column, Msg(exc.key, **exc.fields), exc)
        return
    step_name = done.step_name.zh if done.step_name else done.step
    result.changes.append(
        PlannedChange(
            row.file,
            row.row,
            found.code,
            found.name,
            "procedure",
            step_name,
            done.old,
            done.new,
            on,
        )
    )
    text = row.text("new_problem")
    if text:
        _open_problem(change, row, text, on, audit, result, found)


def _open_problem(
    change: ProjectChange,
    row: SheetRow,
    text: str,
    on: date,
    audit: str,
    result: ProgressImport,
    found: Any,
) -> None:
    session = change.session
    same = session.execute(
        select(Problem.id).where(  # type: ignore[call-overload]
            Problem.project_id == change.project_id,
            Problem.text == text,
        )
    ).first()
    if same is not None:
        result.already_applied += 1
        return
    problem = Problem(project_id=change.project_id, text=text, opened_on=on)
    session.add(problem)
    session.flush()
    change.record(
        "problem_open",
        on=on,
        field="problem",
        new=text,
        entity="problem",
        entity_id=problem.id,
        note=audit,
    )
    result.changes.append(
        PlannedChange(row.file, row.row, found.code, found.name, "problem_open", text=text, on=on)
    )


def _problem_row(item: _Checked) -> None:
    row, ref, found, on, audit = item.row, item.ref, item.found, item.on, item.audit
    change_of, bad, result = item.change_of, item.bad, item.result
    column = i18n.text("sheet.col.resolved", "zh")
    answer = _normalise_yes(row.text("resolved"))
    if answer is None:
        bad(row, column, Msg("sheet.reason.yes_expected"))
        return
    if not answer:
        return
    if found.resolved_on is not None:
        result.already_applied += 1
        return
    change = change_of(found.code)
    problem = change.session.get(Problem, ref.id)
    assert problem is not None
    try:
        check_effective(
            change,
            on,
            Term("action", "problem_resolve"),
            previous=Term("action", "problem_open"),
            previous_on=problem.opened_on,
        )
    except LandingError as exc:
        bad(row, i18n.text("sheet.col.resolved_on", "zh"), Msg(exc.key, **exc.fields), exc)
        return
    resolution = row.text("resolution") or audit
    problem.resolved_on = on
    problem.resolution = resolution
    change.record(
        "problem_resolve",
        on=on,
        field="problem",
        old=problem.text,
        new=resolution,
        entity="problem",
        entity_id=problem.id,
        note=audit,
    )
    change.progress(on)
    result.changes.append(
        PlannedChange(
            row.file,
            row.row,
            found.code,
            found.name,
            "problem_resolve",
            text=resolution,
            on=on,
            problem_id=ref.id,
        )
    )


def _normalise_yes(text: str) -> bool | None:
    folded = text.strip().casefold()
    if folded in ("", "否", "no", "n", "0", "false"):
        return False
    if folded in ("是", "yes", "y", "1", "true", "√", "✓", "已解决", "resolved"):
        return True
    return None
