"""The monthly one-on-one dispatch meeting (每月一对一项目调度会): agenda, cards, notes, progress.

The office sits down with each responsible person (or unit) and goes through their open
projects one by one. This module gives the terminal what it shows and records:

- :func:`agenda` — for a month, the persons to meet (or the units), in the office's order
  (unit order, then person), each with their open projects, overdue procedures and open
  problems. Set-based: one query for the rows, whatever the number of projects.
- :func:`project_card` — one project as the meeting sees it: state, procedures with due
  dates and working days overdue, open problems, last progress, what was promised at last
  month's meeting and whether it was kept, what this meeting recorded.
- :func:`add_note` — a decision or note of the meeting: an audit event of the project
  (one transaction, the project's version checked and bumped like every change).
- :func:`visit` / :func:`resume_point` — which project the meeting is at, stored in the
  database, so an interrupted meeting resumes where it stopped (on any machine).

Writes of procedures, problems and commitments go through their own services
(:mod:`~qy_landing.services.procedures`, :mod:`~qy_landing.services.problems`,
:mod:`~qy_landing.services.commitments`), with the same validation and messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, bindparam, case, func, or_, select
from sqlmodel import col

from qy_landing.errors import ChoiceError, InvalidValueError, Msg, Term
from qy_landing.services.changes import change_project
from qy_landing.services.commitment_views import CommitmentRow, check_month
from qy_landing.services.context import Context
from qy_landing.services.definitions import StoredDefinitions
from qy_landing.services.effective import check_effective
from qy_landing.services.people import find_person
from qy_landing.services.project_views import (
    BATCH,
    find_project,
    fixed_in,
    fixed_params,
    records,
)
from qy_landing.services.units import find_unit
from qy_landing.store.models import (
    Assignment,
    Commitment,
    Event,
    MeetingVisit,
    Person,
    Problem,
    Procedure,
    Project,
    Unit,
)
from qy_landing.vocabulary import DIRECT_RESPONSIBLE, FIRST_RESPONSIBLE, RUNNING_STATUSES

GROUPINGS = ("person", "unit")
RESPONSIBLE = (FIRST_RESPONSIBLE, DIRECT_RESPONSIBLE)
NOTE_FIELD = "meeting:"  # + YYYY-MM: the audit field of a meeting note

T_ASSIGNMENT = Assignment.__table__  # type: ignore[attr-defined]
T_PERSON = Person.__table__  # type: ignore[attr-defined]
T_PROBLEM = Problem.__table__  # type: ignore[attr-defined]
T_PROCEDURE = Procedure.__table__  # type: ignore[attr-defined]
T_PROJECT = Project.__table__  # type: ignore[attr-defined]
T_UNIT = Unit.__table__  # type: ignore[attr-defined]
T_VISIT = MeetingVisit.__table__  # type: ignore[attr-defined]
T_EVENT = Event.__table__  # type: ignore[attr-defined]
T_COMMITMENT = Commitment.__table__  # type: ignore[attr-defined]


def this_month(ctx: Context) -> str:
    today = ctx.today()
    return f"{today.year:04d}-{today.month:02d}"


def previous_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    year, number = (year, number - 1) if number > 1 else (year - 1, 12)
    return f"{year:04d}-{number:02d}"


def month_end(month: str) -> date:
    year, number = int(month[:4]), int(month[5:7])
    following = date(year + (number == 12), number % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


# --- the agenda --------------------------------------------------------------------------------


# Not frozen: building a frozen dataclass sets each field through object.__setattr__
# (~10x the cost); the meeting builds thousands of these per page. Treat as read-only.
@dataclass
class AgendaProject:
    """One open project on the agenda."""

    id: int
    code: str
    name: str
    state: str
    state_label: str
    last_progress_on: date
    overdue: int  # procedures past due
    problems: int  # open problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "state": self.state,
            "state_label": self.state_label,
            "last_progress_on": self.last_progress_on.isoformat(),
            "overdue_procedures": self.overdue,
            "open_problems": self.problems,
        }


@dataclass
class AgendaSubject:
    """A person (or unit) the office meets, with their open projects."""

    key: str  # person:<id> | unit:<id>
    name: str
    unit: str
    projects: list[AgendaProject] = field(default_factory=list)
    visited: set[int] = field(default_factory=set)  # project ids gone through this month
    # An outline (:func:`agenda_outline`) names the subject and counts its open projects;
    # their rows (and the overdue/problem figures) come with :func:`agenda` of that subject.
    count: int | None = None
    loaded: bool = True

    @property
    def total(self) -> int:
        """Open projects: those loaded, or the outline's count before they are."""
        return len(self.projects) if self.loaded or self.count is None else self.count

    @property
    def overdue(self) -> int:
        return sum(p.overdue for p in self.projects)

    @property
    def problems(self) -> int:
        return sum(p.problems for p in self.projects)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "unit": self.unit,
            "overdue_procedures": self.overdue,
            "open_problems": self.problems,
            "projects": [{**p.as_dict(), "visited": p.id in self.visited} for p in self.projects],
        }


