"""``qy-landing commitment add | done | withdraw | list``: promises made for projects (承诺事项)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h

if TYPE_CHECKING:
    from rich.console import RenderableType

    from qy_landing.services.commitment_views import CommitmentRow

app = typer.Typer(no_args_is_help=True)

_ON = typer.Option(None, "--on", help=h("opt.on"), metavar="YYYY-MM-DD")


def m(key: str, **fields: Any) -> str:
    """An output text of the meeting catalogue in the run's language."""
    from qy_landing import i18n

    return i18n.t(f"meeting.{key}", run.state.lang, **fields)


def _id(value: str) -> int:
    from qy_landing.cli.options import parse_positive_int

    return parse_positive_int(value.strip().lstrip("#"), "number")


@app.command("add", help=h("meeting.help.commitment.add"))
def add(
    code: str = typer.Argument(..., help=h("arg.code"), metavar="CODE", show_default=False),
    text: str = typer.Argument(
        ..., help=h("meeting.help.arg.what"), metavar="TEXT", show_default=False
    ),
    person: str = typer.Option(
        ..., "--who", help=h("meeting.help.opt.who"), metavar="NAME[@UNIT]", show_default=False
    ),
    by: str = typer.Option(
        ..., "--by", help=h("meeting.help.opt.by"), metavar="YYYY-MM-DD|N", show_default=False
    ),
    meeting: str | None = typer.Option(
        None, "--meeting", help=h("meeting.help.opt.meeting"), metavar="YYYY-MM"
    ),
    on: str | None = _ON,
) -> None:
    from qy_landing.cli.options import parse_optional_date
    from qy_landing.cli.render import say
    from qy_landing.services.commitments import add_commitment

    row = add_commitment(
        run.context(), code, text, person, by, on=parse_optional_date(on), meeting=meeting
    )
    say(m("cli.added", id=row.id, code=row.code, person=row.person, due=_due(row)))


@app.command("done", help=h("meeting.help.commitment.done"))
def done(
    commitment_id: str = typer.Argument(
        ..., help=h("meeting.help.arg.id"), metavar="ID", show_default=False
    ),
    note: str = typer.Option(
        ..., "--note", help=h("meeting.help.opt.evidence"), metavar="TEXT", show_default=False
    ),
    on: str | None = _ON,
) -> None:
    from qy_landing.cli.options import parse_optional_date
    from qy_landing.cli.render import say
    from qy_landing.services.commitments import complete_commitment

    row = complete_commitment(run.context(), _id(commitment_id), note, on=parse_optional_date(on))
    key = "cli.done_kept" if row.kept else "cli.done_late"
    say(m(key, id=row.id, on=_iso(row.closed_on), due=row.due_on.isoformat()))


@app.command("withdraw", help=h("meeting.help.commitment.withdraw"))
def withdraw(
    commitment_id: str = typer.Argument(
        ..., help=h("meeting.help.arg.id"), metavar="ID", show_default=False
    ),
    reason: str = typer.Option(
        ..., "--reason", help=h("meeting.help.opt.reason"), metavar="TEXT", show_default=False
    ),
    on: str | None = _ON,
) -> None:
    from qy_landing.cli.options import parse_optional_date
    from qy_landing.cli.render import say
    from qy_landing.services.commitments import withdraw_commitment

    row = withdraw_commitment(run.context(), _id(commitment_id), reason, on=parse_optional_date(on))
    say(m("cli.withdrawn", id=row.id, on=_iso(row.closed_on)))


@app.command("list", help=h("meeting.help.commitment.list"))
def list_(
    code: str | None = typer.Option(
        None, "--project", help=h("opt.filter_project"), metavar="CODE"
    ),
    person: str | None = typer.Option(
        None, "--who", help=h("meeting.help.opt.filter_who"), metavar="NAME[@UNIT]"
    ),
    unit: str | None = typer.Option(None, "--unit", help=h("opt.filter_unit"), metavar="U"),
    status: str | None = typer.Option(
        None,
        "--status",
        help=h("meeting.help.opt.status"),
        metavar="open|missed|done|withdrawn",
    ),
    meeting: str | None = typer.Option(
        None, "--meeting", help=h("meeting.help.opt.filter_meeting"), metavar="YYYY-MM"
    ),
    as_of: str | None = typer.Option(None, "--as-of", help=h("opt.as_of"), metavar="YYYY-MM-DD"),
    json: bool = typer.Option(False, "--json", help=h("opt.json")),
) -> None:
    from qy_landing.cli.options import parse_optional_date
    from qy_landing.cli.render import CODE_WIDTH, print_json
    from qy_landing.cli.stream_table import print_rows
    from qy_landing.services.commitment_views import list_commitments

    rows = list_commitments(
        run.context(),
        code=code,
        person=person,
        unit=unit,
        status=status.strip().lower() if status else None,
        meeting=meeting,
        as_of=parse_optional_date(as_of),
    )
    if json:
        print_json([row.as_dict() for row in rows])
        return
    from rich.text import Text

    print_rows(
        ["#", m("cli.col.project"), m("cli.col.what"), m("cli.col.due"), m("cli.col.status")],
        (
            [
                str(r.id),
                Text(f"{r.code}\n{r.project}"),
                Text(f"{r.text}\n") + Text(r.person, style="cyan"),
                _due(r),
                status_cell(r),
            ]
            for r in rows
        ),
        empty=m("cli.none"),
        limits={0: (None, 5), 1: (CODE_WIDTH, None), 3: (None, 12), 4: (None, 14)},
    )


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def _due(row: CommitmentRow) -> str:
    text = row.due_on.isoformat()
    return m("cli.provisional", due=text) if row.due_provisional else text


def status_cell(row: CommitmentRow) -> RenderableType:
    """The derived status, coloured: missed red, done green (late in yellow)."""
    from rich.text import Text

    word = m(f"status.{row.status}")
    if row.status == "missed":
        return Text(word + "\n" + m("cli.days_over", days=row.overdue_workdays), style="red")
    if row.status == "done":
        return Text(word + "\n" + _iso(row.closed_on), style="green" if row.kept else "yellow")
    if row.status == "withdrawn":
        return Text(word, style="dim")
    return Text(word, style="yellow")


def commitments_table(rows: list[CommitmentRow], title: str) -> RenderableType:
    """The commitments of one project (``project show``)."""
    from rich.text import Text

    from qy_landing.cli.render import table

    result = table(
        ["#", m("cli.col.what"), m("cli.col.due"), m("cli.col.status")],
        title=title,
    )
    for r in rows:
        what = Text(r.text + "\n") + Text(r.person, style="cyan")
        if r.note:
            what.append("\n→ " + r.note, style="dim")
        result.add_row(str(r.id), what, _due(r), status_cell(r))
    return result
