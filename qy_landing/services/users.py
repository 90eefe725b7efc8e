"""Accounts (账户): the office's PostgreSQL login roles, each with a unit and group roles.

An account is a PostgreSQL login role plus a row in ``account`` naming its unit; what it
may read and change is decided by PostgreSQL itself — the group roles it holds
(``qy_staff``, ``qy_office``, ``qy_leader``, ``qy_auditor``, ``qy_scheduler``) and the
row-level security policies of 0007_row_security — not by checks here. These functions
are run by an administrator (the owner of the tables, with CREATEROLE); every change is
one transaction (PostgreSQL's role statements are transactional) and leaves an event in
the audit trail. SQLite has no logins: every function refuses it with
:class:`AccountsNeedPostgresError`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlmodel import col

from qy_landing.errors import (
    AccountsNeedPostgresError,
    DuplicateError,
    InvalidValueError,
    Msg,
    NotFoundError,
)
from qy_landing.services.context import Context
from qy_landing.services.units import find_unit
from qy_landing.store import accounts
from qy_landing.store.models import Account, Event, Unit
from qy_landing.vocabulary import resolve


@dataclass(frozen=True)
class UserInfo:
    """An account as ``user list`` shows it."""

    name: str
    unit: str | None
    role: str  # the role it was added with
    roles: tuple[str, ...]  # the group roles it holds now (PostgreSQL's record)
    can_login: bool
    disabled: bool


@dataclass(frozen=True)
class WhoAmI:
    """The connected login, its unit and roles: what this connection may do."""

    login: str
    unit: str | None
    roles: tuple[str, ...]
    superuser: bool
    postgres: bool


@dataclass(frozen=True)
class ReadScope:
    """The one unit a unit staff login reads (row-level security): boards and reports
    show that unit's rows only, unranked, with a note (docs/deploy/postgresql.md)."""

    unit_id: int | None  # None: a disabled account, which reads no project
    unit: str | None


def read_scope(ctx: Context) -> ReadScope | None:
    """None when this connection reads every unit's projects (SQLite, office, leader,
    auditor, scheduler, superuser); else the unit its staff policies narrow it to."""
    if not ctx.db.is_postgres:
        return None
    with ctx.db.read() as session:
        limited, unit_id = accounts.staff_scope(session.connection())
        if not limited:
            return None
        unit = session.get(Unit, unit_id) if unit_id is not None else None
        return ReadScope(unit_id, unit.name if unit else None)


def _require_postgres(ctx: Context) -> None:
    if not ctx.db.is_postgres:
        raise AccountsNeedPostgresError()


def check_role_name(name: str) -> str:
    """A login name PostgreSQL takes unquoted and that is not one of its own or ours."""
    wanted = name.strip()
    if not accounts.ROLE_NAME.match(wanted) or accounts.RESERVED.match(wanted):
        raise InvalidValueError("login", name, Msg("expect.role_name"))
    return wanted


def _account(session: Session, name: str) -> Account:
    found = session.get(Account, name)
    if found is None:
        known = session.execute(select(col(Account.role_name))).scalars().all()
        raise NotFoundError("account", name, sorted(known))
    return found


def _record(ctx: Context, session: Session, action: str, name: str, value: str | None) -> None:
    session.add(
        Event(
            entity="account",
            action=action,
            field=name,
            new=value,
            actor=ctx.actor,
            recorded_at=ctx.clock.now(),
            effective_on=ctx.today(),
        )
    )


def _info(session: Session, rows: list[Account]) -> list[UserInfo]:
    connection = session.connection()
    known = accounts.logins(connection, [a.role_name for a in rows])
    units = {row.id: row.name for row in session.execute(select(col(Unit.id), col(Unit.name)))}
    result = []
    for account in rows:
        login = known.get(account.role_name)
        result.append(
            UserInfo(
                name=account.role_name,
                unit=units.get(account.unit_id) if account.unit_id is not None else None,
                role=account.role,
                roles=login.roles if login else (),
                can_login=bool(login and login.can_login),
                disabled=account.disabled,
            )
        )
    return result