@dataclass
class Agenda:
    month: str
    by: str
    as_of: date
    subjects: list[AgendaSubject]
    resume: tuple[str, str] | None = None  # (subject key, project code) where it stopped

    def as_dict(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "by": self.by,
            "as_of": self.as_of.isoformat(),
            "resume": list(self.resume) if self.resume else None,
            "subjects": [s.as_dict() for s in self.subjects],
        }


def _label(
    definitions: StoredDefinitions, cache: dict[tuple[str, int, str], str], row: Any, lang: str
) -> str:
    key = (row.workflow, row.workflow_version, row.state)
    found = cache.get(key)
    if found is None:
        definition = definitions.by_version.get((row.workflow, row.workflow_version))
        found = cache[key] = (
            definition.state_label(row.state, lang) if definition else str(row.state)
        )
    return found


def agenda_query(
    closed: list[str],
    as_of: date,
    *,
    by: str = "person",
    person_id: int | None = None,
    unit_id: int | None = None,
    subject_ids: list[int] | None = None,
    where: list[Any] | None = None,
) -> Any:
    """The agenda's rows, ordered by subject then project code (one statement);
    ``subject_ids`` keeps those persons (or units) only: one page of the agenda; ``where``:
    more conditions on the projects (:func:`project_filters`)."""
    a, p, per, u, pr, pb = T_ASSIGNMENT, T_PROJECT, T_PERSON, T_UNIT, T_PROCEDURE, T_PROBLEM
    # Counted per project through the project_id indexes (correlated): one person's agenda
    # reads only their projects' procedures and problems. The status and due-date test sits
    # in a CASE so that no planner takes the (status, due_on) index instead: that scans every
    # overdue procedure of the database once per project (83 s for 300 projects at 100k).
    late = and_(pr.c.status.in_(sorted(RUNNING_STATUSES)), pr.c.due_on < as_of)
    overdue = (
        select(func.coalesce(func.sum(case((late, 1), else_=0)), 0))
        .select_from(pr)
        .where(pr.c.project_id == p.c.id)
        .correlate(p)
        .scalar_subquery()
    )
    problems = (
        select(func.count())
        .select_from(pb)
        .where(pb.c.project_id == p.c.id, pb.c.resolved_on.is_(None))
        .correlate(p)
        .scalar_subquery()
    )
    columns = [
        p.c.id,
        p.c.code,
        p.c.name,
        p.c.state,
        p.c.workflow,
        p.c.workflow_version,
        p.c.last_progress_on,
        overdue.label("overdue"),
        problems.label("problems"),
    ]
    if by == "unit":
        query = (
            select(u.c.id.label("subject_id"), u.c.name.label("subject"), u.c.name.label("unit"))
            .add_columns(*columns)
            .select_from(p.join(u, u.c.id == p.c.unit_id))
        )
        order = [u.c.id, p.c.code]
        if subject_ids is not None:
            query = query.where(p.c.unit_id.in_(subject_ids))
    else:
        # Straight joins from the assignment (its person_id index serves one person), and
        # DISTINCT for a person holding both roles: a DISTINCT subquery of all pairs was
        # materialised whole and scanned per row (83 s for one person at 100k on SQLite).
        pu = u.alias("person_unit")
        query = (
            select(
                per.c.id.label("subject_id"),
                per.c.name.label("subject"),
                pu.c.name.label("unit"),
                pu.c.id.label("unit_id"),  # DISTINCT: what ORDER BY names must be selected
            )
            .add_columns(*columns)
            .select_from(
                a.join(p, p.c.id == a.c.project_id)
                .join(per, per.c.id == a.c.person_id)
                .join(pu, pu.c.id == per.c.unit_id)
            )
            .where(a.c.role.in_(RESPONSIBLE), per.c.active.is_(True))
            .distinct()
        )
        order = [pu.c.id, per.c.id, p.c.code]
        if person_id is not None:
            query = query.where(a.c.person_id == person_id)
        if subject_ids is not None:
            query = query.where(a.c.person_id.in_(subject_ids))
    query = query.where(p.c.state.not_in(closed), *(where or ()))
    if unit_id is not None:
        query = query.where(p.c.unit_id == unit_id)
    return query.order_by(*order)


