"""``qy-landing meeting``: the monthly one-on-one dispatch meeting, full screen or as text.

The full-screen meeting is a Textual application (:mod:`qy_landing.cli.meeting_app`),
imported only when it runs; ``--plain`` prints the agenda for a printer or a pipe: with a
filter (``--person``, ``--unit``, ``--level``, ``--stuck``) or ``--all`` every project of
it, without one the running order (a line per person or unit with its open projects, the
outline the full screen opens on) and how to print one person's agenda.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h

if TYPE_CHECKING:
    from qy_landing.services.meetings import Agenda


def m(key: str, **fields: Any) -> str:
    from qy_landing import i18n

    return i18n.t(f"meeting.{key}", run.state.lang, **fields)


def meeting(
    month: str | None = typer.Option(
        None, "--month", help=h("meeting.help.opt.month"), metavar="YYYY-MM"
    ),
    by: str = typer.Option(
        "person", "--by", help=h("meeting.help.opt.by_group"), metavar="person|unit"
    ),
    unit: str | None = typer.Option(None, "--unit", help=h("meeting.help.opt.unit"), metavar="U"),
    person: str | None = typer.Option(
        None, "--person", help=h("meeting.help.opt.person"), metavar="NAME[@UNIT]"
    ),
    level: str | None = typer.Option(
        None, "--level", help=h("meeting.help.opt.level"), metavar="provincial|city|county"
    ),
    stuck: bool = typer.Option(False, "--stuck", help=h("meeting.help.opt.stuck")),
    plain: bool = typer.Option(False, "--plain", help=h("meeting.help.opt.plain")),
    show_all: bool = typer.Option(False, "--all", help=h("meeting.help.opt.all")),
    json: bool = typer.Option(False, "--json", help=h("opt.json")),
) -> None:
    from qy_landing.services.meetings import agenda, check_filters

    ctx = run.context()
    by = by.strip().lower()
    chosen = check_filters(ctx, month, by=by, unit=unit, person=person, level=level)
    if plain and not json and not (show_all or unit or person or level or stuck):
        # the whole office's agenda is every open project (20 s and thousands of lines at
        # 100k): without a filter, the running order, one line per person or unit
        from qy_landing.services.meetings import agenda_outline

        print_outline(agenda_outline(ctx, chosen, by=by))
        return
    if plain or json:
        found = agenda(
            ctx,
            chosen,
            by=by,
            unit=unit,
            person=person,
            lang=run.state.lang,
            level=level,
            stuck=stuck,
        )
        if json:
            from qy_landing.cli.render import print_json

            print_json(found.as_dict())
        else:
            print_agenda(found)
        return
    from qy_landing.cli.meeting_app import run_meeting
    from qy_landing.services.meetings import AgendaFilter, check_level

    shown = AgendaFilter(unit=unit, person=person, level=check_level(level), stuck=stuck)
    run_meeting(ctx, run.state.lang, chosen, by=by, filters=shown)


def agenda_lines(found: Agenda, lang: str) -> list[str]:
    """The agenda as plain lines (no colours, no markup)."""
    from qy_landing import i18n

    def say(key: str, **fields: Any) -> str:
        return i18n.t(f"meeting.{key}", lang, **fields)

    year, number = int(found.month[:4]), int(found.month[5:7])
    label = say("agenda.month", year=year, month=number, mm=f"{number:02d}")
    lines = [say("agenda.title", month=label), ""]
    if not found.subjects:
        return [*lines, say("agenda.empty")]
    names = {s.key: s.name for s in found.subjects}
    if found.resume:
        lines += [say("agenda.resume", subject=names[found.resume[0]], code=found.resume[1]), ""]
    for index, subject in enumerate(found.subjects, 1):
        key = "agenda.subject_unit" if found.by == "unit" else "agenda.subject"
        lines.append(
            say(
                key,
                index=index,
                name=subject.name,
                unit=subject.unit,
                projects=len(subject.projects),
                overdue=subject.overdue,
                problems=subject.problems,
            )
        )
        for project in subject.projects:
            counts = (
                say("agenda.counts", overdue=project.overdue, problems=project.problems)
                if project.overdue or project.problems
                else ""
            )
            lines.append(
                say(
                    "agenda.project",
                    code=project.code,
                    name=project.name,
                    state=project.state_label,
                    counts=counts,
                    visited=say("agenda.visited") if project.id in subject.visited else "",
                )
            )
        lines.append("")
    return lines


def print_outline(found: Agenda) -> None:
    """The agenda's running order: a line per person (or unit) with its open projects,
    then how to print one person's (or unit's) agenda."""
    from qy_landing.cli.render import say
    from qy_landing.cli.stream_table import fold_line, output_width, print_rows

    year, number = int(found.month[:4]), int(found.month[5:7])
    label = m("agenda.month", year=year, month=number, mm=f"{number:02d}")
    say(m("agenda.title", month=label))
    say("")
    if not found.subjects:
        say(m("agenda.empty"))
        return
    names = {s.key: s.name for s in found.subjects}
    if found.resume:
        say(m("agenda.resume", subject=names[found.resume[0]], code=found.resume[1]))
        say("")
    by_unit = found.by == "unit"
    headers = [
        "#",
        m("outline.unit") if by_unit else m("outline.person"),
        *([] if by_unit else [m("outline.unit")]),
        m("outline.projects"),
    ]
    print_rows(
        headers,
        (
            [
                str(index),
                subject.name,
                *([] if by_unit else [subject.unit]),
                str(subject.total),
            ]
            for index, subject in enumerate(found.subjects, 1)
        ),
        empty=m("agenda.empty"),
    )
    kind = "unit" if by_unit else "person"
    say(m(f"outline.total_{kind}", count=len(found.subjects)))
    width = output_width()
    for line in fold_line(m(f"outline.hint_{kind}"), width):
        say(line)


def print_agenda(found: Agenda) -> None:
    """The agenda's lines, a line wider than the terminal folded under itself."""
    import sys

    from qy_landing.cli.stream_table import fold_line, output_width

    width = output_width()
    lines = [
        part for line in agenda_lines(found, run.state.lang) for part in fold_line(line, width)
    ]
    sys.stdout.write("\n".join(lines).rstrip() + "\n")
