"""PostgreSQL login roles and the group roles of 0007_row_security: the SQL of ``user …``.

Role names are checked (:data:`ROLE_NAME`) and quoted as identifiers; a password is
turned into a SCRAM-SHA-256 verifier by libpq on this machine
(``PQencryptPasswordConn``), so the plain password never travels to the server nor
lands in its statement log. Nothing here prints or returns a password or a connection
string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

# role (as typed by the administrator) -> PostgreSQL group role (docs/deploy/postgresql.md)
GROUPS: dict[str, str] = {
    "staff": "qy_staff",
    "office": "qy_office",
    "leader": "qy_leader",
    "auditor": "qy_auditor",
    "scheduler": "qy_scheduler",
}
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}\Z")
# PostgreSQL's own names and ours: never managed as accounts
RESERVED = re.compile(r"(pg_|qy_)")


@dataclass(frozen=True)
class Login:
    """A login role as PostgreSQL knows it: may it log in, which of our groups it holds."""

    name: str
    can_login: bool
    roles: tuple[str, ...]  # our role words (staff, office …), sorted


def _ident(connection: Connection, name: str) -> str:
    """``name`` quoted as an SQL identifier (it has passed :data:`ROLE_NAME` already)."""
    quoted: str = connection.dialect.identifier_preparer.quote_identifier(name)
    return quoted


def role_exists(connection: Connection, name: str) -> bool:
    found = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
    return found.first() is not None


def _verifier(connection: Connection, name: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of ``password`` for ``name``, computed by libpq here."""
    raw: Any = connection.connection.driver_connection
    verifier: bytes = raw.pgconn.encrypt_password(
        password.encode(), name.encode(), b"scram-sha-256"
    )
    return verifier.decode()


def _literal(connection: Connection, value: str) -> str:
    raw: Any = connection.connection.driver_connection
    from psycopg import sql

    rendered: str = sql.Literal(value).as_string(raw)
    return rendered


def create_login(connection: Connection, name: str, role: str, password: str | None) -> None:
    """``CREATE ROLE name LOGIN … IN ROLE <group>`` (without a password: peer, cert …)."""
    statement = f"CREATE ROLE {_ident(connection, name)} LOGIN"
    if password is not None:
        statement += f" PASSWORD {_literal(connection, _verifier(connection, name, password))}"
    connection.exec_driver_sql(f"{statement} IN ROLE {GROUPS[role]}")


def grant(connection: Connection, name: str, role: str) -> None:
    connection.exec_driver_sql(f"GRANT {GROUPS[role]} TO {_ident(connection, name)}")


def revoke(connection: Connection, name: str, role: str) -> None:
    connection.exec_driver_sql(f"REVOKE {GROUPS[role]} FROM {_ident(connection, name)}")


def set_can_login(connection: Connection, name: str, enabled: bool) -> None:
    connection.exec_driver_sql(
        f"ALTER ROLE {_ident(connection, name)} {'LOGIN' if enabled else 'NOLOGIN'}"
    )


def end_sessions(connection: Connection, name: str) -> tuple[int, int]:
    """End every open session of the login ``name`` (on any database of the server): how
    many were ended, and how many are left because this administrator may not signal them.

    ``pg_terminate_backend`` needs a superuser or a member of ``pg_signal_backend``
    (docs/deploy/postgresql.md, the first administrator); each call waits up to 5 s for
    the session to be gone. Run after the ``NOLOGIN`` is committed, so an ended session
    cannot come back.
    """
    may_signal = connection.execute(
        text(
            "SELECT current_setting('is_superuser') = 'on' "
            "OR pg_has_role(current_user, 'pg_signal_backend', 'USAGE')"
        )
    ).scalar()
    open_sessions = text(
        "SELECT pid FROM pg_stat_activity WHERE usename = :n AND pid <> pg_backend_pid()"
    )
    sessions = list(connection.execute(open_sessions, {"n": name}).scalars())
    if not may_signal:
        return 0, len(sessions)
    ended = 0
    for pid in sessions:
        done = connection.execute(
            text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid}
        ).scalar()
        ended += bool(done)
    # pg_stat_activity is read once per transaction: forget it to see who is left
    connection.execute(text("SELECT pg_stat_clear_snapshot()"))
    left = len(list(connection.execute(open_sessions, {"n": name}).scalars()))
    return ended, left


