"""``qy-landing unit list | add NAME``: the responsible units (责任单位)."""

from __future__ import annotations

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h, t

app = typer.Typer(no_args_is_help=True)


@app.command("list", help=h("unit.list"))
def list_(
    kind: str | None = typer.Option(None, "--kind", help=h("opt.unit_kind"), metavar="KIND"),
    json: bool = typer.Option(False, "--json", help=h("opt.json")),
) -> None:
    from qy_landing.cli.render import label, print_json, print_rows
    from qy_landing.services.units import list_units
    from qy_landing.vocabulary import resolve

    wanted = resolve("unit_kind", kind) if kind else None
    units = [u for u in list_units(run.context()) if wanted is None or u.kind == wanted]
    if json:
        print_json(
            [
                {"id": u.id, "name": u.name, "name_en": u.name_en, "code": u.code, "kind": u.kind}
                for u in units
            ]
        )
        return
    english = run.state.lang == "en"
    print_rows(
        [t("col.unit"), t("col.code"), t("col.kind")],
        (
            [
                f"{u.name}\n{u.name_en}" if english and u.name_en else u.name,
                u.code or "",
                label("unit_kind", u.kind),
            ]
            for u in units
        ),
        empty=t("unit.none"),
    )


@app.command("add", help=h("unit.add"))
def add(
    name: str = typer.Argument(..., help=h("arg.unit_name"), metavar="NAME"),
    code: str | None = typer.Option(None, "--code", help=h("opt.unit_code"), metavar="C"),
    kind: str = typer.Option(
        "department",
        "--kind",
        help=h("opt.unit_kind_add"),
        metavar="county|park|department|enterprise|office",
    ),
    name_en: str | None = typer.Option(None, "--name-en", help=h("opt.name_en"), metavar="TEXT"),
) -> None:
    from qy_landing.cli.render import label, say
    from qy_landing.services.units import add_unit

    unit = add_unit(run.context(), name, code=code, kind=kind, name_en=name_en)
    say(t("unit.added", name=unit.name, kind=label("unit_kind", unit.kind), code=unit.code or "-"))
