"""Rendering reminder texts (title and body) in the recipient's language.

The texts are rendered once, when a reminder is generated, and stored in the outbox row:
what a person receives is what the office decided at that moment, whenever it is sent.
Working days come from the office calendar; a due date in a year without an official
holiday schedule is marked provisional.
"""

from __future__ import annotations

import calendar as _months
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qy_landing import i18n
from qy_landing.calendar import WorkCalendar
from qy_landing.reminders.messages import Templates, templates
from qy_landing.vocabulary import PAUSED_STATUSES
from qy_landing.workflow.definition import Definition

if TYPE_CHECKING:
    from qy_landing.services.due_dates import MovedDue

FIELD_SEP = "\x1f"  # between the fields of one aggregated procedure or problem
ROW_SEP = "\x1e"  # between aggregated procedures or problems

DefinitionLookup = Callable[[str, int], Definition]


@dataclass
class DigestProject:
    """One project of a monthly digest, as read by the set-based query."""

    code: str
    name: str
    unit: str
    state: str
    suspended_from: str | None
    workflow: str
    workflow_version: int
    last_progress_on: date
    procedures: str | None = None  # aggregated: step␟status␟due␟provisional␞…
    problems: str | None = None  # aggregated: opened_on␟text␞…


@dataclass(frozen=True)
class Member:
    """A person told by a reminder, with how to reach them."""

    id: int
    name: str
    lang: str
    channel: str


@dataclass
class Roles:
    """The responsible persons of one project, by role."""

    by_role: dict[str, list[Member]] = field(default_factory=dict)
    _names: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, role: str | None, member: Member | None) -> None:
        if role is not None and member is not None:
            people = self.by_role.setdefault(role, [])
            if all(m.id != member.id for m in people):
                people.append(member)

    def get(self, role: str) -> list[Member]:
        return self.by_role.get(role, [])

    def names(self, role: str, lang: str) -> str:
        found = self._names.get((role, lang))
        if found is None:
            found = self._names[(role, lang)] = i18n.join([m.name for m in self.get(role)], lang)
        return found