@dataclass(frozen=True)
class AgendaFilter:
    """What the meeting keeps of the agenda: a unit, a person, a level, stuck projects only."""

    unit: str | None = None
    person: str | None = None
    level: str | None = None  # provincial | city | county: the level of the project's state
    stuck: bool = False  # overdue procedure, open problem, missed commitment or idle

    def as_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "person": self.person, "level": self.level, "stuck": self.stuck}


def check_level(level: str | None) -> str | None:
    """A level (``provincial``, ``city``, ``county``, or its Chinese name) or None."""
    if level is None or not level.strip():
        return None
    from qy_landing.vocabulary import LEVELS, resolve

    return resolve("level", level, LEVELS)  # a ChoiceError lists the levels


def project_filters(
    definitions: StoredDefinitions,
    calendar: Any,
    as_of: date,
    *,
    level: str | None = None,
    stuck: bool = False,
) -> list[Any]:
    """Conditions on the agenda's projects: at ``level`` (their state's level in their own
    definition), or ``stuck``: in an ordinary state with an overdue procedure, an open
    problem, a missed commitment, or no progress for the workflow's ``idle_days`` working
    days (the stuck list's reasons but the overall time limit). Each test probes one
    project's rows by its index."""
    from qy_landing.reports.common import cutoff

    p, pr, pb = T_PROJECT, T_PROCEDURE, T_PROBLEM
    found: list[Any] = []
    if level is not None:
        states = sorted(
            {s.name for _, d in definitions.items() for s in d.states if s.level == level}
        )
        found.append(p.c.state.in_(states))
    if stuck:
        c = T_COMMITMENT
        late = and_(pr.c.status.in_(sorted(RUNNING_STATUSES)), pr.c.due_on < as_of)
        idle = [
            and_(
                p.c.workflow == name,
                p.c.workflow_version == version,
                p.c.last_progress_on < cutoff(calendar, as_of, definition.idle_days),
            )
            for (name, version), definition in definitions.items()
        ]
        found.append(p.c.state.in_(sorted(definitions.states("normal"))))  # as the stuck list
        found.append(
            or_(
                # CASE: keep the planner on the project_id index (see agenda_query)
                select(pr.c.id)
                .where(pr.c.project_id == p.c.id, case((late, 1), else_=0) == 1)
                .correlate(p)
                .exists(),
                select(pb.c.id)
                .where(pb.c.project_id == p.c.id, pb.c.resolved_on.is_(None))
                .correlate(p)
                .exists(),
                select(c.c.id)
                .where(c.c.project_id == p.c.id, c.c.status == "open", c.c.due_on < as_of)
                .correlate(p)
                .exists(),
                *idle,
            )
        )
    return found


