"""``qy-landing calendar list | set DAY | clear DAY | show YEAR-MONTH``: working days."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h, t
from qy_landing.errors import WorkdayOrClosedError

if TYPE_CHECKING:
    from rich.text import Text

    from qy_landing.services.lookup import CalendarDay

app = typer.Typer(no_args_is_help=True)

_DAY = typer.Argument(..., help=h("arg.day"), metavar="DAY", show_default=False)


def _weekday(day: object) -> str:
    from datetime import date

    assert isinstance(day, date)
    return t(f"weekday.{day.weekday()}")


@app.command("list", help=h("calendar.list"))
def list_(json: bool = typer.Option(False, "--json", help=h("opt.json"))) -> None:
    from qy_landing.cli.render import print_json
    from qy_landing.cli.stream_table import print_rows
    from qy_landing.services.calendar import list_overrides

    overrides = list_overrides(run.context())
    if json:
        print_json(
            [{"day": o.day.isoformat(), "workday": o.workday, "note": o.note} for o in overrides]
        )
        return
    print_rows(
        [t("col.date"), t("col.weekday"), t("col.day_kind"), t("col.note")],
        (
            [
                o.day.isoformat(),
                _weekday(o.day),
                t("calendar.kind.opened") if o.workday else t("calendar.kind.closed"),
                o.note or "",
            ]
            for o in overrides
        ),
        empty=t("calendar.no_overrides"),
    )


@app.command("set", help=h("calendar.set"))
def set_(
    day: str = _DAY,
    workday: bool | None = typer.Option(
        None, "--workday/--closed", help=h("opt.workday"), show_default=False
    ),
    note: str | None = typer.Option(None, "--note", help=h("opt.calendar_note"), metavar="TEXT"),
) -> None:
    from qy_landing.cli.options import parse_date
    from qy_landing.cli.render import say
    from qy_landing.services.calendar import set_override

    when = parse_date(day)
    if workday is None:
        raise WorkdayOrClosedError(day=when.isoformat())
    moved = set_override(run.context(), when, workday=workday, note=note)
    say(
        t(
            "calendar.set_workday" if workday else "calendar.set_closed",
            day=when.isoformat(),
            weekday=_weekday(when),
        )
    )
    say(t("calendar.moved", count=moved))


@app.command("clear", help=h("calendar.clear"))
def clear(day: str = _DAY) -> None:
    from qy_landing.cli.options import parse_date
    from qy_landing.cli.render import say
    from qy_landing.services.calendar import set_override

    when = parse_date(day)
    moved = set_override(run.context(), when, workday=None)
    say(t("calendar.cleared", day=when.isoformat()))
    say(t("calendar.moved", count=moved))


@app.command("refresh", help=h("calendar.refresh"))
def refresh(json: bool = typer.Option(False, "--json", help=h("opt.json"))) -> None:
    from qy_landing.cli.render import print_json, say
    from qy_landing.services.calendar import refresh_due_dates

    done = refresh_due_dates(run.context())
    if json:
        print_json(done.as_dict())
        return
    if not done.years:
        say(t("calendar.unchanged"))
        return
    say(t("calendar.refreshed", years=", ".join(str(y) for y in done.years)))
    for m in done.moved:
        say(t("calendar.moved_one", code=m.code, step=m.step, old=m.old, new=m.new))
    say(t("calendar.moved", count=len(done.moved)))


_MARK_STYLES = {
    "workday": "",
    "weekend": "dim",
    "holiday": "red",
    "makeup": "yellow",
    "closed": "magenta",
    "opened": "cyan",
}


@app.command("show", help=h("calendar.show"))
def show(
    month: str = typer.Argument(..., help=h("arg.month"), metavar="YEAR-MONTH", show_default=False),
    json: bool = typer.Option(False, "--json", help=h("opt.json")),
) -> None:
    from rich.table import Table
    from rich.text import Text

    from qy_landing.cli.options import parse_month
    from qy_landing.cli.render import plain, print_json, say
    from qy_landing.services.lookup import month_days

    year, number = parse_month(month)
    days = month_days(run.context(), year, number)
    if json:
        print_json(
            {
                "month": f"{year:04d}-{number:02d}",
                "workdays": sum(d.workday for d in days),
                "days": [d.as_dict() for d in days],
            }
        )
        return
    title = t("calendar.month_title", year=year, month=number, mm=f"{number:02d}")
    grid = Table(title=title, header_style="bold", show_lines=False)
    for weekday in range(7):
        grid.add_column(t(f"weekday.{weekday}"), justify="right", no_wrap=True)
    row: list[Text] = [Text("")] * days[0].day.weekday()
    for d in days:
        row.append(_day_cell(d))
        if len(row) == 7:
            grid.add_row(*row)
            row = []
    if row:
        grid.add_row(*row, *([Text("")] * (7 - len(row))))
    out = plain()
    out.print(grid)
    say(t("calendar.legend"))
    say(t("calendar.workdays", count=sum(d.workday for d in days)))
    for line in _holiday_lines(days):
        say(line)
    for d in days:
        if d.kind in ("closed", "opened"):
            say(
                t(
                    "calendar.override_line",
                    day=d.day.isoformat(),
                    kind=t(f"calendar.kind.{d.kind}"),
                    note=d.note or "",
                )
            )
    if days and days[0].provisional:
        say(t("calendar.provisional", year=year))


def _day_cell(d: CalendarDay) -> Text:
    from rich.text import Text

    mark = t(f"calendar.mark.{d.kind}")
    return Text(f"{d.day.day}{mark}", style=_MARK_STYLES[d.kind])


def _holiday_lines(days: list[CalendarDay]) -> list[str]:
    """One line per official holiday: its days off as ranges, and its make-up working days."""
    from datetime import date, timedelta

    lang = run.state.lang
    off: dict[str, list[tuple[date, date]]] = {}
    makeup: dict[str, list[str]] = {}
    for d in days:
        name = d.holiday_zh if lang == "zh" else d.holiday_en
        if not name:
            continue
        if d.kind == "holiday":
            spans = off.setdefault(name, [])
            if spans and spans[-1][1] == d.day - timedelta(days=1):
                spans[-1] = (spans[-1][0], d.day)
            else:
                spans.append((d.day, d.day))
        elif d.kind == "makeup":
            makeup.setdefault(name, []).append(f"{d.day:%m-%d}")
    separator = "、" if lang == "zh" else ", "
    lines = []
    for name in dict.fromkeys([*off, *makeup]):
        parts = []
        if name in off:
            ranges = [
                f"{a:%m-%d}"
                if a == b
                else t("calendar.range", start=f"{a:%m-%d}", end=f"{b:%m-%d}")
                for a, b in off[name]
            ]
            parts.append(t("calendar.days_off", days=separator.join(ranges)))
        if name in makeup:
            parts.append(t("calendar.makeup_days", days=separator.join(makeup[name])))
        joined = ("，" if lang == "zh" else "; ").join(parts)
        lines.append(t("calendar.holiday_line", name=name, days=joined))
    return lines
