"""Accounts through the library: add, list, grant, revoke, disable, password, whoami."""

from __future__ import annotations

import itertools
import os

import psycopg
import pytest

from qy_landing.errors import (
    AccountsNeedPostgresError,
    DuplicateError,
    InvalidValueError,
    NotFoundError,
)
from qy_landing.services.context import Context
from qy_landing.services.users import (
    add_user,
    disable_user,
    grant_role,
    list_users,
    read_scope,
    revoke_role,
    set_password,
    whoami,
)

_names = itertools.count()


@pytest.fixture
def pg(request, tmp_path, clock):
    """An administrator's context on a fresh PostgreSQL database."""
    from tests.conftest import fresh_database

    context = Context.open(
        fresh_database("postgres", request, tmp_path), actor="管理员", clock=clock
    )
    yield context
    context.db.dispose()


def _name() -> str:
    return f"u_{os.getpid()}_{next(_names)}"


def _as(ctx: Context, name: str) -> Context:
    return Context.open(ctx.db.url.replace("//postgres@", f"//{name}@"), actor="张三")


def test_add_user_makes_a_login_in_its_roles_group_and_records_it(pg):
    """The login exists, holds its group, has its unit; the audit trail says who added it."""
    from sqlalchemy import text

    name = _name()
    user = add_user(pg, name, role="单位人员", unit="环县", password="pw-1")
    assert (user.name, user.unit, user.role, user.roles, user.can_login) == (
        name,
        "环县",
        "staff",
        ("staff",),
        True,
    )
    with pg.db.engine.connect() as connection:
        event = connection.execute(
            text("SELECT entity, action, field, new, actor FROM event ORDER BY id DESC LIMIT 1")
        ).one()
    assert tuple(event) == ("account", "create", name, "staff", "管理员")
    assert name in [u.name for u in list_users(pg)]


def test_add_user_refuses_bad_names_duplicates_and_empty_passwords(pg):
    """Malformed or reserved names, a taken name, an empty password: refused, nothing made."""
    name = _name()
    for bad in ("Huan", "1abc", "pg_x", "qy_staff", "a-b", "x" * 64):
        with pytest.raises(InvalidValueError):
            add_user(pg, bad, role="leader")
    add_user(pg, name, role="leader")
    with pytest.raises(DuplicateError):
        add_user(pg, name, role="leader")
    with pytest.raises(InvalidValueError):
        add_user(pg, _name(), role="leader", password="")
    assert [u.name for u in list_users(pg)] == [name]


def test_grant_and_revoke_change_the_groups_held(pg):
    """A leader granted auditor holds both; revoked, the leader's role alone."""
    name = _name()
    add_user(pg, name, role="leader")
    assert grant_role(pg, name, "auditor").roles == ("auditor", "leader")
    assert revoke_role(pg, name, "leader").roles == ("auditor",)
    with pytest.raises(NotFoundError):
        grant_role(pg, "nobody_here", "office")


def test_a_disabled_account_can_no_longer_log_in(pg):
    """After disable the server refuses the login."""
    name = _name()
    add_user(pg, name, role="staff", unit="环县")
    assert disable_user(pg, name).user.disabled
    dsn = pg.db.url.replace("postgresql+psycopg://postgres@", f"postgresql://{name}@")
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        psycopg.connect(dsn).close()


def test_disable_ends_the_accounts_open_sessions(pg):
    """A session the login has open is ended by disable, and counted."""
    name = _name()
    add_user(pg, name, role="office")
    dsn = pg.db.url.replace("postgresql+psycopg://postgres@", f"postgresql://{name}@")
    with psycopg.connect(dsn, autocommit=True) as connection:
        assert connection.execute("SELECT count(*) FROM project").fetchone() is not None
        done = disable_user(pg, name)
        assert (done.sessions_ended, done.sessions_left) == (1, 0)
        with pytest.raises(psycopg.OperationalError):
            connection.execute("SELECT 1")
    assert disable_user(pg, name).sessions_ended == 0  # nothing left to end


def test_an_administrator_ends_sessions_only_with_pg_signal_backend(pg):
    """Without pg_signal_backend the sessions are counted as left open; with it, ended."""
    admin, first, second = _name(), _name(), _name()
    with pg.db.engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {admin} LOGIN CREATEROLE")
        connection.exec_driver_sql(f"GRANT qy_office TO {admin}")
        connection.exec_driver_sql(f"GRANT ALL ON account, event TO {admin}")
    add_user(pg, first, role="leader")
    add_user(pg, second, role="leader")
    owner = Context.open(pg.db.url.replace("//postgres@", f"//{admin}@"), actor="管理员")
    base = pg.db.url.replace("postgresql+psycopg://postgres@", "postgresql://")
    with (
        psycopg.connect(base.replace("//", f"//{first}@", 1), autocommit=True),
        psycopg.connect(base.replace("//", f"//{second}@", 1), autocommit=True),
    ):
        done = disable_user(owner, first)
        assert (done.user.disabled, done.sessions_ended, done.sessions_left) == (True, 0, 1)
        with pg.db.engine.begin() as connection:
            connection.exec_driver_sql(f"GRANT pg_signal_backend TO {admin}")
        done = disable_user(owner, second)
        assert (done.sessions_ended, done.sessions_left) == (1, 0)
    owner.db.dispose()


def test_set_password_stores_a_scram_verifier(pg):
    """The server keeps a SCRAM-SHA-256 verifier, never the password."""
    from sqlalchemy import text

    name = _name()
    add_user(pg, name, role="office")
    set_password(pg, name, "another-pw")
    with pg.db.engine.connect() as connection:
        stored = connection.execute(
            text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"), {"n": name}
        ).scalar_one()
    assert stored.startswith("SCRAM-SHA-256$") and "another-pw" not in stored


def test_whoami_names_the_login_its_unit_and_roles(pg):
    """A staff login learns its unit and role; the superuser is told it is one."""
    name = _name()
    add_user(pg, name, role="staff", unit="西峰区")
    staff = _as(pg, name)
    me = whoami(staff)
    assert (me.login, me.unit, me.roles, me.superuser) == (name, "西峰区", ("staff",), False)
    staff.db.dispose()
    assert whoami(pg).superuser


def test_read_scope_narrows_unit_staff_only(pg, sqlite_ctx):
    """A staff login reads its unit; office, leader, the superuser and SQLite read all."""
    staff, office, leader = _name(), _name(), _name()
    add_user(pg, staff, role="staff", unit="环县")
    add_user(pg, office, role="office")
    add_user(pg, leader, role="leader")
    grant_role(pg, leader, "staff")  # a leader who is also unit staff still reads all
    scopes = {}
    for name in (staff, office, leader):
        context = _as(pg, name)
        scopes[name] = read_scope(context)
        context.db.dispose()
    assert scopes[staff] is not None and scopes[staff].unit == "环县"
    assert (scopes[office], scopes[leader]) == (None, None)
    assert read_scope(pg) is None and read_scope(sqlite_ctx) is None


def test_accounts_on_sqlite_are_refused(sqlite_ctx):
    """SQLite has no logins: every account function refuses; whoami names the actor."""
    with pytest.raises(AccountsNeedPostgresError):
        list_users(sqlite_ctx)
    with pytest.raises(AccountsNeedPostgresError):
        add_user(sqlite_ctx, "huan", role="staff", unit="环县")
    assert whoami(sqlite_ctx).login == "测试员"