def check_filters(
    ctx: Context,
    month: str | None = None,
    *,
    by: str = "person",
    unit: str | None = None,
    person: str | None = None,
    level: str | None = None,
) -> str:
    """Check the agenda's options before a meeting opens; the month (default this month)."""
    if by not in GROUPINGS:
        raise ChoiceError("option", by, list(GROUPINGS))
    check_level(level)
    month = check_month(month) if month else this_month(ctx)
    if unit or person:
        with ctx.db.read() as session:
            if unit:
                find_unit(session, unit)
            if person:
                find_person(session, person)
    return month


def agenda(
    ctx: Context,
    month: str | None = None,
    *,
    by: str = "person",
    unit: str | None = None,
    person: str | None = None,
    lang: str = "zh",
    as_of: date | None = None,
    subjects: list[str] | None = None,
    level: str | None = None,
    stuck: bool = False,
) -> Agenda:
    """The agenda of ``month`` (default this month): persons (or units) and their open projects.

    ``unit`` keeps the projects of one unit, ``person`` (``NAME`` or ``NAME@UNIT``) one
    person; ``subjects`` (keys from :func:`agenda_outline`, ``person:ID`` / ``unit:ID``)
    those subjects: one page of a large agenda; ``level`` the projects at that level,
    ``stuck`` the stuck ones (:func:`project_filters`). Figures are as of ``as_of``
    (default today, or the month's last day for a past month).
    """
    if by not in GROUPINGS:
        raise ChoiceError("option", by, list(GROUPINGS))
    month = check_month(month) if month else this_month(ctx)
    as_of = as_of or min(ctx.today(), month_end(month))
    found: dict[int, AgendaSubject] = {}
    with ctx.db.read() as session:
        person_id = find_person(session, person).id if person else None
        unit_id = find_unit(session, unit).id if unit else None
        definitions = StoredDefinitions.load(session)
        closed = sorted(definitions.final_states() | {"started", "terminated"})
        labels: dict[tuple[str, int, str], str] = {}
        query = agenda_query(
            closed,
            as_of,
            by=by,
            person_id=person_id,
            unit_id=unit_id,
            subject_ids=None if subjects is None else subject_ids(subjects, by),
            where=project_filters(
                definitions, ctx.calendar(), as_of, level=check_level(level), stuck=stuck
            ),
        )
        for row in records(session.execute(query)):
            subject = found.get(row.subject_id)
            if subject is None:
                subject = found[row.subject_id] = AgendaSubject(
                    f"{by}:{row.subject_id}", row.subject, row.unit
                )
            subject.projects.append(
                AgendaProject(
                    row.id,
                    row.code,
                    row.name,
                    row.state,
                    _label(definitions, labels, row, lang),
                    row.last_progress_on,
                    int(row.overdue),
                    int(row.problems),
                )
            )
        visits = session.execute(
            select(T_VISIT.c.subject, T_VISIT.c.project_id)
            .where(T_VISIT.c.meeting == month, T_VISIT.c.subject.like(f"{by}:%"))
            .order_by(T_VISIT.c.visited_at, T_VISIT.c.id)
        ).all()
    return _with_visits(month, by, as_of, found, visits)


def subject_ids(keys: list[str], by: str) -> list[int]:
    """The ids in subject keys (``person:12``) of this grouping; others are left out."""
    prefix = f"{by}:"
    return [
        int(k[len(prefix) :]) for k in keys if k.startswith(prefix) and k[len(prefix) :].isdigit()
    ]


def _with_visits(
    month: str, by: str, as_of: date, subjects: dict[int, AgendaSubject], visits: Any
) -> Agenda:
    by_key = {s.key: s for s in subjects.values()}
    resume: tuple[str, str] | None = None
    for key, project_id in visits:
        subject = by_key.get(key)
        if subject is None:
            continue
        subject.visited.add(project_id)
        code = next((p.code for p in subject.projects if p.id == project_id), None)
        if code is not None:
            resume = (key, code)
    return Agenda(month, by, as_of, list(subjects.values()), resume)


