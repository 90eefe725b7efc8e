"""Commitments in the reminders: digest lines, the overdue ladder, and the task lists (交办单).

- **Digest lines.** A person's monthly digest lists what they promised at last month's
  dispatch meeting and every promise of theirs still open ("promised at the October
  meeting: … by 11-20 — not done"). One query per run, grouped by person.
- **Missed commitments** climb the same escalation ladder as an overdue procedure (the
  project's workflow ``escalation``): rung 0 also tells the person who promised. Keys
  ``commitment:<id>:<due_on>:<rung>:<person_id>``, so each rung is sent once.
- **Task lists** (交办单): after a meeting, each person gets one message listing the
  commitments they took on, key ``tasks:<person_id>:<YYYY-MM>`` — once per person and meeting.

Set-based like the rest of ``reminders``: Core queries, no ORM object per row; the outbox
insert ignores keys that exist (``ON CONFLICT (key) DO NOTHING``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import groupby
from pathlib import Path
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from qy_landing.calendar import WorkCalendar
from qy_landing.reminders.ladder import Climb, Outbox
from qy_landing.reminders.messages import Templates, templates
from qy_landing.reminders.render import Member, Roles
from qy_landing.store.models import Assignment, Commitment, Person, Project, Reminder, Unit
from qy_landing.vocabulary import DIRECT_RESPONSIBLE, FIRST_RESPONSIBLE
from qy_landing.workflow.definition import Definition

T_COMMITMENT = Commitment.__table__  # type: ignore[attr-defined]
T_ASSIGNMENT = Assignment.__table__  # type: ignore[attr-defined]
T_PERSON = Person.__table__  # type: ignore[attr-defined]
T_PROJECT = Project.__table__  # type: ignore[attr-defined]
T_REMINDER = Reminder.__table__  # type: ignore[attr-defined]
T_UNIT = Unit.__table__  # type: ignore[attr-defined]

KIND = "commitment"
TASKS = "tasks"


def previous_month(period: str) -> str:
    year, month = int(period[:4]), int(period[5:7])
    year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return f"{year:04d}-{month:02d}"


def month_label(tpl: Templates, period: str) -> str:
    import calendar as months

    year, month = int(period[:4]), int(period[5:7])
    return tpl.render("common.month", year=year, month=month, month_name=months.month_name[month])


# --- digest lines ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Promise:
    """One commitment as a digest line shows it."""

    text: str
    project: str
    person: str
    meeting: str | None
    made_on: date
    due_on: date
    due_provisional: bool
    status: str  # recorded: open | done
    closed_on: date | None


def digest_promises(session: Session, period: str, today: date) -> dict[int, list[Promise]]:
    """Per person id: the commitments their digest of ``period`` lists — those made at the
    previous month's meeting (unless withdrawn) and every one still open."""
    c, p, per = T_COMMITMENT, T_PROJECT, T_PERSON
    query = (
        select(
            c.c.person_id,
            c.c.text,
            p.c.name,
            per.c.name,
            c.c.meeting,
            c.c.made_on,
            c.c.due_on,
            c.c.due_provisional,
            c.c.status,
            c.c.closed_on,
        )
        .select_from(c.join(p, p.c.id == c.c.project_id).join(per, per.c.id == c.c.person_id))
        .where(
            c.c.made_on <= today,
            c.c.status != "withdrawn",
            or_(c.c.meeting == previous_month(period), c.c.status == "open"),
        )
        .order_by(c.c.person_id, c.c.due_on, c.c.id)
    )
    found: dict[int, list[Promise]] = {}
    for row in session.execute(query):
        text, project, person, meeting, made_on, due_on, provisional, status, closed_on = row[1:]
        found.setdefault(row[0], []).append(
            Promise(text, project, person, meeting, made_on, due_on, provisional, status, closed_on)
        )
    return found


def promise_lines(
    promises: Sequence[Promise], lang: str, today: date, calendar: WorkCalendar, tpl: Templates
) -> list[str]:
    """The digest block of ``promises`` (nothing when there are none)."""
    if not promises:
        return []
    lines = [tpl["commitment.heading"]]
    for item in promises:
        due = item.due_on.isoformat()
        if item.due_provisional:
            due = tpl.render("common.provisional", due=due)
        closed = item.closed_on is not None and item.closed_on <= today
        if item.status == "done" and closed:
            assert item.closed_on is not None
            late = item.closed_on > item.due_on
            status = tpl.render("commitment.late" if late else "commitment.done", on=item.closed_on)
        elif item.due_on < today:
            days = max(0, calendar.workdays_between(item.due_on, today))
            status = tpl.render("commitment.missed", days=days)
        else:
            status = tpl["commitment.open"]
        meeting = month_label(tpl, item.meeting) if item.meeting else item.made_on.isoformat()
        lines.append(
            tpl.render(
                "commitment.line",
                meeting=meeting,
                text=" ".join(item.text.split()),
                project=item.project,
                person=item.person,
                due=due,
                status=status,
            )
        )
    return lines