def add_user(
    ctx: Context,
    name: str,
    *,
    role: str,
    unit: str | None = None,
    password: str | None = None,
) -> UserInfo:
    """A new login role in ``role``'s group, working for ``unit`` (required for staff).

    ``password`` None: the login authenticates otherwise (peer, certificate; pg_hba.conf).
    """
    _require_postgres(ctx)
    name = check_role_name(name)
    role = resolve("account_role", role)
    if password is not None and not password:
        raise InvalidValueError("password", "", Msg("expect.password"))
    if role == "staff" and not (unit or "").strip():
        raise InvalidValueError("unit", "", Msg("expect.staff_unit"))
    with ctx.db.write() as session:
        unit_id = find_unit(session, unit).id if unit and unit.strip() else None
        connection = session.connection()
        if session.get(Account, name) is not None or accounts.role_exists(connection, name):
            raise DuplicateError("account", name)
        accounts.create_login(connection, name, role, password)
        account = Account(
            role_name=name,
            unit_id=unit_id,
            role=role,
            created_at=ctx.clock.now(),
            created_by=ctx.actor,
        )
        session.add(account)
        _record(ctx, session, "create", name, role)
        session.flush()
        return _info(session, [account])[0]


def list_users(ctx: Context) -> list[UserInfo]:
    """Every account, by name."""
    _require_postgres(ctx)
    with ctx.db.read() as session:
        rows = list(
            session.execute(select(Account).order_by(col(Account.role_name))).scalars().all()
        )
        return _info(session, rows)


def grant_role(ctx: Context, name: str, role: str) -> UserInfo:
    """Add ``role``'s group to an account (a leader who also audits …)."""
    return _change_group(ctx, name, role, grant=True)


def revoke_role(ctx: Context, name: str, role: str) -> UserInfo:
    """Take ``role``'s group from an account."""
    return _change_group(ctx, name, role, grant=False)


def _change_group(ctx: Context, name: str, role: str, *, grant: bool) -> UserInfo:
    _require_postgres(ctx)
    role = resolve("account_role", role)
    with ctx.db.write() as session:
        account = _account(session, name.strip())
        connection = session.connection()
        if grant:
            accounts.grant(connection, account.role_name, role)
        else:
            accounts.revoke(connection, account.role_name, role)
        _record(ctx, session, "grant" if grant else "revoke", account.role_name, role)
        return _info(session, [account])[0]


@dataclass(frozen=True)
class Disabled:
    """What ``user disable`` did: the account as it is now, and its open sessions."""

    user: UserInfo
    sessions_ended: int
    # sessions still open: this administrator may not end them (no pg_signal_backend)
    sessions_left: int


def disable_user(ctx: Context, name: str) -> Disabled:
    """The account can no longer log in, its unit no longer opens any project to it, and
    its open sessions are ended (``pg_terminate_backend``, after the change is committed so
    an ended session cannot log in again; docs/deploy/postgresql.md).
    """
    _require_postgres(ctx)
    with ctx.db.write() as session:
        account = _account(session, name.strip())
        accounts.set_can_login(session.connection(), account.role_name, False)
        session.execute(
            update(Account).where(col(Account.role_name) == account.role_name).values(disabled=True)
        )
        _record(ctx, session, "disable", account.role_name, None)
        session.flush()
        session.refresh(account)
        user = _info(session, [account])[0]
    with ctx.db.read_connection() as connection:
        ended, left = accounts.end_sessions(connection, user.name)
    return Disabled(user, ended, left)


def set_password(ctx: Context, name: str, password: str) -> None:
    """A new password for an account (sent to the server as a SCRAM verifier only)."""
    _require_postgres(ctx)
    if not password:
        raise InvalidValueError("password", "", Msg("expect.password"))
    with ctx.db.write() as session:
        account = _account(session, name.strip())
        accounts.set_password(session.connection(), account.role_name, password)
        _record(ctx, session, "password", account.role_name, None)


def whoami(ctx: Context) -> WhoAmI:
    """Who this connection is and what it may do (SQLite: the OS user / ``--as``, no roles)."""
    if not ctx.db.is_postgres:
        return WhoAmI(ctx.actor, None, (), superuser=False, postgres=False)
    with ctx.db.read() as session:
        connection = session.connection()
        superuser = accounts.is_superuser(connection)
        login, unit_id, roles = accounts.session_login(connection)
        unit = session.get(Unit, unit_id) if unit_id is not None else None
        return WhoAmI(login, unit.name if unit else None, roles, superuser, postgres=True)