def outline_query(
    closed: list[str],
    *,
    by: str = "person",
    person_id: int | None = None,
    unit_id: int | None = None,
    where: list[Any] | None = None,
) -> Any:
    """The agenda's subjects in order with their number of open projects (one statement,
    no procedure or problem counted: that is what makes a whole office's agenda slow)."""
    a, p, per, u = T_ASSIGNMENT, T_PROJECT, T_PERSON, T_UNIT
    if by == "unit":
        query = (
            select(
                u.c.id.label("subject_id"),
                u.c.name.label("subject"),
                u.c.name.label("unit"),
                func.count().label("projects"),
            )
            .select_from(p.join(u, u.c.id == p.c.unit_id))
            .group_by(u.c.id, u.c.name)
            .order_by(u.c.id)
        )
    else:
        pu = u.alias("person_unit")
        query = (
            select(
                per.c.id.label("subject_id"),
                per.c.name.label("subject"),
                pu.c.name.label("unit"),
                func.count(a.c.project_id.distinct()).label("projects"),
            )
            .select_from(
                a.join(p, p.c.id == a.c.project_id)
                .join(per, per.c.id == a.c.person_id)
                .join(pu, pu.c.id == per.c.unit_id)
            )
            .where(a.c.role.in_(RESPONSIBLE), per.c.active.is_(True))
            .group_by(pu.c.id, per.c.id, per.c.name, pu.c.name)
            .order_by(pu.c.id, per.c.id)
        )
        if person_id is not None:
            query = query.where(a.c.person_id == person_id)
    query = query.where(p.c.state.not_in(closed), *(where or ()))
    if unit_id is not None:
        query = query.where(p.c.unit_id == unit_id)
    return query


def agenda_outline(
    ctx: Context,
    month: str | None = None,
    *,
    by: str = "person",
    unit: str | None = None,
    person: str | None = None,
    as_of: date | None = None,
    level: str | None = None,
    stuck: bool = False,
) -> Agenda:
    """The agenda's subjects, in order, each with the number of its open projects but not
    yet the projects (``loaded`` False): what the meeting shows first on a large office,
    loading a page of subjects with :func:`agenda` (``subjects=``) as the cursor gets there.

    ``resume`` names the subject (and project) where the meeting stopped.
    """
    if by not in GROUPINGS:
        raise ChoiceError("option", by, list(GROUPINGS))
    month = check_month(month) if month else this_month(ctx)
    as_of = as_of or min(ctx.today(), month_end(month))
    with ctx.db.read() as session:
        person_id = find_person(session, person).id if person else None
        unit_id = find_unit(session, unit).id if unit else None
        definitions = StoredDefinitions.load(session)
        closed = sorted(definitions.final_states() | {"started", "terminated"})
        where = project_filters(
            definitions, ctx.calendar(), as_of, level=check_level(level), stuck=stuck
        )
        rows = session.execute(
            outline_query(closed, by=by, person_id=person_id, unit_id=unit_id, where=where)
        ).all()
        last = session.execute(
            select(T_VISIT.c.subject, T_PROJECT.c.code)
            .join(T_PROJECT, T_PROJECT.c.id == T_VISIT.c.project_id)
            .where(T_VISIT.c.meeting == month, T_VISIT.c.subject.like(f"{by}:%"))
            .order_by(T_VISIT.c.visited_at.desc(), T_VISIT.c.id.desc())
            .limit(1)
        ).first()
    subjects = [
        AgendaSubject(
            f"{by}:{r.subject_id}", r.subject, r.unit, count=int(r.projects), loaded=False
        )
        for r in rows
    ]
    keys = {s.key for s in subjects}
    resume = (last[0], last[1]) if last is not None and last[0] in keys else None
    return Agenda(month, by, as_of, subjects, resume)


# --- a project as the meeting sees it --------------------------------------------------------


@dataclass(frozen=True)
class MeetingNote:
    code: str
    text: str
    on: date
    actor: str


