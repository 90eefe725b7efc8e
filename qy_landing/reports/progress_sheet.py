"""Progress sheets (进度表): each unit's open procedures and problems, to fill in and return.

One workbook per unit and month. The first sheet lists every open procedure (not yet
approved or waived) of the unit's active projects; the unit fills in the tinted columns
(new status from a drop-down of the allowed next statuses, its date, the 受理/批复 document
number, a note, a new problem). The second sheet lists the unit's open problems, to be
marked resolved with a note. A hidden column ``ref`` carries each row's fingerprint
(unit, month, procedure or problem id, and the status and date the office had at export),
so :mod:`qy_landing.reports.progress_import` can tell a change made in the office since.

Headers are read back by name in either language, never by position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, NamedTuple

from sqlalchemy import select
from sqlalchemy.engine import Connection

from qy_landing import i18n
from qy_landing.reports.form_xlsx import DropDown, FormBook
from qy_landing.reports.writers import Column, PrintTitle, open_target
from qy_landing.services.context import Context
from qy_landing.services.definitions import get_definition
from qy_landing.services.units import find_unit
from qy_landing.store.models import Problem, Procedure, Project, Unit, table_of
from qy_landing.vocabulary import DONE_STATUSES, STATUS_CHANGES

REF_VERSION = "p1"

# the procedures sheet: identity columns, then what the unit fills in, then the hidden ref
PROCEDURE_COLUMNS: tuple[Column, ...] = (
    Column("code", "text", 26),
    Column("project", "text", 28),
    Column("step", "text", 22),
    Column("level", "text", 8),
    Column("status", "text", 9),
    Column("submitted_on", "date", 11),
    Column("accepted_on", "date", 11),
    Column("due_on", "date", 11),
    Column("overdue_days", "int", 8),
    Column("new_status", "fill", 10),
    Column("new_date", "fill_date", 11),
    Column("doc_no", "fill", 16),
    Column("note", "fill", 20),
    Column("new_problem", "fill", 24),
    Column("ref", "text", 10),
)
PROBLEM_COLUMNS: tuple[Column, ...] = (
    Column("problem_id", "int", 8),
    Column("code", "text", 26),
    Column("project", "text", 28),
    Column("problem", "text", 40),
    Column("opened_on", "date", 11),
    Column("resolved", "fill", 9),
    Column("resolved_on", "fill_date", 11),
    Column("resolution", "fill", 30),
    Column("ref", "text", 10),
)
NEW_STATUS_COLUMN = 1 + [c.key for c in PROCEDURE_COLUMNS].index("new_status")
RESOLVED_COLUMN = 1 + [c.key for c in PROBLEM_COLUMNS].index("resolved")


def header(key: str, lang: str) -> str:
    return i18n.text(f"sheet.col.{key}", lang)


class ProcedureLine(NamedTuple):
    """One open procedure as the sheet shows it (a tuple: made once per row of a sheet)."""

    procedure_id: int
    code: str
    project: str
    step: str
    step_name: str
    level: str
    status: str
    submitted_on: date | None
    accepted_on: date | None
    due_on: date | None
    updated_on: date | None

    def overdue_days(self, as_of: date) -> int | None:
        if self.due_on is None or self.status not in ("submitted", "accepted"):
            return None
        days = (as_of - self.due_on).days
        return days if days > 0 else None


@dataclass(frozen=True)
class ProblemLine:
    problem_id: int
    code: str
    project: str
    text: str
    opened_on: date


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def procedure_ref(unit_id: int, month: str, line: ProcedureLine) -> str:
    """The fingerprint of a row: what the office had when the sheet was made."""
    updated = line.updated_on.isoformat() if line.updated_on else ""
    return f"{REF_VERSION}|{unit_id}|{month}|q{line.procedure_id}|{line.status}|{updated}"


def problem_ref(unit_id: int, month: str, problem_id: int) -> str:
    return f"{REF_VERSION}|{unit_id}|{month}|p{problem_id}||"


def open_procedures(connection: Connection, unit_id: int) -> Iterator[ProcedureLine]:
    """The open procedures of ``unit_id``'s active projects, by project code and step order."""
    project, procedure = table_of(Project), table_of(Procedure)
    query = (
        select(
            procedure.c.id,
            project.c.code,
            project.c.name,
            project.c.workflow,
            project.c.workflow_version,
            project.c.state,
            procedure.c.step,
            procedure.c.level,
            procedure.c.status,
            procedure.c.submitted_on,
            procedure.c.accepted_on,
            procedure.c.due_on,
            procedure.c.updated_on,
        )
        .join(project, project.c.id == procedure.c.project_id)
        .where(project.c.unit_id == unit_id)
        .where(project.c.started_on.is_(None))
        .where(project.c.suspended_from.is_(None))
        .where(procedure.c.status.not_in(sorted(DONE_STATUSES)))
        .order_by(project.c.code, procedure.c.id)
    )
    closed: dict[tuple[str, int], frozenset[str]] = {}
    names: dict[tuple[str, int], dict[str, str]] = {}
    for (
        procedure_id,
        code,
        name,
        workflow,
        workflow_version,
        state,
        step,
        level,
        status,
        submitted_on,
        accepted_on,
        due_on,
        updated_on,
    ) in connection.execute(query):
        flow = (workflow, workflow_version)
        if flow not in closed:
            definition = get_definition(connection, *flow)
            closed[flow] = frozenset(
                s.name for s in definition.states if s.final or s.kind == "suspended"
            )
            names[flow] = {s.key: s.name.zh for s in definition.steps}
        if state in closed[flow]:
            continue
        yield ProcedureLine(
            procedure_id,
            code,
            name,
            step,
            names[flow].get(step, step),
            level,
            status,
            submitted_on,
            accepted_on,
            due_on,
            updated_on,
        )


