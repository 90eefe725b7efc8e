"""Progress sheets (进度表, issue 17): every unit's sheet out, one unit's returned sheet back.

``progress_export`` — *ours*: ``reports.progress_sheet.export_progress(all_units=True)``
(what ``qy-landing export progress --all-units -o DIR`` runs): one workbook per unit with
its open procedures (drop-downs of the allowed next statuses, a hidden fingerprint) and
open problems. *Baseline*: per unit the same two queries through the driver (the closed
states and the steps' Chinese names known beforehand, like the library's cached
definitions) and the same rows written as the same kind of file by the least Python: a
zip of one XML string per sheet (inline strings, the drop-downs grouped by status, the
fingerprint column hidden).

``progress_import`` — setup (untimed, once per run by the runner, :func:`prepare_import`):
the unit with the most running procedures gets its sheet exported by the library, and
:data:`ROWS` of those rows are filled in with openpyxl as a unit would (submitted ones
已受理, accepted ones 已批复, with a document number; then pending ones 不适用 with the
reason as the note; the day) — 5 000 rows at 100k projects. *Ours*:
``reports.progress_import.import_progress(apply=True)`` (what ``qy-landing import
progress FILE --apply`` runs): every row checked (fingerprint, unit, transition, dates),
then all changes in one transaction with an audit event each. *Baseline*: the same file
read with openpyxl (read-only, as the library reads it), then in one transaction the
procedures of the filled rows read by id in chunks, the fingerprint and transition
checked, and per row ``UPDATE procedure`` + ``INSERT event``, per project ``UPDATE project
… version = version + 1 WHERE id = ? AND version = ?``.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from benchmarks.common import ACTOR, AS_OF, as_of_datetime, context

Result = tuple[float, dict[str, Any]]
ROWS = 5000  # returned rows of the import scenario (fewer when the unit has fewer)
DONE = ("approved", "waived")
_EPOCH = date(1899, 12, 30)


def _driver(url: str) -> Any:
    from benchmarks.baselines import Driver

    return Driver(url)


# --- export ----------------------------------------------------------------------------------


def export_ours(url: str, params: dict[str, Any]) -> Result:
    from qy_landing.reports.progress_sheet import export_progress

    folder = Path(params["output"])
    folder.mkdir(parents=True, exist_ok=True)
    ctx = context(url)
    ctx.calendar()
    began = time.perf_counter()
    written = export_progress(ctx, all_units=True, output=folder, as_of=AS_OF)
    seconds = time.perf_counter() - began
    ctx.db.dispose()
    return seconds, {
        "files": len(written),
        "rows": sum(w.procedures for w in written),
        "problems": sum(w.problems for w in written),
        "bytes": sum(p.stat().st_size for p in folder.iterdir()),
    }


def _cell(column: int, row: int, value: Any) -> str:
    ref = f"{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[column]}{row}"
    if value is None:
        return ""
    if isinstance(value, date):
        return f'<c r="{ref}" s="1"><v>{(value - _EPOCH).days}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _sheet(rows: Iterable[list[Any]], hidden: int, lists: dict[str, list[int]], col: str) -> str:
    body = []
    for number, values in enumerate(rows, start=1):
        cells = "".join(_cell(i, number, v) for i, v in enumerate(values))
        body.append(f'<row r="{number}">{cells}</row>')
    validations = "".join(
        f'<dataValidation type="list" sqref="{" ".join(f"{col}{n}" for n in numbers)}">'
        f"<formula1>&quot;{escape(choices)}&quot;</formula1></dataValidation>"
        for choices, numbers in lists.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        '.org/spreadsheetml/2006/main"><cols>'
        f'<col min="{hidden}" max="{hidden}" hidden="1"/></cols><sheetData>'
        + "".join(body)
        + f'</sheetData><sheetProtection sheet="1"/><dataValidations count="{len(lists)}">'
        + validations
        + "</dataValidations></worksheet>"
    )


def _book(path: Path, sheets: list[tuple[str, str]]) -> None:
    ns = "http://schemas.openxmlformats.org/"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=5) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{ns}package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/></Types>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{ns}spreadsheetml/2006/main"><sheets>'
            + "".join(
                f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
                for n, (name, _x) in enumerate(sheets, start=1)
            )
            + "</sheets></workbook>",
        )
        for number, (_name, xml) in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{number}.xml", xml)


def export_baseline(url: str, params: dict[str, Any]) -> Result:
    from benchmarks.baselines import Knowledge
    from qy_landing import i18n
    from qy_landing.vocabulary import STATUS_CHANGES

    knowledge = Knowledge(url)
    closed = sorted(
        {s.name for d in knowledge.definitions.values() for s in d.states if s.final}
        | {
            s.name
            for d in knowledge.definitions.values()
            for s in d.states
            if s.kind == "suspended"
        }
    )
    steps = {
        (key, s.key): s.name.get("zh") for key, d in knowledge.definitions.items() for s in d.steps
    }
    status = {s: i18n.term("status", s, "zh") for s in STATUS_CHANGES}
    levels = {lv: i18n.term("level", lv, "zh") for lv in ("provincial", "city", "county")}
    choices = {s: ",".join(status[n] for n in nexts) for s, nexts in STATUS_CHANGES.items()}
    month = f"{AS_OF.year:04d}-{AS_OF.month:02d}"
    folder = Path(params["output"])
    folder.mkdir(parents=True, exist_ok=True)
    driver = _driver(url)
    marks = ", ".join("?" * len(closed))
    procedures_sql = (
        "SELECT pr.id, p.code, p.name, p.workflow, p.workflow_version, pr.step, pr.level, "
        "pr.status, pr.submitted_on, pr.accepted_on, pr.due_on, pr.updated_on "
        'FROM "procedure" pr JOIN project p ON p.id = pr.project_id '
        "WHERE p.unit_id = ? AND p.started_on IS NULL AND p.suspended_from IS NULL "
        f"AND pr.status NOT IN ('approved', 'waived') AND p.state NOT IN ({marks}) "
        "ORDER BY p.code, pr.id"
    )
    problems_sql = (
        "SELECT pb.id, p.code, p.name, pb.text, pb.opened_on FROM problem pb "
        "JOIN project p ON p.id = pb.project_id WHERE p.unit_id = ? AND pb.resolved_on IS NULL "
        "ORDER BY p.code, pb.id"
    )
    to_date = _to_date(driver)
    units = sorted(knowledge.units.items())
    began = time.perf_counter()
    rows = problems = 0
    driver.begin_read()
    for name, unit_id in units:
        lists: dict[str, list[int]] = {}
        lines: list[list[Any]] = [["项目代码", "项目名称", "手续", "层级", "状态", "申报日期",
                                   "受理日期", "到期日", "逾期天数", "新状态", "日期", "文号",
                                   "说明", "新问题", "ref"]]  # fmt: skip
        for r in driver.execute(procedures_sql, (unit_id, *closed)):
            submitted, accepted, due, updated = map(to_date, r[8:12])
            late = (
                (AS_OF - due).days
                if due is not None and r[7] in ("submitted", "accepted") and due < AS_OF
                else None
            )
            lists.setdefault(choices[r[7]], []).append(len(lines) + 1)
            lines.append(
                [r[1], r[2], steps.get(((r[3], r[4]), r[5]), r[5]), levels.get(r[6], r[6]),
                 status[r[7]], submitted, accepted, due, late, None, None, None, None, None,
                 f"p1|{unit_id}|{month}|q{r[0]}|{r[7]}|{updated.isoformat() if updated else ''}"]
            )  # fmt: skip
        found: list[list[Any]] = [["编号", "项目代码", "项目名称", "问题", "提出日期", "已解决",
                                   "解决日期", "解决情况", "ref"]]  # fmt: skip
        for r in driver.execute(problems_sql, (unit_id,)):
            found.append([r[0], r[1], r[2], r[3], to_date(r[4]), None, None, None,
                          f"p1|{unit_id}|{month}|p{r[0]}||"])  # fmt: skip
        rows += len(lines) - 1
        problems += len(found) - 1
        _book(
            folder / f"进度表-{name}-{month}.xlsx",
            [
                ("手续进度", _sheet(lines, 15, lists, "J")),
                ("存在问题", _sheet(found, 9, {"是": list(range(2, len(found) + 1))}, "F")),
            ],
        )
    driver.commit()
    seconds = time.perf_counter() - began
    driver.close()
    return seconds, {
        "files": len(units),
        "rows": rows,
        "problems": problems,
        "bytes": sum(p.stat().st_size for p in folder.iterdir()),
    }


def _to_date(driver: Any) -> Any:
    if driver.sqlite:
        return lambda v: date.fromisoformat(v) if v else None
    return lambda v: v


# --- import ----------------------------------------------------------------------------------


def prepare_import(url: str, folder: Path) -> Path:
    """Export (library) the sheet of the unit with the most submitted open procedures and
    fill :data:`ROWS` of those rows as the unit would: 已受理 on the run's day, a number."""
    from openpyxl import load_workbook

    from qy_landing.reports.progress_sheet import export_progress, header

    driver = _driver(url)
    unit = driver.execute(
        'SELECT u.name, COUNT(*) AS n FROM "procedure" pr JOIN project p ON p.id = pr.project_id '
        "JOIN unit u ON u.id = p.unit_id WHERE pr.status IN ('submitted', 'accepted') "
        "GROUP BY u.name ORDER BY n DESC, u.name LIMIT 1"
    ).fetchone()[0]
    driver.close()
    folder.mkdir(parents=True, exist_ok=True)
    exported = folder / "exported.xlsx"
    ctx = context(url)
    export_progress(ctx, unit=unit, output=exported, as_of=AS_OF)
    ctx.db.dispose()
    book = load_workbook(exported)
    sheet = book.worksheets[0]
    # the header row sits under the sheet's print title (found, not assumed)
    head = next(n for n in range(1, 6) if header("status", "zh") in [c.value for c in sheet[n]])
    names = [c.value for c in sheet[head]]
    status, new_status, new_date, doc_no, note = (
        names.index(header(k, "zh")) + 1
        for k in ("status", "new_status", "new_date", "doc_no", "note")
    )
    filled = 0
    # running ones move on first (submitted → accepted → approved); then, for the rest of
    # ROWS, pending ones the unit says do not apply (waived, with the reason as the note)
    for moves in ({"已提交": "已受理", "已受理": "已批复"}, {"待办": "不适用"}):
        for number in range(head + 1, sheet.max_row + 1):
            if filled >= ROWS:
                break
            move = moves.get(sheet.cell(number, status).value)
            if move is None:
                continue
            sheet.cell(number, new_status).value = move
            sheet.cell(number, new_date).value = AS_OF
            if move == "不适用":
                sheet.cell(number, note).value = "本项目不涉及"
            else:
                sheet.cell(number, doc_no).value = f"庆发改受字〔2026〕{number}号"
            filled += 1
    returned = folder / f"returned-{filled}.xlsx"
    book.save(returned)
    return returned