@dataclass
class ProjectCard:
    """One project at the meeting: the project view, last month's promises, this meeting."""

    month: str
    view: Any  # services.projects.ProjectView
    last_month: list[CommitmentRow]
    this_meeting: list[CommitmentRow]
    open_commitments: list[CommitmentRow]
    notes: list[MeetingNote]

    @property
    def version(self) -> int:
        return int(self.view.version)


_NOTES_OF_PROJECTS = (
    select(T_EVENT.c.project_id, T_EVENT.c.new, T_EVENT.c.effective_on, T_EVENT.c.actor)
    .where(
        fixed_in(T_EVENT.c.project_id, "id"),
        T_EVENT.c.action == "meeting_note",
        T_EVENT.c.field == bindparam("field"),
    )
    .order_by(T_EVENT.c.id)
)


def project_card(
    ctx: Context,
    code: str,
    month: str | None = None,
    *,
    lang: str = "zh",
    as_of: date | None = None,
) -> ProjectCard:
    """One project as ``month``'s meeting sees it (see :func:`project_cards`); an unknown
    code is a :class:`~qy_landing.errors.ProjectNotFoundError` suggesting close ones."""
    from qy_landing.services.project_views import read_project_view

    month = check_month(month) if month else this_month(ctx)
    as_of = as_of or min(ctx.today(), month_end(month))
    calendar = ctx.calendar()
    with ctx.db.read_connection() as connection:
        project_id, view = read_project_view(
            connection, calendar, code, as_of=as_of, lang=lang, events=0
        )
        return _cards(connection, {project_id: view}, calendar, month, as_of)[0]


def project_cards(
    ctx: Context,
    codes: list[str],
    month: str | None = None,
    *,
    lang: str = "zh",
    as_of: date | None = None,
) -> list[ProjectCard]:
    """Projects as ``month``'s meeting sees them, in the order given (unknown codes left
    out): state, procedures with due dates and working days overdue, open problems, last
    progress, last month's commitments, this meeting's.

    Set-based, in one read transaction: one indexed statement each for the projects,
    procedures, assignments, problems, funds, commitments and the meeting's notes, however
    many projects — the meeting reads the cards of a page of projects at once, so moving
    the cursor between them reads nothing.
    """
    from qy_landing.codes import normalize_code
    from qy_landing.services.project_views import read_project_views

    month = check_month(month) if month else this_month(ctx)
    as_of = as_of or min(ctx.today(), month_end(month))
    calendar = ctx.calendar()
    wanted = [normalize_code(c) for c in codes]
    with ctx.db.read_connection() as connection:
        views = dict(
            read_project_views(connection, calendar, wanted, as_of=as_of, lang=lang, brief=True)
        )
        return _cards(connection, views, calendar, month, as_of) if views else []


def _cards(
    connection: Any, views: dict[int, Any], calendar: Any, month: str, as_of: date
) -> list[ProjectCard]:
    from qy_landing.services.commitment_views import project_commitments

    promised = project_commitments(connection, views, calendar, as_of)
    notes: dict[int, list[MeetingNote]] = {i: [] for i in views}
    ids = list(views)
    for row in (
        row
        for start in range(0, len(ids), BATCH)
        for row in connection.execute(
            _NOTES_OF_PROJECTS,
            {**fixed_params("id", ids[start : start + BATCH], 0), "field": NOTE_FIELD + month},
        )
    ):
        notes[row.project_id].append(
            MeetingNote(views[row.project_id].code, row.new or "", row.effective_on, row.actor)
        )
    last = previous_month(month)
    return [
        ProjectCard(
            month=month,
            view=view,
            last_month=[c for c in promised[i] if c.meeting == last],
            this_meeting=[c for c in promised[i] if c.meeting == month],
            open_commitments=[
                c
                for c in promised[i]
                if c.meeting not in (last, month) and c.status in ("open", "missed")
            ],
            notes=notes[i],
        )
        for i, view in views.items()
    ]


