"""``qy-landing funds add | list``: funds in place (到位资金) received by a project."""

from __future__ import annotations

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h

app = typer.Typer(no_args_is_help=True)


@app.command("add", help=h("report.help.funds_add"))
def add(
    code: str = typer.Argument(
        ..., help=h("report.help.arg.code"), metavar="CODE", show_default=False
    ),
    amount: str = typer.Argument(
        ..., help=h("report.help.arg.amount"), metavar="AMOUNT", show_default=False
    ),
    on: str | None = typer.Option(None, "--on", help=h("report.help.opt.on"), metavar="YYYY-MM-DD"),
    in_province: bool = typer.Option(False, "--in-province", help=h("report.help.opt.in_province")),
    note: str | None = typer.Option(None, "--note", help=h("report.help.opt.note"), metavar="TEXT"),
) -> None:
    from qy_landing import i18n
    from qy_landing.cli.options import parse_amount, parse_optional_date
    from qy_landing.cli.render import amount as amount_text
    from qy_landing.cli.render import say
    from qy_landing.services.funds import record_funds

    value = parse_amount(amount, "funds")
    ctx, day = run.context(), parse_optional_date(on)
    record = run.retrying(
        lambda _: record_funds(ctx, code, value, on=day, out_of_province=not in_province, note=note)
    )
    kind = "in_province" if in_province else "out_of_province"
    say(
        i18n.t(
            "report.funds.added",
            run.state.lang,
            code=code.strip(),
            amount=amount_text(record.amount),
            on=record.received_on,
            kind=i18n.text(f"report.funds.{kind}", run.state.lang),
        )
    )


@app.command("list", help=h("report.help.funds_list"))
def list_(
    code: str = typer.Argument(
        ..., help=h("report.help.arg.code"), metavar="CODE", show_default=False
    ),
    as_json: bool = typer.Option(False, "--json", help=h("report.help.opt.json")),
) -> None:
    from decimal import Decimal

    from qy_landing import i18n
    from qy_landing.cli.render import amount as amount_text
    from qy_landing.cli.render import print_json, say
    from qy_landing.cli.stream_table import print_rows
    from qy_landing.services.funds import list_funds

    lang = run.state.lang
    records = list_funds(run.context(), code)
    if as_json:
        print_json(
            {
                "code": code.strip(),
                "records": [
                    {
                        "received_on": r.received_on,
                        "amount": str(r.amount),
                        "out_of_province": r.out_of_province,
                        "note": r.note,
                    }
                    for r in records
                ],
                "total": str(sum((r.amount for r in records), Decimal("0.0000"))),
            }
        )
        return
    headers = [
        i18n.text(f"report.funds.col.{k}", lang) for k in ("received_on", "amount", "kind", "note")
    ]
    rows = [
        (
            r.received_on.isoformat(),
            amount_text(r.amount),
            i18n.text(
                "report.funds.out_of_province" if r.out_of_province else "report.funds.in_province",
                lang,
            ),
            r.note or "",
        )
        for r in records
    ]
    if print_rows(headers, rows, empty=i18n.t("report.funds.none", lang, code=code.strip())):
        total = sum((r.amount for r in records), Decimal(0))
        say(i18n.t("report.funds.total", lang, amount=amount_text(total)))
