"""``qy-landing user add | list | grant | revoke | disable | password | whoami``: accounts.

Accounts are PostgreSQL login roles (docs/deploy/postgresql.md); an administrator runs
these. Passwords are never taken on the command line: typed at a hidden prompt (twice),
or read from the first line of standard input with ``--password-stdin``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from qy_landing.cli import state as run
from qy_landing.cli.texts import h, join, t

if TYPE_CHECKING:
    from qy_landing.services.users import UserInfo

app = typer.Typer(no_args_is_help=True)

_ROLES = "staff|office|leader|auditor|scheduler"


def _password(from_stdin: bool) -> str:
    """The password from stdin's first line, or typed twice at a hidden prompt."""
    import sys

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass(t("user.password_prompt"))
    if first != getpass.getpass(t("user.password_again")):
        from qy_landing.errors import InvalidValueError, Msg

        raise InvalidValueError("password", "***", Msg("expect.password"))
    return first


def _render(rows: list[UserInfo], *, wide: bool = False) -> None:
    from qy_landing.cli.render import label
    from qy_landing.cli.stream_table import print_rows

    print_rows(
        [t("col.login"), t("col.unit"), t("col.roles"), t("col.can_login")],
        (
            [
                u.name,
                u.unit or "",
                join(label("account_role", r) for r in u.roles),
                t("user.disabled") if u.disabled or not u.can_login else t("user.enabled"),
            ]
            for u in rows
        ),
        empty=t("user.none"),
        priorities=(0, 0, 1, 2),
        wide=wide,
    )


@app.command("add", help=h("user.add"))
def add(
    name: str = typer.Argument(..., help=h("arg.login"), metavar="NAME"),
    role: str = typer.Option(..., "--role", help=h("opt.account_role"), metavar=_ROLES),
    unit: str | None = typer.Option(None, "--unit", help=h("opt.account_unit"), metavar="U"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=h("opt.password_stdin")),
    no_password: bool = typer.Option(False, "--no-password", help=h("opt.no_password")),
) -> None:
    from qy_landing.cli.render import label, say
    from qy_landing.services.users import add_user

    password = None if no_password else _password(password_stdin)
    user = add_user(run.context(), name, role=role, unit=unit, password=password)
    say(
        t(
            "user.added",
            name=user.name,
            role=label("account_role", user.role),
            unit=user.unit or "-",
        )
    )


@app.command("list", help=h("user.list"))
def list_(
    wide: bool = typer.Option(False, "--wide", help=h("opt.wide")),
    json: bool = typer.Option(False, "--json", help=h("opt.json")),
) -> None:
    from dataclasses import asdict

    from qy_landing.cli.render import print_json
    from qy_landing.services.users import list_users

    users = list_users(run.context())
    if json:
        print_json([asdict(u) for u in users])
        return
    _render(users, wide=wide)


@app.command("grant", help=h("user.grant"))
def grant(
    name: str = typer.Argument(..., help=h("arg.login"), metavar="NAME"),
    role: str = typer.Argument(..., help=h("opt.account_role"), metavar="ROLE"),
) -> None:
    from qy_landing.services.users import grant_role

    _render([grant_role(run.context(), name, role)])


@app.command("revoke", help=h("user.revoke"))
def revoke(
    name: str = typer.Argument(..., help=h("arg.login"), metavar="NAME"),
    role: str = typer.Argument(..., help=h("opt.account_role"), metavar="ROLE"),
) -> None:
    from qy_landing.services.users import revoke_role

    _render([revoke_role(run.context(), name, role)])


@app.command("disable", help=h("user.disable"))
def disable(name: str = typer.Argument(..., help=h("arg.login"), metavar="NAME")) -> None:
    from qy_landing.cli.render import say
    from qy_landing.services.users import disable_user

    done = disable_user(run.context(), name)
    _render([done.user])
    say(t("user.sessions_ended", name=done.user.name, n=done.sessions_ended))
    if done.sessions_left:
        say(t("user.sessions_left", name=done.user.name, n=done.sessions_left), err=True)


@app.command("password", help=h("user.password"))
def password(
    name: str = typer.Argument(..., help=h("arg.login"), metavar="NAME"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=h("opt.password_stdin")),
) -> None:
    from qy_landing.cli.render import say
    from qy_landing.services.users import set_password

    set_password(run.context(), name, _password(password_stdin))
    say(t("user.password_set", name=name))


@app.command("whoami", help=h("user.whoami"))
def whoami(json: bool = typer.Option(False, "--json", help=h("opt.json"))) -> None:
    from dataclasses import asdict

    from qy_landing.cli.render import label, print_json, say
    from qy_landing.services.users import whoami as who

    me = who(run.context())
    if json:
        print_json(asdict(me))
        return
    if not me.postgres:
        say(t("user.whoami_sqlite", login=me.login))
        return
    if me.superuser:
        say(t("user.whoami_superuser", login=me.login))
        return
    roles = [label("account_role", r) for r in me.roles]
    say(t("user.whoami", login=me.login, unit=me.unit or "-", roles=join(roles) or "-"))
    for role in me.roles:
        say(t(f"user.can.{role}", unit=me.unit or "-"))
