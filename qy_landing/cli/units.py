"""``qy-landing unit list | add NAME | import FILE``: the responsible units (责任单位) of
every kind: counties/districts, parks, departments, enterprises, offices, and kinds the
office adds in ``[units.kinds]``."""

from __future__ import annotations

from pathlib import Path

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h, t

app = typer.Typer(no_args_is_help=True)


@app.command("list", help=h("unit.list"))
def list_(
    kind: str | None = typer.Option(None, "--kind", help=h("opt.unit_kind"), metavar="KIND"),
    wide: bool = typer.Option(False, "--wide", help=h("opt.wide")),
    json: bool = typer.Option(False, "--json", help=h("opt.json")),
) -> None:
    from qy_landing.cli.render import label, print_json
    from qy_landing.cli.stream_table import print_rows
    from qy_landing.services.units import list_units, resolve_kind, unit_kinds

    kinds = unit_kinds()
    names = {k.key: (k.zh if run.state.lang == "zh" else k.en) for k in kinds}
    wanted = resolve_kind(kind, kinds) if kind else None
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
                names.get(u.kind) or label("unit_kind", u.kind),
            ]
            for u in units
        ),
        empty=t("unit.none"),
        priorities=(0, 0, 1),
        wide=wide,
    )


@app.command("add", help=h("unit.add"))
def add(
    name: str = typer.Argument(..., help=h("arg.unit_name"), metavar="NAME"),
    code: str | None = typer.Option(None, "--code", help=h("opt.unit_code"), metavar="C"),
    kind: str = typer.Option(
        "department",
        "--kind",
        help=h("opt.unit_kind_add"),
        metavar="KIND",
    ),
    name_en: str | None = typer.Option(None, "--name-en", help=h("opt.name_en"), metavar="TEXT"),
) -> None:
    from qy_landing.cli.render import label, say
    from qy_landing.services.units import add_unit

    unit = add_unit(run.context(), name, code=code, kind=kind, name_en=name_en)
    say(t("unit.added", name=unit.name, kind=label("unit_kind", unit.kind), code=unit.code or "-"))


@app.command("import", help=h("unit.import"))
def import_(
    file: Path = typer.Argument(..., help=h("arg.unit_file"), metavar="FILE"),
    dry_run: bool = typer.Option(False, "--dry-run", help=h("opt.dry_run")),
) -> None:
    from qy_landing.cli.projects import rejected_rows
    from qy_landing.cli.render import say
    from qy_landing.services.unit_import import import_units

    with rejected_rows(str(file)):
        result = import_units(run.context(), file, dry_run=dry_run)
    text = t(
        "unit.imported",
        file=result.file,
        rows=result.rows,
        created=len(result.created),
        updated=len(result.updated),
        unchanged=len(result.unchanged),
    )
    say(text + (t("unit.dry_run") if dry_run else ""))
