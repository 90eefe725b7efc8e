"""The minutes of a month's dispatch meeting (会议纪要) and each person's task list (交办单).

Per person met: the projects discussed (gone through on the meeting screen, or given a
commitment), the decisions and notes recorded, and the commitments made with their due
dates. Written as print-ready HTML, xlsx (the project's own writer) or Markdown. A
meeting held by unit (``meeting --by unit``) gets a section per unit as well.

:func:`send_task_lists` puts each person's task list into the reminder outbox as its
own kind (``tasks``), once per person and meeting (``tasks:<person_id>:<YYYY-MM>``);
``remind send`` delivers it through the person's channel like any reminder.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from sqlalchemy import select

from qy_landing import i18n
from qy_landing.config import Config
from qy_landing.reminders.commitments import TaskListResult, queue_task_lists
from qy_landing.reports.writers import Column, MarkdownTable, PrintTitle, XlsxBook
from qy_landing.services.commitment_views import CommitmentRow, check_month, list_commitments
from qy_landing.services.context import Context
from qy_landing.services.meetings import MeetingNote, meeting_notes, month_end, this_month
from qy_landing.store.models import MeetingVisit, Person, Project, Unit

FORMATS = ("html", "xlsx", "md")
T_VISIT = MeetingVisit.__table__  # type: ignore[attr-defined]
T_PROJECT = Project.__table__  # type: ignore[attr-defined]
T_PERSON = Person.__table__  # type: ignore[attr-defined]
T_UNIT = Unit.__table__  # type: ignore[attr-defined]


@dataclass
class MinutesSection:
    """One person (or unit) met: projects discussed, notes, commitments."""

    key: str  # person:<id> | unit:<id>
    name: str
    unit: str
    projects: dict[str, str] = field(default_factory=dict)  # code -> name, in order
    notes: list[MeetingNote] = field(default_factory=list)
    commitments: list[CommitmentRow] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "unit": self.unit,
            "projects": [{"code": c, "name": n} for c, n in self.projects.items()],
            "notes": [{"code": n.code, "text": n.text, "on": n.on.isoformat()} for n in self.notes],
            "commitments": [c.as_dict() for c in self.commitments],
        }


@dataclass
class Minutes:
    month: str
    as_of: date
    sections: list[MinutesSection]

    @property
    def persons(self) -> int:
        return sum(1 for s in self.sections if s.key.startswith("person:"))

    @property
    def project_count(self) -> int:
        return len({c for s in self.sections for c in s.projects})

    @property
    def commitment_count(self) -> int:
        return len({c.id for s in self.sections for c in s.commitments})

    def as_dict(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "as_of": self.as_of.isoformat(),
            "sections": [s.as_dict() for s in self.sections],
        }


def build_minutes(ctx: Context, month: str | None = None) -> Minutes:
    """The minutes of ``month``'s meeting (default this month), from what was recorded."""
    month = check_month(month) if month else this_month(ctx)
    as_of = min(ctx.today(), month_end(month))
    sections: dict[str, MinutesSection] = {}
    with ctx.db.read() as session:
        visits = session.execute(
            select(T_VISIT.c.subject, T_PROJECT.c.code, T_PROJECT.c.name)
            .join(T_PROJECT, T_PROJECT.c.id == T_VISIT.c.project_id)
            .where(T_VISIT.c.meeting == month)
            .order_by(T_VISIT.c.visited_at, T_VISIT.c.id)
        ).all()
        ids = {int(k.split(":")[1]) for k, _, _ in visits if k.startswith("person:")}
        people = {
            row[0]: (row[1], row[2])
            for row in session.execute(
                select(T_PERSON.c.id, T_PERSON.c.name, T_UNIT.c.name)
                .join(T_UNIT, T_UNIT.c.id == T_PERSON.c.unit_id)
                .where(T_PERSON.c.id.in_(ids))
            )
        }
        units = {
            row[0]: row[1]
            for row in session.execute(
                select(T_UNIT.c.id, T_UNIT.c.name).where(
                    T_UNIT.c.id.in_(
                        {int(k.split(":")[1]) for k, _, _ in visits if k.startswith("unit:")}
                    )
                )
            )
        }
    for key, code, name in visits:
        kind, _, number = key.partition(":")
        section = sections.get(key)
        if section is None:
            if kind == "person" and int(number) in people:
                who, unit = people[int(number)]
                section = sections[key] = MinutesSection(key, who, unit)
            elif kind == "unit" and int(number) in units:
                section = sections[key] = MinutesSection(key, units[int(number)], "")
            else:
                continue
        section.projects[code] = name
    for row in list_commitments(ctx, meeting=month, as_of=as_of):
        key = f"person:{row.person_id}"
        section = sections.get(key)
        if section is None:
            section = sections[key] = MinutesSection(key, row.person, _unit_of(ctx, row))
        section.projects.setdefault(row.code, row.project)
        section.commitments.append(row)
        for other in sections.values():
            if other.key.startswith("unit:") and row.code in other.projects:
                other.commitments.append(row)
    for note in meeting_notes(ctx, month):
        for section in sections.values():
            if note.code in section.projects:
                section.notes.append(note)
    ordered = sorted(sections.values(), key=lambda s: (s.key.startswith("unit:"), s.unit, s.name))
    return Minutes(month, as_of, ordered)