def with_promises(
    body: str,
    promises: Sequence[Promise] | None,
    lang: str,
    today: date,
    calendar: WorkCalendar,
    folder: Path | None = None,
) -> str:
    """A digest body with its commitments block put before the closing line."""
    if not promises:
        return body
    tpl = templates(lang, folder)
    block = "\n".join(promise_lines(promises, lang, today, calendar, tpl))
    closing = tpl["monthly.closing"]
    if body.endswith(closing):
        return body[: -len(closing)] + block + "\n\n" + closing
    return body + "\n\n" + block


# --- the overdue ladder -------------------------------------------------------------------------


@dataclass(frozen=True)
class Skipped:
    """A rung that told nobody (its role has no active person)."""

    code: str
    rung: int
    target: str


def _members() -> Any:
    a, per = T_ASSIGNMENT, T_PERSON
    return (
        select(
            a.c.project_id,
            a.c.role,
            per.c.id.label("person_id"),
            per.c.name,
            per.c.lang,
            per.c.channel,
        )
        .join(per, per.c.id == a.c.person_id)
        .where(a.c.role.in_((FIRST_RESPONSIBLE, DIRECT_RESPONSIBLE)), per.c.active.is_(True))
        .subquery("members")
    )


def escalate_missed(
    session: Session,
    outbox: Outbox,
    *,
    calendar: WorkCalendar,
    today: date,
    definitions: Callable[[str, int], Definition],
    quiet: Iterable[str],
    supervisors: Sequence[Member],
    folder: Path | None = None,
) -> list[Skipped]:
    """Missed commitments of active projects up the ladder of each project's workflow.

    Adds outbox rows (kind ``commitment``) and returns the rungs that told nobody.
    """
    c, p, u, who = T_COMMITMENT, T_PROJECT, T_UNIT, T_PERSON.alias("promiser")
    m = _members()
    query = (
        select(
            c.c.id,
            c.c.text,
            c.c.made_on,
            c.c.due_on,
            c.c.due_provisional,
            c.c.meeting,
            p.c.id,
            p.c.code,
            p.c.name,
            p.c.workflow,
            p.c.workflow_version,
            u.c.name,
            who.c.id,
            who.c.name,
            who.c.lang,
            who.c.channel,
            who.c.active,
            m.c.role,
            m.c.person_id,
            m.c.name,
            m.c.lang,
            m.c.channel,
        )
        .select_from(
            c.join(p, p.c.id == c.c.project_id)
            .join(u, u.c.id == p.c.unit_id)
            .join(who, who.c.id == c.c.person_id)
            .outerjoin(m, m.c.project_id == p.c.id)
        )
        .where(and_(c.c.status == "open", c.c.due_on < today, p.c.state.not_in(list(quiet))))
        .order_by(c.c.id, m.c.role, m.c.person_id)
    )
    period = f"{today.year:04d}-{today.month:02d}"
    skipped: list[Skipped] = []
    steps = Climb(
        outbox,
        KIND,
        period,
        render=lambda c: _escalation_text(
            templates(c.member.lang, folder),
            c.member.lang,
            c.row,
            c.roles,
            c.days,
            c.rung,
            c.target,
        ),
        ids=lambda c: (c.row[6], None),
    )
    for commitment_id, group in groupby(session.execute(query), key=lambda r: r[0]):
        rows = list(group)
        first = rows[0]
        days = calendar.workdays_between(first[3], today)
        if days < 1:  # due on the last working day before a weekend or holiday
            continue
        roles = Roles()
        for r in rows:
            roles.add(r[17], Member(r[18], r[19], r[20], r[21]) if r[18] is not None else None)
        promiser = Member(first[12], first[13], first[14], first[15]) if first[16] else None

        def targets(
            index: int, target: str, roles: Roles = roles, promiser: Member | None = promiser
        ) -> list[Member]:
            members = list(supervisors) if target == "supervisor" else roles.get(target)
            if index == 0 and promiser and all(t.id != promiser.id for t in members):
                members = [promiser, *members]  # rung 0 also tells who promised
            return members

        def key(
            index: int, member: Member, prefix: str = f"{KIND}:{commitment_id}:{first[3]}"
        ) -> str:
            return f"{prefix}:{index}:{member.id}"

        nobody = steps.climb(
            definitions(first[9], first[10]).ladder,
            days,
            row=first,
            roles=roles,
            days=days,
            targets=targets,
            key=key,
        )
        skipped.extend(Skipped(first[7], index, target) for index, target in nobody)
    steps.settle()
    return skipped


