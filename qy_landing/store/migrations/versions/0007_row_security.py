"""several offices on one PostgreSQL: accounts, group roles, row-level security, an
append-only audit trail whose actor is the login

Revision ID: 0007_row_security
Revises: 0006_units_targets
Create Date: 2026-11-30 11:00:00

On both backends: the ``account`` table (login role -> unit) and ``event.actor_login``.
On PostgreSQL only (docs/deploy/postgresql.md, docs/data-model.md "Row-level security"):

- the group roles ``qy_staff``, ``qy_office``, ``qy_leader``, ``qy_auditor`` and
  ``qy_scheduler`` (NOLOGIN, created when missing; roles belong to the whole server, so
  a downgrade leaves them), each with the table privileges its work needs;
- ``qy_account_unit()``: the unit of the connected login (``session_user``), a ``STABLE
  SECURITY DEFINER`` function over ``account``; ``qy_project_unit(code)``: the unit a
  project belongs to, so a refused change can say whose project it is;
- row-level security, forced (the owner too), on every table holding a unit's data:
  staff read and write their unit's projects and what hangs off them; office staff read
  and write everything; leaders read everything; the scheduler reads what reminders need
  and writes the outbox; auditors read the audit trail (and the projects it names);
- ``event``: no UPDATE or DELETE privilege for any of these roles, and triggers that refuse
  UPDATE, DELETE and TRUNCATE for everyone and fill ``actor_login`` with ``session_user``.

Tables added by later migrations get no policy from here: a later migration that adds a
table holding a unit's data adds its grants and policies the same way (``_child``).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel types)
from alembic import op

import qy_landing.store.types


revision = '0007_row_security'
down_revision = '0006_units_targets'
branch_labels = None
depends_on = None

GROUPS = ("qy_staff", "qy_office", "qy_leader", "qy_auditor", "qy_scheduler")

# The one place that says which projects a staff login's unit may see and change: those
# it is the landing unit of, and those it introduced (project.introducing_unit_id, from
# 0006_units_targets). Both columns are indexed; the planner ORs the two index scans.
UNIT_MATCH = "(unit_id = qy_account_unit() OR introducing_unit_id = qy_account_unit())"
OWN_PROJECTS = f"project_id IN (SELECT id FROM project WHERE {UNIT_MATCH})"

# Tables whose rows hang off a project (project_id); the reminder outbox is handled apart.
CHILDREN = (
    "procedure", "assignment", "problem", "funds_record", "commitment", "meeting_visit",
)
# (calendar_state, 0004: the calendar version every context reads; the office writes it)
REFERENCE = (
    "unit", "workflow_version", "calendar_override", "calendar_state", "person", "alembic_version",
)
OUTBOX = ("reminder", "rate_slot", "channel_token", "scheduler_lease", "scheduler_job_run")
JOB_TABLE = "apscheduler_jobs"  # APScheduler's job store (reminders/scheduler.py)


def upgrade() -> None:
    op.create_table('account',
    sa.Column('role_name', sqlmodel.sql.sqltypes.AutoString(length=63), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('disabled', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', qy_landing.store.types.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('role_name')
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('actor_login', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True)
        )
    if op.get_bind().dialect.name != "postgresql":
        return  # one office, one file: nothing to enforce (docs/deploy/postgresql.md)
    _roles()
    _functions()
    _grants()
    _policies()
    _audit_trail()


def _roles() -> None:
    for group in GROUPS:
        op.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') "
            f"THEN CREATE ROLE {group} NOLOGIN; END IF; END $$"
        )
    # The owner (who runs `init` and `user …`) works through the office's policies: with
    # FORCE ROW LEVEL SECURITY it would otherwise see no project at all.
    op.execute(
        "DO $$ BEGIN IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
        "THEN GRANT qy_office TO CURRENT_USER; END IF; END $$"
    )


def _functions() -> None:
    schema = op.get_bind().execute(sa.text("SELECT current_schema()")).scalar_one()
    path = f"pg_catalog, {schema}"
    op.execute(
        "CREATE OR REPLACE FUNCTION qy_account_unit() RETURNS integer "
        f"LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {path} AS $$ "
        "SELECT unit_id FROM account WHERE role_name = session_user AND NOT disabled $$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION qy_project_unit(wanted text) RETURNS text "
        f"LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {path} AS $$ "
        "SELECT u.name FROM project p JOIN unit u ON u.id = p.unit_id WHERE p.code = wanted $$"
    )
    for function in ("qy_account_unit()", "qy_project_unit(text)"):
        op.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {', '.join(GROUPS)}")


def _grant(privileges: str, tables: tuple[str, ...], *roles: str) -> None:
    op.execute(f"GRANT {privileges} ON {', '.join(tables)} TO {', '.join(roles)}")


def _grants() -> None:
    schema = op.get_bind().execute(sa.text("SELECT current_schema()")).scalar_one()
    op.execute(
        f"CREATE TABLE IF NOT EXISTS {JOB_TABLE} (id VARCHAR(191) PRIMARY KEY, "
        "next_run_time DOUBLE PRECISION, job_state BYTEA NOT NULL)"
    )
    op.execute(
        f"CREATE INDEX IF NOT EXISTS ix_{JOB_TABLE}_next_run_time ON {JOB_TABLE} (next_run_time)"
    )
    op.execute(f"GRANT USAGE ON SCHEMA {schema} TO {', '.join(GROUPS)}")
    _grant("SELECT", REFERENCE, *GROUPS)
    everything = ("project", *CHILDREN, "event", "reminder")
    # office staff: everything, but the audit trail only grows and accounts are the admin's
    _grant("SELECT, INSERT, UPDATE, DELETE", ("project", *CHILDREN, *OUTBOX, JOB_TABLE),
           "qy_office")
    _grant("SELECT, INSERT, UPDATE, DELETE", REFERENCE[:-1], "qy_office")
    _grant("SELECT, INSERT", ("event",), "qy_office", "qy_staff")
    # unit staff: their projects and what hangs off them (the policies narrow the rows)
    _grant("SELECT, INSERT, UPDATE", ("project", "problem", "funds_record", "commitment"),
           "qy_staff")
    _grant("SELECT, INSERT, UPDATE, DELETE", ("procedure", "assignment"), "qy_staff")
    _grant("SELECT", ("reminder", "meeting_visit", "unit_target"), "qy_staff")
    _grant("SELECT, INSERT, UPDATE, DELETE", ("unit_target",), "qy_office")
    _grant("SELECT", ("unit_target",), "qy_leader")
    # leaders read; auditors read the audit trail and the projects it names
    _grant("SELECT", everything, "qy_leader")
    _grant("SELECT", ("event", "project"), "qy_auditor")
    # the scheduler daemon: reads what reminders are made of, writes the outbox and its own
    # lease, job runs and job store; it writes no project and no event
    _grant("SELECT", everything, "qy_scheduler")
    _grant("SELECT, INSERT, UPDATE, DELETE", (*OUTBOX, JOB_TABLE), "qy_scheduler")
    # ... and the daily refresh of due dates when a new official schedule is published: the
    # calendar version, the due date columns of running procedures, a due_changed event each
    _grant("INSERT, UPDATE", ("calendar_state",), "qy_scheduler")
    op.execute("GRANT UPDATE (due_on, due_provisional) ON procedure TO qy_scheduler")
    _grant("INSERT", ("event",), "qy_scheduler")
    op.execute(
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} "
        "TO qy_staff, qy_office, qy_scheduler"
    )


def _policy(table: str, name: str, command: str, role: str, using: str, check: str | None = None) -> None:
    clause = f" USING ({using})" if command != "INSERT" else ""
    if check is not None:
        clause += f" WITH CHECK ({check})"
    op.execute(f"CREATE POLICY {name} ON {table} FOR {command} TO {role}{clause}")


def _secure(table: str) -> None:
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


def _child(table: str, *, staff_writes: bool = True) -> None:
    """The policies of a table whose rows belong to a project (``project_id``)."""
    own = OWN_PROJECTS
    _secure(table)
    _policy(table, "office_all", "ALL", "qy_office", "true", "true")
    _policy(table, "leader_read", "SELECT", "qy_leader", "true")
    _policy(table, "scheduler_read", "SELECT", "qy_scheduler", "true")
    if staff_writes:
        _policy(table, "staff_unit", "ALL", "qy_staff", own, own)
    else:
        _policy(table, "staff_unit_read", "SELECT", "qy_staff", own)


def _policies() -> None:
    unit_match, own = UNIT_MATCH, OWN_PROJECTS
    _secure("project")
    _policy("project", "office_all", "ALL", "qy_office", "true", "true")
    _policy("project", "leader_read", "SELECT", "qy_leader", "true")
    _policy("project", "auditor_read", "SELECT", "qy_auditor", "true")
    _policy("project", "scheduler_read", "SELECT", "qy_scheduler", "true")
    _policy("project", "staff_unit", "ALL", "qy_staff", unit_match, unit_match)
    for table in CHILDREN:
        _child(table, staff_writes=table != "meeting_visit")
    # the audit trail: read by office, leaders, auditors, the scheduler and (their own
    # projects') staff; written (appended) by office and staff
    _child("event", staff_writes=False)
    _policy("event", "auditor_read", "SELECT", "qy_auditor", "true")
    _policy("event", "staff_append", "INSERT", "qy_staff", "", own)
    _policy("procedure", "scheduler_recount", "UPDATE", "qy_scheduler", "true", "true")
    _policy("event", "scheduler_due_changed", "INSERT", "qy_scheduler", "", "action = 'due_changed'")
    # yearly targets (0006_units_targets): set by the office, read by leaders and by the
    # staff of the unit they are for
    _secure("unit_target")
    _policy("unit_target", "office_all", "ALL", "qy_office", "true", "true")
    _policy("unit_target", "leader_read", "SELECT", "qy_leader", "true")
    _policy("unit_target", "staff_unit_read", "SELECT", "qy_staff", "unit_id = qy_account_unit()")
    # the outbox: the scheduler sends it, staff read what concerns their unit
    _secure("reminder")
    _policy("reminder", "office_all", "ALL", "qy_office", "true", "true")
    _policy("reminder", "scheduler_all", "ALL", "qy_scheduler", "true", "true")
    _policy("reminder", "leader_read", "SELECT", "qy_leader", "true")
    _policy(
        "reminder", "staff_unit_read", "SELECT", "qy_staff",
        f"{own} OR person_id IN "
        "(SELECT id FROM person WHERE unit_id = qy_account_unit())",
    )


def _audit_trail() -> None:
    op.execute(
        "CREATE OR REPLACE FUNCTION qy_event_actor() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN NEW.actor_login := session_user; RETURN NEW; END $$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION qy_event_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'the audit trail is append-only: % on event refused', TG_OP "
        "USING ERRCODE = 'insufficient_privilege'; END $$"
    )
    op.execute(
        "CREATE TRIGGER event_actor_login BEFORE INSERT ON event "
        "FOR EACH ROW EXECUTE FUNCTION qy_event_actor()"
    )
    op.execute(
        "CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event "
        "FOR EACH ROW EXECUTE FUNCTION qy_event_append_only()"
    )
    op.execute(
        "CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event "
        "FOR EACH STATEMENT EXECUTE FUNCTION qy_event_append_only()"
    )
    op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON event FROM PUBLIC, {', '.join(GROUPS)}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for trigger in ("event_actor_login", "event_append_only", "event_no_truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON event")
        op.execute("DROP FUNCTION IF EXISTS qy_event_actor()")
        op.execute("DROP FUNCTION IF EXISTS qy_event_append_only()")
        rows = op.get_bind().execute(sa.text(
            "SELECT tablename, policyname FROM pg_policies WHERE schemaname = current_schema()"
        )).all()
        for table, name in rows:
            op.execute(f'DROP POLICY IF EXISTS "{name}" ON "{table}"')
        for table in ("project", *CHILDREN, "event", "reminder", "unit_target"):
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        tables = ("project", *CHILDREN, "event", "unit_target", *REFERENCE, *OUTBOX)
        op.execute(f"REVOKE ALL ON {', '.join(tables)} FROM {', '.join(GROUPS)}")
        op.execute("DROP FUNCTION IF EXISTS qy_project_unit(text)")
        op.execute("DROP FUNCTION IF EXISTS qy_account_unit()")
        # the group roles and the job store table stay: roles belong to the whole server
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('actor_login')
    op.drop_table('account')