def open_problems(connection: Connection, unit_id: int) -> Iterator[ProblemLine]:
    project, problem = table_of(Project), table_of(Problem)
    query = (
        select(problem.c.id, project.c.code, project.c.name, problem.c.text, problem.c.opened_on)
        .join(project, project.c.id == problem.c.project_id)
        .where(project.c.unit_id == unit_id)
        .where(problem.c.resolved_on.is_(None))
        .order_by(project.c.code, problem.c.id)
    )
    for row in connection.execute(query):
        yield ProblemLine(row.id, row.code, row.name, row.text, row.opened_on)


@dataclass(frozen=True)
class SheetWritten:
    unit: str
    month: str
    procedures: int
    problems: int
    path: Path | None = None


def write_progress_sheet(
    connection: Connection,
    stream: IO[bytes],
    unit_id: int,
    unit_name: str,
    as_of: date,
    lang: str = "zh",
    generated_at: datetime | None = None,
) -> SheetWritten:
    """Write one unit's progress workbook to ``stream`` (it prints by itself: a title row
    names the unit, the 截至 date and ``generated_at``)."""
    month = month_of(as_of)
    title = PrintTitle(i18n.text("sheet.report", lang), unit_name, as_of, generated_at)
    book = FormBook(lang, title)
    procedures = book.form(
        i18n.text("sheet.title.procedures", lang),
        PROCEDURE_COLUMNS,
        [header(c.key, lang) for c in PROCEDURE_COLUMNS],
        hidden=(len(PROCEDURE_COLUMNS),),
    )
    # labels and drop-downs once per status and level, not once per row
    statuses = {s: i18n.term("status", s, "zh") for s in STATUS_CHANGES}
    drop_downs = {
        s: [DropDown(NEW_STATUS_COLUMN, tuple(statuses[n] for n in nexts))]
        for s, nexts in STATUS_CHANGES.items()
    }
    levels: dict[str, str] = {}
    for line in open_procedures(connection, unit_id):
        level = levels.get(line.level)
        if level is None:
            level = levels[line.level] = i18n.term("level", line.level, "zh")
        procedures.append_form(
            [
                line.code,
                line.project,
                line.step_name,
                level,
                statuses[line.status],
                line.submitted_on,
                line.accepted_on,
                line.due_on,
                line.overdue_days(as_of),
                None,
                None,
                None,
                None,
                None,
                procedure_ref(unit_id, month, line),
            ],
            drop_downs[line.status],
        )
    problems = book.form(
        i18n.text("sheet.title.problems", lang),
        PROBLEM_COLUMNS,
        [header(c.key, lang) for c in PROBLEM_COLUMNS],
        hidden=(len(PROBLEM_COLUMNS),),
    )
    yes = (i18n.text("word.yes", "zh"),)
    for found in open_problems(connection, unit_id):
        problems.append_form(
            [
                found.problem_id,
                found.code,
                found.project,
                found.text,
                found.opened_on,
                None,
                None,
                None,
                problem_ref(unit_id, month, found.problem_id),
            ],
            [DropDown(RESOLVED_COLUMN, yes)],
        )
    book.save(stream)
    return SheetWritten(unit_name, month, procedures.rows, problems.rows)


def sheet_file_name(unit: str, month: str, lang: str = "zh") -> str:
    """``进度表-环县-2026-11.xlsx``: by unit and month, safe on every file system."""
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", unit).strip("_") or "unit"
    return f"{i18n.text('sheet.file_prefix', lang)}-{safe}-{month}.xlsx"


def export_progress(
    ctx: Context,
    *,
    unit: str | None = None,
    all_units: bool = False,
    output: str | Path | None = None,
    as_of: date | None = None,
    lang: str = "zh",
) -> list[SheetWritten]:
    """Write the progress sheet of ``unit`` to ``output`` (a file), or of every unit that
    has open procedures or problems into the directory ``output`` (one file per unit)."""
    day = as_of or ctx.today()
    month = month_of(day)
    written: list[SheetWritten] = []
    with ctx.db.read() as session:
        if all_units:
            units = [(u.id or 0, u.name) for u in session.query(Unit).order_by(Unit.name)]
        else:
            found = find_unit(session, unit or "")
            units = [(found.id or 0, found.name)]
        connection = session.connection()
        for unit_id, name in units:
            if all_units:
                folder = Path(output) if output else Path()
                target: Path = folder / sheet_file_name(name, month, lang)
            else:
                target = Path(output) if output else Path(sheet_file_name(name, month, lang))
            with open_target(target) as stream:
                result = write_progress_sheet(
                    connection, stream, unit_id, name, day, lang, ctx.clock.now()
                )
            written.append(
                SheetWritten(result.unit, result.month, result.procedures, result.problems, target)
            )
    return written