def _escalation_text(
    tpl: Templates, lang: str, row: Any, roles: Roles, days: int, rung: int, target: str
) -> tuple[str, str]:
    from qy_landing import i18n

    due = row[3].isoformat()
    if row[4]:
        due = tpl.render("common.provisional", due=due)
    title = tpl.render("commitment.title", project=row[8], days=days)
    body = tpl.render(
        "commitment.body",
        name=row[8],
        code=row[7],
        unit=row[11],
        text=" ".join(row[1].split()),
        person=row[13],
        made=row[2].isoformat(),
        meeting=month_label(tpl, row[5]) if row[5] else "",
        due=due,
        days=days,
        rung=rung + 1,
        target=i18n.term("role", target, lang),
        direct=roles.names(DIRECT_RESPONSIBLE, lang),
        first=roles.names(FIRST_RESPONSIBLE, lang),
    )
    return title, body


# --- task lists (交办单) ------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskListResult:
    """What queuing the task lists of a meeting did."""

    meeting: str
    generated: int
    existing: int

    def as_dict(self) -> dict[str, Any]:
        return {"meeting": self.meeting, "generated": self.generated, "existing": self.existing}


def task_list(
    tpl: Templates, person: str, meeting: str, items: Sequence[tuple[str, str, str, str]]
) -> tuple[str, str]:
    """The title and body of one person's task list; items are (text, project, code, due)."""
    month = month_label(tpl, meeting)
    title = tpl.render("tasks.title", month=month, person=person, count=len(items))
    lines = [tpl.render("tasks.intro", month=month, person=person), ""]
    for index, (text, project, code, due) in enumerate(items, 1):
        lines.append(tpl.render("tasks.line", index=index, text=text, project=project, code=code,
                                due=due))  # fmt: skip
    lines += ["", tpl["tasks.closing"]]
    return title, "\n".join(lines)


def queue_task_lists(
    session: Session, meeting: str, now: datetime, *, postgres: bool, folder: Path | None = None
) -> TaskListResult:
    """Put each person's task list of ``meeting`` into the outbox, once per person and meeting
    (inside the caller's write transaction)."""
    c, p, per = T_COMMITMENT, T_PROJECT, T_PERSON
    rows = session.execute(
        select(
            per.c.id,
            per.c.name,
            per.c.lang,
            per.c.channel,
            per.c.active,
            c.c.text,
            p.c.name,
            p.c.code,
            c.c.due_on,
            c.c.due_provisional,
        )
        .select_from(c.join(p, p.c.id == c.c.project_id).join(per, per.c.id == c.c.person_id))
        .where(c.c.meeting == meeting, c.c.status != "withdrawn")
        .order_by(per.c.id, c.c.due_on, c.c.id)
    ).all()
    stamp = now.astimezone(UTC)
    values: list[dict[str, Any]] = []
    for person_id, group in groupby(rows, key=lambda r: r[0]):
        items = list(group)
        head = items[0]
        if not head[4]:  # inactive persons get nothing
            continue
        tpl = templates(head[2], folder)
        title, body = task_list(
            tpl,
            head[1],
            meeting,
            [
                (
                    " ".join(r[5].split()),
                    r[6],
                    r[7],
                    tpl.render("common.provisional", due=r[8].isoformat())
                    if r[9]
                    else r[8].isoformat(),
                )
                for r in items
            ],
        )
        values.append(
            {
                "key": f"{TASKS}:{person_id}:{meeting}",
                "kind": TASKS,
                "person_id": person_id,
                "rung": 0,
                "period": meeting,
                "channel": head[3],
                "lang": head[2],
                "title": title[:300],
                "body": body,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": stamp,
                "created_at": stamp,
            }
        )
    if not values:
        return TaskListResult(meeting, 0, 0)
    if postgres:
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement: Any = pg_insert(T_REMINDER).on_conflict_do_nothing(index_elements=["key"])
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(T_REMINDER).on_conflict_do_nothing(index_elements=["key"])
    statement = statement.returning(T_REMINDER.c.id)  # a row back only when inserted
    generated = 0
    for value in values:  # a handful of persons per meeting
        generated += len(session.execute(statement, value).all())
    return TaskListResult(meeting, generated, len(values) - generated)
