"""The dispatch meeting: opening one person's agenda, and moving between their projects.

Setup (not timed, on a fresh copy): the busiest responsible person is made
first-responsible for enough further open projects to have :data:`PROJECTS` open
projects — the issue's "a person with 300 projects" on a 100k-project database.

*Ours*: ``services.meetings.agenda(person=…)`` (what ``qy-landing meeting --person`` opens
with), then ``project_cards`` of all its projects, a page of :data:`CARDS` at a time (what
the screen reads as the cursor gets to a page; moving within it reads nothing): the time
per card. *Baseline*: the same rows read with plain SQL — the agenda's one grouped query,
then per page of :data:`CARDS` projects their rows with units and funds, procedures,
assignments, problems, commitments and the meeting's notes (``IN`` lists).

Reported, not judged: the process's first agenda and cards (parsing the stored workflow
definitions once, preparing statements), one card read alone (what a save reloads;
median), and the whole office's agenda without a filter (outline + first page).
"""

from __future__ import annotations

import statistics
import time
from datetime import date
from typing import Any

from benchmarks.common import AS_OF, context

Result = tuple[float, dict[str, Any]]
PROJECTS = 300
CARDS = 20
MONTH = f"{AS_OF.year:04d}-{AS_OF.month:02d}"
PREVIOUS = f"{AS_OF.year:04d}-{AS_OF.month - 1:02d}"  # AS_OF is in November
CLOSED = ("started", "terminated")
RESPONSIBLE = ("first_responsible", "direct_responsible")


def _driver(url: str) -> Any:
    from benchmarks.baselines import Driver

    return Driver(url)


def prepare(url: str) -> tuple[int, str]:
    """Give the busiest person :data:`PROJECTS` open projects; (person id, ``NAME@UNIT``)."""
    driver = _driver(url)
    marks = ", ".join("?" * len(CLOSED))
    row = driver.execute(
        "SELECT a.person_id, COUNT(DISTINCT a.project_id) AS n FROM assignment a "
        f"JOIN project p ON p.id = a.project_id WHERE p.state NOT IN ({marks}) "
        "AND a.role IN ('first_responsible', 'direct_responsible') "
        "GROUP BY a.person_id ORDER BY n DESC, a.person_id LIMIT 1",
        CLOSED,
    ).fetchone()
    person_id, have = int(row[0]), int(row[1])
    free = driver.execute(
        f"SELECT p.id FROM project p WHERE p.state NOT IN ({marks}) AND p.id NOT IN "
        "(SELECT project_id FROM assignment WHERE person_id = ?) ORDER BY p.id LIMIT ?",
        (*CLOSED, person_id, max(0, PROJECTS - have)),
    ).fetchall()
    driver.begin()
    driver.executemany(
        "INSERT INTO assignment (project_id, person_id, role, assigned_on) VALUES (?, ?, ?, ?)",
        [(r[0], person_id, "first_responsible", driver.day(date(2026, 1, 5))) for r in free],
    )
    driver.commit()
    name, unit = driver.execute(
        "SELECT person.name, unit.name FROM person JOIN unit ON unit.id = person.unit_id "
        "WHERE person.id = ?",
        (person_id,),
    ).fetchone()
    driver.close()
    return person_id, f"{name}@{unit}"


def ours(url: str, params: dict[str, Any]) -> Result:
    from qy_landing.services.meetings import agenda, agenda_outline, project_card, project_cards

    _person_id, who = prepare(url)
    ctx = context(url)
    ctx.calendar()
    # The process's first agenda also parses the stored workflow definitions and prepares
    # the statements (once per process, ~0.1-0.3 s): reported, not judged — the baseline
    # may know what the library caches (see docs/performance.md). Warmed on the previous
    # month's agenda and cards, so no row of this month's is read beforehand.
    first = time.perf_counter()
    before = agenda(ctx, PREVIOUS, person=who)
    earlier = [p.code for s in before.subjects for p in s.projects]
    project_cards(ctx, earlier[-CARDS:], PREVIOUS)
    project_card(ctx, earlier[-1], PREVIOUS)
    first_s = time.perf_counter() - first
    began = time.perf_counter()
    found = agenda(ctx, MONTH, person=who)
    opened = time.perf_counter() - began
    projects = [p.code for s in found.subjects for p in s.projects]
    moved = time.perf_counter()
    cards = [
        card
        for start in range(0, len(projects), CARDS)
        for card in project_cards(ctx, projects[start : start + CARDS], MONTH)
    ]
    cards_s = time.perf_counter() - moved
    seconds = time.perf_counter() - began
    # Not judged: one card alone (what a save reloads), median of CARDS of them.
    single = []
    for code in projects[:CARDS]:
        alone = time.perf_counter()
        project_card(ctx, code, MONTH)
        single.append(time.perf_counter() - alone)
    # Not judged: the meeting opened without a filter (the whole office): the outline of
    # every subject with its number of projects, then the first page of 20 subjects.
    whole = time.perf_counter()
    outline = agenda_outline(ctx, MONTH)
    page = agenda(ctx, MONTH, subjects=[s.key for s in outline.subjects[:20]])
    whole_s = time.perf_counter() - whole
    ctx.db.dispose()
    return seconds, {
        "rows": len(projects),
        "cards": len(cards),
        "agenda_seconds": opened,
        "card_seconds": cards_s / max(1, len(cards)),
        "single_card_seconds": statistics.median(single),
        "procedures": sum(len(c.view.procedures) for c in cards),
        "first_call_seconds": first_s,
        "office_outline_seconds": whole_s,
        "office_subjects": len(outline.subjects),
        "office_first_page_rows": sum(len(s.projects) for s in page.subjects),
    }