def meeting_notes(ctx: Context, month: str, *, code: str | None = None) -> list[MeetingNote]:
    """The notes (decisions) recorded at ``month``'s meeting, oldest first."""
    e, p = T_EVENT, T_PROJECT
    with ctx.db.read() as session:
        query = (
            select(p.c.code, e.c.new, e.c.effective_on, e.c.actor)
            .join(p, p.c.id == e.c.project_id)
            .where(e.c.action == "meeting_note", e.c.field == NOTE_FIELD + month)
        )
        if code:  # through the event table's project index, not a scan of every event
            query = query.where(e.c.project_id == find_project(session, code).id)
        rows = session.execute(query.order_by(e.c.id)).all()
    return [MeetingNote(c, text or "", on, actor) for c, text, on, actor in rows]


def add_note(
    ctx: Context,
    code: str,
    text: str,
    month: str | None = None,
    *,
    on: date | None = None,
    expected_version: int | None = None,
) -> MeetingNote:
    """Record a decision or note of ``month``'s meeting on project ``code`` (audited)."""
    if not text or not text.strip():
        raise InvalidValueError("text", text, Msg("expect.text"))
    month = check_month(month) if month else this_month(ctx)
    effective = ctx.effective(on)
    what = " ".join(text.split())
    with change_project(ctx, code, expected_version=expected_version) as change:
        check_effective(change, effective, Term("action", "meeting_note"))
        change.record("meeting_note", on=effective, field=NOTE_FIELD + month, new=what)
        code = change.project.code
    return MeetingNote(code, what, effective, ctx.actor)


# --- where the meeting is -------------------------------------------------------------------


def visit(ctx: Context, month: str, subject: str, code: str) -> None:
    """Remember that ``month``'s meeting is at project ``code`` of ``subject``.

    Two members of staff at the same project at once: the one whose row came second
    updates it (the unique key refuses a second row; the visit is tried again once).
    """
    from sqlalchemy.exc import IntegrityError

    month = check_month(month)
    try:
        _visit(ctx, month, subject, code)
    except IntegrityError:  # someone else recorded this visit between our read and insert
        _visit(ctx, month, subject, code)


def _visit(ctx: Context, month: str, subject: str, code: str) -> None:
    now = ctx.clock.now()
    with ctx.db.write() as session:
        project_id = find_project(session, code).id
        found = session.execute(
            select(MeetingVisit).where(
                col(MeetingVisit.meeting) == month,
                col(MeetingVisit.subject) == subject,
                col(MeetingVisit.project_id) == project_id,
            )
        ).scalar_one_or_none()
        if found is None:
            session.add(
                MeetingVisit(
                    meeting=month,
                    subject=subject,
                    project_id=project_id or 0,
                    visited_at=now,
                    actor=ctx.actor,
                )
            )
        else:
            found.visited_at = now
            found.actor = ctx.actor


def resume_point(ctx: Context, month: str, by: str = "person") -> tuple[str, str] | None:
    """(subject key, project code) of the latest project gone through at ``month``'s meeting."""
    with ctx.db.read() as session:
        row = session.execute(
            select(T_VISIT.c.subject, T_PROJECT.c.code)
            .join(T_PROJECT, T_PROJECT.c.id == T_VISIT.c.project_id)
            .where(T_VISIT.c.meeting == check_month(month), T_VISIT.c.subject.like(f"{by}:%"))
            .order_by(T_VISIT.c.visited_at.desc(), T_VISIT.c.id.desc())
            .limit(1)
        ).first()
    return (row[0], row[1]) if row else None


__all__ = [
    "GROUPINGS",
    "Agenda",
    "AgendaFilter",
    "AgendaProject",
    "AgendaSubject",
    "MeetingNote",
    "ProjectCard",
    "add_note",
    "agenda",
    "agenda_outline",
    "check_filters",
    "check_level",
    "meeting_notes",
    "previous_month",
    "project_card",
    "project_cards",
    "project_filters",
    "resume_point",
    "this_month",
    "visit",
]