def import_ours(url: str, params: dict[str, Any]) -> Result:
    import openpyxl  # noqa: F401  (imported before the clock starts, as in the baseline)

    from qy_landing.reports.progress_import import import_progress

    ctx = context(url)
    ctx.calendar()
    began = time.perf_counter()
    result = import_progress(ctx, [Path(params["sheet"])], apply=True)
    seconds = time.perf_counter() - began
    ctx.db.dispose()
    return seconds, {"changes": len(result.changes), **_counts(url)}


def import_baseline(url: str, params: dict[str, Any]) -> Result:
    from openpyxl import load_workbook

    from qy_landing.reports.progress_sheet import header
    from qy_landing.vocabulary import STATUS_CHANGES

    ref, new_status, doc_no, note = (
        header(k, "zh") for k in ("ref", "new_status", "doc_no", "note")
    )
    driver = _driver(url)
    now = driver.stamp(as_of_datetime())
    today = driver.day(AS_OF)
    began = time.perf_counter()
    book = load_workbook(Path(params["sheet"]), read_only=True, data_only=True)
    wanted: dict[int, tuple[int, str, str, str]] = {}  # procedure id -> (row, ref status …)
    names = {"已受理": "accepted", "已批复": "approved", "不适用": "waived"}
    for sheet in book.worksheets[:1]:
        rows = sheet.iter_rows(values_only=True)
        head = list(next(rows))
        header_row = 1
        while new_status not in head:  # the print title sits above the header row
            head, header_row = list(next(rows)), header_row + 1
        at = {h: i for i, h in enumerate(head)}
        for number, cells in enumerate(rows, start=header_row + 1):
            new = cells[at[new_status]]
            if not new:
                continue
            _v, _u, _m, kind, old, _updated = str(cells[at[ref]]).split("|")
            text = str(cells[at[doc_no]] or cells[at[note]] or "")
            wanted[int(kind[1:])] = (number, old, names[new], text)
    book.close()
    driver.begin()
    ids = sorted(wanted)
    found: list[Any] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found += driver.execute(
            "SELECT pr.id, pr.project_id, pr.step, pr.status, pr.submitted_on, p.version, "
            'p.last_progress_on, p.signed_on FROM "procedure" pr '
            "JOIN project p ON p.id = pr.project_id "
            f"WHERE pr.id IN ({', '.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
    updates: dict[str, list[tuple[Any, ...]]] = {"accepted": [], "approved": [], "waived": []}
    events: list[tuple[Any, ...]] = []
    projects: dict[int, int] = {}
    for procedure_id, project_id, step, status, _submitted, version, _last, _signed in found:
        _row, old, new, doc = wanted[procedure_id]
        if status != old or new not in STATUS_CHANGES[status]:
            raise RuntimeError(f"row {_row}: conflict or forbidden change")
        if new == "waived":
            updates[new].append((new, today, doc, today, procedure_id))
        else:
            updates[new].append((new, today, today, procedure_id))
        events.append(
            (project_id, "procedure", procedure_id, "procedure", step, status, new, ACTOR, now,
             today, f"进度表；文号 {doc}")
        )  # fmt: skip
        projects[project_id] = version
    for status, rows in updates.items():
        reason = "waive_reason = ?, " if status == "waived" else ""
        driver.executemany(
            f'UPDATE "procedure" SET status = ?, {status}_on = ?, {reason}updated_on = ? '
            "WHERE id = ?",
            rows,
        )
    driver.executemany(
        'INSERT INTO "event" (project_id, entity, entity_id, action, field, old, new, actor, '
        "recorded_at, effective_on, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        events,
    )
    changed = driver.executemany(
        "UPDATE project SET version = version + 1, updated_at = ?, "
        "last_progress_on = CASE WHEN last_progress_on < ? THEN ? ELSE last_progress_on END "
        "WHERE id = ? AND version = ?",
        [(now, today, today, pid, version) for pid, version in projects.items()],
    )
    if changed != len(projects):
        raise RuntimeError("a project changed meanwhile")
    driver.commit()
    seconds = time.perf_counter() - began
    driver.close()
    return seconds, {"changes": len(events), **_counts(url)}


def _counts(url: str) -> dict[str, int]:
    from benchmarks.ours import _count

    today = AS_OF.isoformat()
    return _count(
        url,
        {
            "accepted_today": f"SELECT count(*) FROM \"procedure\" WHERE accepted_on = '{today}'",
            "approved_today": f"SELECT count(*) FROM \"procedure\" WHERE approved_on = '{today}'",
            "waived_today": f"SELECT count(*) FROM \"procedure\" WHERE waived_on = '{today}'",
            "events_today": (
                f"SELECT count(*) FROM \"event\" WHERE effective_on = '{today}' "
                "AND action = 'procedure'"
            ),
        },
    )
