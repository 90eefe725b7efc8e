"""``qy-landing person add | edit | list``: persons and how reminders reach them."""

from __future__ import annotations

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h, t

app = typer.Typer(no_args_is_help=True)

_CHANNELS = "console|email|wecom|dingtalk|webhook|wecom_app|dingtalk_work|sms"


def _route_text(channel: str, fallback: str | None) -> str:
    """``企业微信应用消息 → 短信``, or the office default's note when no own route is set."""
    from qy_landing.cli.render import label

    if fallback is None:
        return t("person.office_route", channel=label("channel", channel))
    route = [channel, *[c for c in fallback.split(",") if c]]
    return " → ".join(label("channel", c) for c in route)


@app.command("add", help=h("person.add"))
def add(
    name: str = typer.Argument(..., help=h("arg.person_name"), metavar="NAME"),
    unit: str = typer.Option(..., "--unit", help=h("opt.person_unit"), metavar="U"),
    title: str | None = typer.Option(None, "--title", help=h("opt.title"), metavar="T"),
    phone: str | None = typer.Option(None, "--phone", help=h("opt.phone"), metavar="P"),
    email: str | None = typer.Option(None, "--email", help=h("opt.email"), metavar="E"),
    wecom: str | None = typer.Option(None, "--wecom", help=h("opt.wecom"), metavar="ID"),
    dingtalk: str | None = typer.Option(None, "--dingtalk", help=h("opt.dingtalk"), metavar="ID"),
    channel: str | None = typer.Option(None, "--channel", help=h("opt.channel"), metavar=_CHANNELS),
    fallback: str | None = typer.Option(
        None, "--fallback", help=h("opt.fallback"), metavar="C1,C2|none|default"
    ),
    lang: str = typer.Option("zh", "--lang", help=h("opt.person_lang"), metavar="zh|en"),
    supervisor: bool = typer.Option(False, "--supervisor", help=h("opt.supervisor")),
) -> None:
    from qy_landing.cli.render import say
    from qy_landing.services.people import PersonInput, add_person

    person = add_person(
        run.context(),
        PersonInput(
            name=name,
            unit=unit,
            title=title,
            phone=phone,
            email=email,
            wecom=wecom,
            dingtalk=dingtalk,
            channel=channel,
            fallback=fallback,
            lang=lang,
            supervisor=supervisor,
        ),
    )
    say(
        t(
            "person.added",
            name=person.name,
            unit=_unit_name(person.unit_id),
            channel=_route_text(person.channel, person.fallback),
            language=person.lang,
        )
    )
    if person.supervisor:
        say(t("person.is_supervisor"))


@app.command("edit", help=h("person.edit"))
def edit(
    name: str = typer.Argument(..., help=h("opt.person"), metavar="NAME[@UNIT]"),
    title: str | None = typer.Option(None, "--title", help=h("opt.title"), metavar="T"),
    phone: str | None = typer.Option(None, "--phone", help=h("opt.phone"), metavar="P"),
    email: str | None = typer.Option(None, "--email", help=h("opt.email"), metavar="E"),
    wecom: str | None = typer.Option(None, "--wecom", help=h("opt.wecom"), metavar="ID"),
    dingtalk: str | None = typer.Option(None, "--dingtalk", help=h("opt.dingtalk"), metavar="ID"),
    channel: str | None = typer.Option(None, "--channel", help=h("opt.channel"), metavar=_CHANNELS),
    fallback: str | None = typer.Option(
        None, "--fallback", help=h("opt.fallback"), metavar="C1,C2|none|default"
    ),
    lang: str | None = typer.Option(None, "--lang", help=h("opt.person_lang"), metavar="zh|en"),
    supervisor: bool | None = typer.Option(
        None, "--supervisor/--no-supervisor", help=h("opt.supervisor"), show_default=False
    ),
) -> None:
    from qy_landing.cli.render import say
    from qy_landing.services.people import PersonChanges, edit_person

    person, changed = edit_person(
        run.context(),
        name,
        PersonChanges(
            title=title,
            phone=phone,
            email=email,
            wecom=wecom,
            dingtalk=dingtalk,
            channel=channel,
            fallback=fallback,
            lang=lang,
            supervisor=supervisor,
        ),
    )
    label = f"{person.name}@{_unit_name(person.unit_id)}"
    if not changed:
        say(t("person.unchanged", name=label))
        return
    say(t("person.edited", name=label, fields=", ".join(changed)))
    say(t("person.route", route=_route_text(person.channel, person.fallback)))


def _unit_name(unit_id: int) -> str:
    from qy_landing.services.units import list_units

    return next((u.name for u in list_units(run.context()) if u.id == unit_id), str(unit_id))


@app.command("list", help=h("person.list"))
def list_(
    unit: str | None = typer.Option(None, "--unit", help=h("opt.filter_unit"), metavar="U"),
    wide: bool = typer.Option(False, "--wide", help=h("opt.wide")),
    json: bool = typer.Option(False, "--json", help=h("opt.json")),
) -> None:
    from qy_landing.cli.render import print_json
    from qy_landing.cli.stream_table import print_rows
    from qy_landing.services.people import list_people

    people = list_people(run.context(), unit)
    if json:
        print_json(
            [
                {
                    "id": p.id,
                    "name": p.name,
                    "unit": p.unit,
                    "title": p.title,
                    "phone": p.phone,
                    "email": p.email,
                    "wecom": p.wecom,
                    "dingtalk": p.dingtalk,
                    "channel": p.channel,
                    "fallback": p.fallback,
                    "route": list(p.route) if p.route is not None else None,
                    "supervisor": p.supervisor,
                }
                for p in people
            ]
        )
        return
    rows = []
    for p in people:
        name = p.name + (" ★" if p.supervisor else "")
        contact = "\n".join(x for x in (p.phone, p.email) if x)
        rows.append([name, p.unit, p.title or "", contact, _route_text(p.channel, p.fallback)])
    count = print_rows(
        [t("col.person"), t("col.unit"), t("col.title"), t("col.contact"), t("col.channel")],
        rows,
        empty=t("person.none"),
        # e-mail addresses are never split: the title hides first, then the route
        priorities=(0, 0, 2, 0, 1),
        wide=wide,
    )
    if any(p.supervisor for p in people) and count:
        from qy_landing.cli.render import say

        say(t("person.supervisor_legend"))