def set_password(connection: Connection, name: str, password: str) -> None:
    verifier = _literal(connection, _verifier(connection, name, password))
    connection.exec_driver_sql(f"ALTER ROLE {_ident(connection, name)} PASSWORD {verifier}")


def logins(connection: Connection, names: list[str]) -> dict[str, Login]:
    """PostgreSQL's record of these roles: can they log in, which of our groups they hold."""
    if not names:
        return {}
    by_group = {group: role for role, group in GROUPS.items()}
    rows = connection.execute(
        text(
            "SELECT r.rolname, r.rolcanlogin, g.rolname AS grp FROM pg_roles r "
            "LEFT JOIN pg_auth_members m ON m.member = r.oid "
            "LEFT JOIN pg_roles g ON g.oid = m.roleid "
            "WHERE r.rolname = ANY(:names)"
        ),
        {"names": names},
    )
    found: dict[str, tuple[bool, set[str]]] = {}
    for row in rows:
        _can_login, roles = found.setdefault(row.rolname, (bool(row.rolcanlogin), set()))
        if row.grp in by_group:
            roles.add(by_group[row.grp])
    return {
        name: Login(name, can_login, tuple(sorted(roles)))
        for name, (can_login, roles) in found.items()
    }


def session_login(connection: Connection) -> tuple[str, int | None, tuple[str, ...]]:
    """The connected login, its unit (``qy_account_unit()``) and the groups it holds."""
    row = connection.execute(
        text("SELECT session_user AS login, current_setting('is_superuser') AS is_superuser")
    ).first()
    assert row is not None
    unit: int | None = None
    if row.is_superuser != "on":
        unit = connection.execute(text("SELECT qy_account_unit()")).scalar()
    held = connection.execute(
        text("SELECT g.rolname FROM pg_roles g WHERE pg_has_role(session_user, g.oid, 'USAGE')")
    ).scalars()
    by_group = {group: role for role, group in GROUPS.items()}
    roles = tuple(sorted(by_group[g] for g in held if g in by_group))
    return str(row.login), unit, roles


def staff_scope(connection: Connection) -> tuple[bool, int | None]:
    """Whether this login's reads are narrowed to one unit by the staff policies, and that
    unit (``qy_account_unit()``; None for a disabled account, which reads no project).

    Narrowed: a member of ``qy_staff`` only. A superuser, a role with ``BYPASSRLS`` and the
    members of ``qy_office``, ``qy_leader``, ``qy_auditor`` or ``qy_scheduler`` read every
    unit's projects (0007_row_security); a login in no group reads none (not narrowed: it
    is refused outright).
    """
    row = connection.execute(
        text(
            "SELECT r.rolsuper OR r.rolbypassrls "
            "OR pg_has_role(r.oid, 'qy_office', 'MEMBER') "
            "OR pg_has_role(r.oid, 'qy_leader', 'MEMBER') "
            "OR pg_has_role(r.oid, 'qy_auditor', 'MEMBER') "
            "OR pg_has_role(r.oid, 'qy_scheduler', 'MEMBER') AS reads_all, "
            "pg_has_role(r.oid, 'qy_staff', 'MEMBER') AS staff "
            "FROM pg_roles r WHERE r.rolname = current_user"
        )
    ).one()
    if row.reads_all or not row.staff:
        return False, None
    unit = connection.execute(text("SELECT qy_account_unit()")).scalar()
    return True, None if unit is None else int(unit)


def is_superuser(connection: Connection) -> bool:
    return connection.execute(text("SHOW is_superuser")).scalar() == "on"


def project_unit(connection: Connection, code: str) -> str | None:
    """The unit a project belongs to, even one this login may not read (None: no project).

    Only on PostgreSQL with 0007_row_security (``qy_project_unit``); it tells which unit,
    never anything else of the project.
    """
    found = connection.execute(text("SELECT qy_project_unit(:code)"), {"code": code}).scalar()
    return None if found is None else str(found)