class Renderer:
    """Renders digests and escalations as of ``today`` (dates in the office's time zone)."""

    def __init__(
        self,
        calendar: WorkCalendar,
        today: date,
        definitions: DefinitionLookup,
        folder: Path | None = None,
    ) -> None:
        self.calendar = calendar
        self.today = today
        self.definitions = definitions
        self.folder = folder
        self._templates: dict[str, Templates] = {}
        self._terms: dict[tuple[str, str, str], str] = {}
        self._left: dict[date, int] = {}
        self._dates: dict[str, date] = {}
        self._order: dict[tuple[str, int], dict[str, int]] = {}
        self._items: dict[tuple[int, str, str], tuple[int, bool, str]] = {}
        self._states: dict[tuple[Any, ...], str] = {}

    # --- small cached helpers (these run once per row of large scans) ----------------------

    def tpl(self, lang: str) -> Templates:
        found = self._templates.get(lang)
        if found is None:
            found = self._templates[lang] = templates(lang, self.folder)
        return found

    def term(self, kind: str, value: str, lang: str) -> str:
        key = (kind, value, lang)
        found = self._terms.get(key)
        if found is None:
            found = self._terms[key] = i18n.term(kind, value, lang)
        return found

    def workdays_left(self, due: date) -> int:
        """Working days from today to ``due``; negative when overdue."""
        found = self._left.get(due)
        if found is None:
            found = self._left[due] = self.calendar.workdays_between(self.today, due)
        return found

    def idle(self, since: date) -> int:
        return max(0, -self.workdays_left(since))

    def parse_date(self, text: str) -> date:
        found = self._dates.get(text)
        if found is None:
            found = self._dates[text] = date.fromisoformat(text[:10])
        return found

    def step_order(self, definition: Definition) -> dict[str, int]:
        key = (definition.name, id(definition))
        order = self._order.get(key)
        if order is None:
            order = self._order[key] = {s.key: i for i, s in enumerate(definition.steps)}
        return order

    def due_text(self, due: date, provisional: bool, lang: str) -> str:
        text = due.isoformat()
        return self.tpl(lang).render("common.provisional", due=text) if provisional else text

    def month_label(self, year: int, month: int, lang: str) -> str:
        return self.tpl(lang).render(
            "common.month", year=year, month=month, month_name=_months.month_name[month]
        )

    def step_name(self, definition: Definition, step: str, lang: str) -> str:
        found = definition.step_by_key.get(step)
        return found.name.get(lang) if found else step

    # --- monthly digest ----------------------------------------------------------------------

    def digest(
        self,
        person: str,
        lang: str,
        year: int,
        month: int,
        projects: Sequence[DigestProject],
        moved: Mapping[str, Sequence[MovedDue]] | None = None,
    ) -> tuple[str, str]:
        """The title and body of one person's monthly digest; ``moved``: by project code, the
        due dates a calendar change moved since the last digest."""
        tpl = self.tpl(lang)
        count = len(projects)
        title = tpl.render(
            "monthly.title", month=self.month_label(year, month, lang), person=person, count=count
        )
        lines = [
            tpl.render("monthly.intro", person=person, count=count, as_of=self.today.isoformat())
        ]
        for index, project in enumerate(projects, 1):
            lines.append("")
            lines.extend(self.project_block(index, project, lang, tpl))
            definition = self.definitions(project.workflow, project.workflow_version)
            for m in (moved or {}).get(project.code, ()):
                lines.append(
                    tpl.render(
                        "monthly.moved",
                        name=self.step_name(definition, m.step, lang),
                        old=m.old.isoformat() if m.old else "-",
                        new=m.new.isoformat() if m.new else "-",
                    )
                )
        lines.append("")
        lines.append(tpl["monthly.closing"])
        return title, "\n".join(lines)

    def project_block(
        self, index: int, project: DigestProject, lang: str, tpl: Templates
    ) -> list[str]:
        definition = self.definitions(project.workflow, project.workflow_version)
        lines = [
            tpl["monthly.project"].format(
                index=index, name=project.name, code=project.code, unit=project.unit
            ),
            self.state_line(definition, project, lang, tpl),
        ]
        lines.extend(self.procedure_lines(definition, project.procedures, lang, tpl))
        if project.problems:
            lines.append(tpl["monthly.problems"])
            problems = []
            for item in project.problems.split(ROW_SEP):
                opened, _, text = item.partition(FIELD_SEP)
                problems.append((opened, text))
            for opened, text in sorted(problems):
                opened_on = self.parse_date(opened)
                lines.append(
                    tpl.render(
                        "monthly.problem",
                        text=" ".join(text.split()),
                        since=opened_on.isoformat(),
                        days=self.idle(opened_on),
                    )
                )
        return lines

    def state_line(
        self, definition: Definition, project: DigestProject, lang: str, tpl: Templates
    ) -> str:
        """State and idle days; the same few combinations recur, so each is rendered once."""
        key = (
            id(definition),
            lang,
            project.state,
            project.suspended_from,
            project.last_progress_on,
        )
        found = self._states.get(key)
        if found is not None:
            return found
        state = definition.state_by_name.get(project.state)
        label = definition.state_label(project.state, lang)
        since = project.last_progress_on.isoformat()
        idle = self.idle(project.last_progress_on)
        if state is not None and state.kind == "suspended" and project.suspended_from:
            found = tpl.render(
                "monthly.suspended",
                state=label,
                idle=idle,
                since=since,
                before=definition.state_label(project.suspended_from, lang),
            )
        else:
            found = tpl.render("monthly.state", state=label, idle=idle, since=since)
        self._states[key] = found
        return found

    def procedure_lines(
        self, definition: Definition, aggregated: str | None, lang: str, tpl: Templates
    ) -> list[str]:
        if not aggregated:
            return [tpl["monthly.done"]]
        items = sorted(self.item(definition, item, lang, tpl) for item in aggregated.split(ROW_SEP))
        lines = [tpl.render("monthly.outstanding", count=len(items))]
        pending = [text for _, waiting, text in items if waiting]
        lines.extend(text for _, waiting, text in items if not waiting)
        if pending:
            lines.append(tpl.render("monthly.pending", names=i18n.join(pending, lang)))
        return lines

    def item(
        self, definition: Definition, item: str, lang: str, tpl: Templates
    ) -> tuple[int, bool, str]:
        """(step order, not yet submitted, text) of one aggregated procedure, cached.

        The same step, status and due date recur across thousands of projects: each
        combination is rendered once per run.
        """
        key = (id(definition), lang, item)
        found = self._items.get(key)
        if found is not None:
            return found
        step, level, status, due_text, provisional = item.split(FIELD_SEP)
        order = self.step_order(definition).get(step, 999)
        name = self.step_name(definition, step, lang)
        if status == "pending" or (status in ("submitted", "accepted") and not due_text):
            found = (order, True, name)
        else:
            level_name = self.term("level", level, lang)
            if status in PAUSED_STATUSES:
                fields = {"name": name, "level": level_name}
                text = tpl.render(
                    "monthly.paused", status=self.term("status", status, lang), **fields
                )
            elif status == "rejected" or not due_text:
                text = tpl.render("monthly.rejected", name=name, level=level_name)
            else:
                due = self.parse_date(due_text)
                shown = self.due_text(due, provisional in ("1", "true", "t"), lang)
                fields = {
                    "name": name,
                    "level": level_name,
                    "due": shown,
                    "status": self.term("status", status, lang),
                }
                left = self.workdays_left(due)
                if left > 0:
                    text = tpl.render("monthly.running", left=left, **fields)
                elif left == 0:
                    text = tpl.render("monthly.due_today", **fields)
                else:
                    text = tpl.render("monthly.overdue", days=-left, **fields)
            found = (order, False, text)
        self._items[key] = found
        return found

    # --- escalations --------------------------------------------------------------------------

    def escalation(
        self,
        kind: str,
        lang: str,
        about: Mapping[str, object],
        *,
        code: str,
        name: str,
        unit: str,
        days: int,
        rung: int,
        target: str,
        roles: Roles,
    ) -> tuple[str, str]:
        """Title and body of one escalation (``overdue`` or ``stall``): ``about`` holds what
        is late in the kind's own words (see :meth:`overdue_about`, :meth:`stall_about`);
        the rest is the same for every kind: the project, the rung and who is responsible."""
        tpl = self.tpl(lang)
        title = tpl.render(f"{kind}.title", project=name, days=days, **about)
        body = tpl.render(
            f"{kind}.body",
            name=name,
            code=code,
            unit=unit,
            days=days,
            rung=rung + 1,
            target=self.term("role", target, lang),
            direct=roles.names("direct_responsible", lang),
            first=roles.names("first_responsible", lang),
            **about,
        )
        return title, body

    def overdue_about(
        self,
        lang: str,
        definition: Definition,
        *,
        step: str,
        level: str,
        status: str,
        submitted_on: date | None,
        due: date,
        provisional: bool,
    ) -> dict[str, object]:
        """What an overdue procedure's reminder says about the procedure."""
        found = definition.step_by_key.get(step)
        return {
            "step": found.name.get(lang) if found else step,
            "level": self.term("level", level, lang),
            "authority": found.authority_at(level).get(lang) if found else "",
            "status": self.term("status", status, lang),
            "submitted": submitted_on.isoformat() if submitted_on else "",
            "due": self.due_text(due, provisional, lang),
        }

    def stall_about(
        self, lang: str, definition: Definition, *, state: str, since: date
    ) -> dict[str, object]:
        """What a stalled project's reminder says about the stall."""
        return {
            "state": definition.state_label(state, lang),
            "since": since.isoformat(),
            "idle_days": definition.idle_days,
        }


def names(members: Iterable[Member]) -> list[str]:
    return [m.name for m in members]
