"""The dispatch meeting: opening one person's agenda, and moving between their projects.

Setup (not timed, on a fresh copy): the busiest responsible person is made
first-responsible for enough further open projects to have :data:`PROJECTS` open
projects — the issue's "a person with 300 projects" on a 100k-project database.

*Ours*: ``services.meetings.agenda(person=…)`` (what ``qy-landing meeting --person`` opens
with), then ``project_card`` of the first :data:`CARDS` projects (what the screen shows
when the cursor moves). *Baseline*: the same rows read with plain SQL — the agenda's one
grouped query, then per project its row, unit, procedures, assignments, problems, funds
and commitments.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from benchmarks.common import AS_OF, context

Result = tuple[float, dict[str, Any]]
PROJECTS = 300
CARDS = 20
MONTH = f"{AS_OF.year:04d}-{AS_OF.month:02d}"
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
    from qy_landing.services.meetings import agenda, project_card

    _person_id, who = prepare(url)
    ctx = context(url)
    ctx.calendar()
    began = time.perf_counter()
    found = agenda(ctx, MONTH, person=who)
    opened = time.perf_counter() - began
    projects = [p.code for s in found.subjects for p in s.projects]
    moved = time.perf_counter()
    cards = [project_card(ctx, code, MONTH) for code in projects[:CARDS]]
    cards_s = time.perf_counter() - moved
    seconds = time.perf_counter() - began
    ctx.db.dispose()
    return seconds, {
        "rows": len(projects),
        "cards": len(cards),
        "agenda_seconds": opened,
        "card_seconds": cards_s / max(1, len(cards)),
        "procedures": sum(len(c.view.procedures) for c in cards),
    }


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
    procedures = 0
    for project_id, *_rest in rows[:CARDS]:
        driver.begin_read()
        driver.execute(
            "SELECT p.*, u.name FROM project p JOIN unit u ON u.id = p.unit_id WHERE p.id = ?",
            (project_id,),
        ).fetchone()
        procedures += len(
            driver.execute("SELECT * FROM procedure WHERE project_id = ?", (project_id,)).fetchall()
        )
        driver.execute(
            "SELECT a.role, per.name, u.name, per.title, per.phone, per.email FROM assignment a "
            "JOIN person per ON per.id = a.person_id JOIN unit u ON u.id = per.unit_id "
            "WHERE a.project_id = ? ORDER BY a.id",
            (project_id,),
        ).fetchall()
        driver.execute(
            "SELECT pb.*, per.name FROM problem pb LEFT JOIN person per ON per.id = pb.owner_id "
            "WHERE pb.project_id = ? ORDER BY pb.id",
            (project_id,),
        ).fetchall()
        driver.execute(
            "SELECT COALESCE(SUM(amount), 0) FROM funds_record "
            "WHERE project_id = ? AND received_on <= ?",
            (project_id, as_of),
        ).fetchone()
        driver.execute(
            "SELECT c.*, per.name FROM commitment c JOIN person per ON per.id = c.person_id "
            "WHERE c.project_id = ? ORDER BY c.due_on, c.id",
            (project_id,),
        ).fetchall()
        driver.commit()
    cards_s = time.perf_counter() - moved
    seconds = time.perf_counter() - began
    driver.close()
    cards = min(CARDS, len(rows))
    return seconds, {
        "rows": len(rows),
        "cards": cards,
        "agenda_seconds": opened,
        "card_seconds": cards_s / max(1, cards),
        "procedures": procedures,
    }