def _unit_of(ctx: Context, row: CommitmentRow) -> str:
    with ctx.db.read() as session:
        found = session.execute(
            select(T_UNIT.c.name)
            .join(T_PERSON, T_PERSON.c.unit_id == T_UNIT.c.id)
            .where(T_PERSON.c.id == row.person_id)
        ).scalar_one_or_none()
    return found or ""


# --- writing -----------------------------------------------------------------------------------


def _t(key: str, lang: str, **fields: Any) -> str:
    return i18n.t(f"meeting.minutes.{key}", lang, **fields)


def _month_label(month: str, lang: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return i18n.t("meeting.agenda.month", lang, year=year, month=number, mm=f"{number:02d}")


def _heading(section: MinutesSection, lang: str) -> str:
    if not section.unit:
        return section.name
    return _t("person", lang, name=section.name, unit=section.unit)


def _due(row: CommitmentRow, lang: str) -> str:
    text = row.due_on.isoformat()
    return i18n.t("meeting.cli.provisional", lang, due=text) if row.due_provisional else text


def _intro(minutes: Minutes, lang: str) -> str:
    return _t(
        "intro",
        lang,
        month=_month_label(minutes.month, lang),
        persons=minutes.persons,
        projects=minutes.project_count,
        commitments=minutes.commitment_count,
    )


def write_markdown(minutes: Minutes, stream: IO[str], lang: str) -> None:
    stream.write(f"# {_t('title', lang, month=_month_label(minutes.month, lang))}\n\n")
    stream.write(_intro(minutes, lang) + "\n")
    none = _t("none", lang)
    for index, section in enumerate(minutes.sections, 1):
        stream.write(f"\n## {index}. {_heading(section, lang)}\n\n")
        stream.write(f"### {_t('projects', lang)}\n\n")
        for code, name in section.projects.items():
            stream.write(f"- {code} {name}\n")
        stream.write(f"\n### {_t('notes', lang)}\n\n")
        if not section.notes:
            stream.write(f"{none}\n")
        names = section.projects
        for note in section.notes:
            stream.write(f"- {names.get(note.code, note.code)}：{note.text}\n")
        stream.write(f"\n### {_t('commitments', lang)}\n\n")
        if not section.commitments:
            stream.write(f"{none}\n")
            continue
        table = MarkdownTable(
            stream,
            [Column("n", "int"), Column("p"), Column("t"), Column("w"), Column("d")],
            lang,
            headers=[
                _t("col.number", lang),
                _t("col.project", lang),
                _t("col.text", lang),
                _t("col.person", lang),
                _t("col.due", lang),
            ],
        )
        for row in section.commitments:
            table.append([row.id, row.project, row.text, row.person, _due(row, lang)])


def markdown(minutes: Minutes, lang: str) -> str:
    out = io.StringIO()
    write_markdown(minutes, out, lang)
    return out.getvalue()


_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
       font-size: 11pt; line-height: 1.5; color: #111; max-width: 60em; margin: 0 auto; }
h1 { font-size: 18pt; text-align: center; margin-bottom: 0.2em; }
p.intro { text-align: center; color: #444; }
section { page-break-inside: avoid; break-inside: avoid; border-top: 1px solid #999;
          margin-top: 1.2em; }
h2 { font-size: 14pt; margin: 0.6em 0 0.2em; }
h3 { font-size: 11pt; margin: 0.6em 0 0.2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #666; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n { text-align: right; width: 3em; } td.d { white-space: nowrap; }
"""


def write_html(minutes: Minutes, stream: IO[bytes], lang: str) -> None:
    """Print-ready HTML: one section per person, kept on one page where it fits."""
    e = html.escape
    title = _t("title", lang, month=_month_label(minutes.month, lang))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f'<p class="intro">{e(_intro(minutes, lang))}</p>',
    ]
    none = e(_t("none", lang))
    for index, section in enumerate(minutes.sections, 1):
        parts.append(f"<section><h2>{index}. {e(_heading(section, lang))}</h2>")
        parts.append(f"<h3>{e(_t('projects', lang))}</h3><ul>")
        parts += [f"<li>{e(code)} {e(name)}</li>" for code, name in section.projects.items()]
        parts.append(f"</ul><h3>{e(_t('notes', lang))}</h3>")
        if section.notes:
            names = section.projects
            parts.append("<ul>")
            parts += [
                f"<li>{e(names.get(n.code, n.code))}：{e(n.text)}</li>" for n in section.notes
            ]
            parts.append("</ul>")
        else:
            parts.append(f"<p>{none}</p>")
        parts.append(f"<h3>{e(_t('commitments', lang))}</h3>")
        if section.commitments:
            heads = ("col.number", "col.project", "col.text", "col.person", "col.due")
            parts.append("<table><tr>" + "".join(f"<th>{e(_t(h, lang))}</th>" for h in heads))
            parts.append("</tr>")
            for row in section.commitments:
                parts.append(
                    f'<tr><td class="n">{row.id}</td><td>{e(row.project)}</td>'
                    f"<td>{e(row.text)}</td><td>{e(row.person)}</td>"
                    f'<td class="d">{e(_due(row, lang))}</td></tr>'
                )
            parts.append("</table>")
        else:
            parts.append(f"<p>{none}</p>")
        parts.append("</section>")
    parts.append("</body></html>\n")
    stream.write("\n".join(parts).encode("utf-8"))


_XLSX_COLUMNS = (
    Column("person", "text", 14),
    Column("unit", "text", 12),
    Column("kind", "text", 10),
    Column("code", "text", 26),
    Column("project", "text", 28),
    Column("text", "text", 48),
    Column("due", "date", 12),
)


def write_xlsx(minutes: Minutes, stream: IO[bytes], lang: str) -> int:
    """One sheet, one row per project discussed, decision and commitment; the row count.

    It prints by itself: a title row (the minutes' title and 截至 date), A4 landscape.
    """
    title = _t("title", lang, month=_month_label(minutes.month, lang))
    book = XlsxBook(lang, PrintTitle(title, None, minutes.as_of))
    sheet = book.sheet(
        _t("sheet", lang),
        _XLSX_COLUMNS,
        headers=[_t(f"col.{c.key}", lang) for c in _XLSX_COLUMNS],
    )
    kind = {k: _t(f"kind.{k}", lang) for k in ("project", "note", "commitment")}
    for section in minutes.sections:
        for code, name in section.projects.items():
            sheet.append([section.name, section.unit, kind["project"], code, name, "", None])
        for note in section.notes:
            name = section.projects.get(note.code, "")
            sheet.append(
                [section.name, section.unit, kind["note"], note.code, name, note.text, None]
            )
        for row in section.commitments:
            who = f"（{row.person}）" if lang == "zh" else f" ({row.person})"
            text = f"#{row.id} {row.text}{who}"
            sheet.append(
                [
                    section.name,
                    section.unit,
                    kind["commitment"],
                    row.code,
                    row.project,
                    text,
                    row.due_on,
                ]
            )
    book.save(stream)
    return sheet.rows


def write_minutes(minutes: Minutes, stream: IO[bytes], kind: str, lang: str) -> None:
    if kind == "xlsx":
        write_xlsx(minutes, stream, lang)
    elif kind == "html":
        write_html(minutes, stream, lang)
    else:
        stream.write(markdown(minutes, lang).encode("utf-8"))


# --- task lists -----------------------------------------------------------------------------


def send_task_lists(
    ctx: Context, month: str | None = None, *, config: Config | None = None
) -> TaskListResult:
    """Queue each person's task list (交办单) of ``month``'s meeting in the reminder outbox,
    once per person and meeting; ``remind send`` delivers them."""
    month = check_month(month) if month else this_month(ctx)
    config = config or Config()
    with ctx.db.write() as session:
        return queue_task_lists(
            session, month, ctx.clock.now(), postgres=ctx.db.is_postgres, folder=config.templates
        )


__all__ = [
    "FORMATS",
    "Minutes",
    "MinutesSection",
    "build_minutes",
    "markdown",
    "send_task_lists",
    "write_html",
    "write_minutes",
    "write_xlsx",
]