CARD_QUERIES = (
    "SELECT p.*, u.name FROM project p JOIN unit u ON u.id = p.unit_id WHERE p.id IN ({ids})",
    "SELECT * FROM procedure WHERE project_id IN ({ids})",
    "SELECT a.project_id, a.role, per.name, u.name, per.title, per.phone, per.email "
    "FROM assignment a JOIN person per ON per.id = a.person_id "
    "JOIN unit u ON u.id = per.unit_id WHERE a.project_id IN ({ids}) ORDER BY a.id",
    "SELECT pb.*, per.name FROM problem pb LEFT JOIN person per ON per.id = pb.owner_id "
    "WHERE pb.project_id IN ({ids}) ORDER BY pb.id",
    "SELECT project_id, COALESCE(SUM(amount), 0) FROM funds_record "
    "WHERE project_id IN ({ids}) AND received_on <= ? GROUP BY project_id",
    "SELECT c.*, per.name FROM commitment c JOIN person per ON per.id = c.person_id "
    "WHERE c.project_id IN ({ids}) ORDER BY c.due_on, c.id",
    # the notes of this month's meeting, shown on the card
    "SELECT project_id, new, effective_on, actor FROM event WHERE project_id IN ({ids}) "
    "AND action = 'meeting_note' AND field = ? ORDER BY id",
)


def _card_rows(driver: Any, ids: list[int], as_of: Any) -> int:
    """The cards' rows of ``ids`` in one read transaction; the number of procedures."""
    marks = ", ".join("?" * len(ids))
    extra: dict[int, tuple[Any, ...]] = {4: (as_of,), 6: (f"meeting:{MONTH}",)}
    procedures = 0
    driver.begin_read()
    for index, sql in enumerate(CARD_QUERIES):
        found = driver.execute(sql.format(ids=marks), (*ids, *extra.get(index, ()))).fetchall()
        if index == 1:
            procedures = len(found)
    driver.commit()
    return procedures


def baseline(url: str, params: dict[str, Any]) -> Result:
    person_id, _who = prepare(url)
    driver = _driver(url)
    marks = ", ".join("?" * len(CLOSED))
    as_of = driver.day(AS_OF)
    began = time.perf_counter()
    driver.begin_read()
    rows = driver.execute(
        "SELECT DISTINCT p.id, p.code, p.name, p.state, p.last_progress_on, "
        "(SELECT COALESCE(SUM(CASE WHEN pr.status IN ('submitted', 'accepted') "
        " AND pr.due_on < ? THEN 1 ELSE 0 END), 0) "
        " FROM procedure pr WHERE pr.project_id = p.id), "
        "(SELECT COUNT(*) FROM problem pb WHERE pb.project_id = p.id "
        " AND pb.resolved_on IS NULL) "
        "FROM assignment a JOIN project p ON p.id = a.project_id "
        "JOIN person per ON per.id = a.person_id "
        "WHERE a.role IN ('first_responsible', 'direct_responsible') AND a.person_id = ? "
        f"AND per.active AND p.state NOT IN ({marks}) ORDER BY p.code",
        (as_of, person_id, *CLOSED),
    ).fetchall()
    driver.commit()
    opened = time.perf_counter() - began
    moved = time.perf_counter()
    ids = [r[0] for r in rows]
    procedures = sum(
        _card_rows(driver, ids[start : start + CARDS], as_of) for start in range(0, len(ids), CARDS)
    )
    cards_s = time.perf_counter() - moved
    seconds = time.perf_counter() - began
    single = []
    for project_id in ids[:CARDS]:
        alone = time.perf_counter()
        _card_rows(driver, [project_id], as_of)
        single.append(time.perf_counter() - alone)
    driver.close()
    return seconds, {
        "rows": len(rows),
        "cards": len(ids),
        "agenda_seconds": opened,
        "card_seconds": cards_s / max(1, len(ids)),
        "single_card_seconds": statistics.median(single),
        "procedures": procedures,
    }
