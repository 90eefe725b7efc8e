"""a county reads only its share: each row hanging off a project carries the project's
units, indexed, and the staff policies test them directly

Revision ID: 0009_row_owner
Revises: 0008_staff_rekey
Create Date: 2026-11-30 17:00:00

PostgreSQL only (SQLite has no roles and no policies; docs/data-model.md "Row-level
security"). Under 0007_row_security a staff login's policy on the tables hanging off a
project was ``project_id IN (SELECT id FROM project WHERE …)``. PostgreSQL runs such a
policy as a hashed subplan: a filter over whatever the query reads, never an index
condition, so a county's stuck export at 1M projects read all 21 M events of the audit
trail to keep its 1.3 M (docs/performance.md).

Now every such row carries its project's landing unit and introducing unit
(``project_unit_id``, ``project_introducing_unit_id``), indexed, and the staff policies
compare those columns with ``qy_account_unit()``: an index condition the planner can use,
with real statistics behind it. The database keeps the copies true by itself:

- ``qy_row_owner()``, ``BEFORE INSERT`` (and ``UPDATE`` of ``project_id`` or the copies)
  on each of these tables, copies the project's two units onto the row, whatever the
  writer sent: a staff login cannot claim another unit's project as its own;
- ``qy_project_owner_moved()``, ``AFTER UPDATE OF unit_id, introducing_unit_id`` on
  ``project`` (a correction moving a project to another unit), re-copies them onto every
  row of that project, the audit trail included: ``qy_event_append_only()`` lets an UPDATE
  of an event through only when it comes from that trigger and changes nothing but these
  two columns.

The columns are not in the SQLModel classes: the application never reads or writes them
(``tests/store/test_database.py`` knows them as ``OWNER_COLUMNS``).
"""

from __future__ import annotations

from alembic import op

revision = "0009_row_owner"
down_revision = "0008_staff_rekey"
branch_labels = None
depends_on = None

# The tables whose rows hang off a project (0007_row_security's CHILDREN and the audit
# trail). The reminder outbox keeps its 0007 policy: it is small, and a reminder may be
# about a person rather than a project.
OWNED = (
    "procedure", "assignment", "problem", "funds_record", "commitment", "meeting_visit",
    "event",
)
UNIT = "project_unit_id"
INTRODUCING = "project_introducing_unit_id"
OWN_ROWS = f"({UNIT} = qy_account_unit() OR {INTRODUCING} = qy_account_unit())"
# as 0007_row_security's OWN_PROJECTS (a migration keeps its own copy)
OWN_PROJECTS = (
    "project_id IN (SELECT id FROM project WHERE "
    "unit_id = qy_account_unit() OR introducing_unit_id = qy_account_unit())"
)
EVENT_OWNER_ONLY = (
    f"(to_jsonb(NEW) - '{UNIT}' - '{INTRODUCING}') = (to_jsonb(OLD) - '{UNIT}' - '{INTRODUCING}')"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # one office, one file: nothing to enforce
    schema = op.get_bind().exec_driver_sql("SELECT current_schema()").scalar_one()
    path = f"pg_catalog, {schema}"
    # Called for every row written, bulk loads included. The table is named with its
    # schema (no search_path to set); the seq scan is off because PL/pgSQL keeps the plan
    # it made in a session's first calls, and a load that starts on an empty project
    # table would otherwise scan the whole table for every row, for the whole session.
    op.execute(
        "CREATE OR REPLACE FUNCTION qy_row_owner() RETURNS trigger LANGUAGE plpgsql "
        "SECURITY DEFINER SET enable_seqscan = off AS $$ BEGIN "
        f"SELECT unit_id, introducing_unit_id INTO NEW.{UNIT}, NEW.{INTRODUCING} "
        f"FROM {schema}.project WHERE id = NEW.project_id; RETURN NEW; END $$"
    )
    copies = " ".join(
        f"UPDATE {table} SET {UNIT} = NEW.unit_id, {INTRODUCING} = NEW.introducing_unit_id "
        "WHERE project_id = NEW.id;"
        for table in OWNED
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION qy_project_owner_moved() RETURNS trigger "
        f"LANGUAGE plpgsql SECURITY DEFINER SET search_path = {path} AS $$ BEGIN "
        f"{copies} RETURN NULL; END $$"
    )
    _append_only(allow_owner_copies=True)
    # the rows already there: the append-only trigger is off for this one statement's
    # table rewrite (inside the migration's transaction: nobody sees it off)
    op.execute("ALTER TABLE event DISABLE TRIGGER event_append_only")
    for table in OWNED:
        op.execute(f"ALTER TABLE {table} ADD COLUMN {UNIT} integer")
        op.execute(f"ALTER TABLE {table} ADD COLUMN {INTRODUCING} integer")
        op.execute(
            f"UPDATE {table} t SET {UNIT} = p.unit_id, {INTRODUCING} = p.introducing_unit_id "
            "FROM project p WHERE p.id = t.project_id"
        )
        op.execute(f"CREATE INDEX ix_{table}_{UNIT} ON {table} ({UNIT})")
        op.execute(
            f"CREATE INDEX ix_{table}_{INTRODUCING} ON {table} ({INTRODUCING}) "
            f"WHERE {INTRODUCING} IS NOT NULL"
        )
        op.execute(
            f"CREATE TRIGGER {table}_row_owner BEFORE INSERT OR UPDATE OF project_id, "
            f"{UNIT}, {INTRODUCING} ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION qy_row_owner()"
        )
        op.execute(f"ANALYZE {table}")
    op.execute("ALTER TABLE event ENABLE TRIGGER event_append_only")
    op.execute(
        "CREATE TRIGGER project_owner_moved AFTER UPDATE OF unit_id, introducing_unit_id "
        "ON project FOR EACH ROW WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id "
        "OR OLD.introducing_unit_id IS DISTINCT FROM NEW.introducing_unit_id) "
        "EXECUTE FUNCTION qy_project_owner_moved()"
    )
    _staff_policies(OWN_ROWS)


def _staff_policies(own: str) -> None:
    """0007's staff policies on the owned tables, with ``own`` as the row test."""
    for table in OWNED:
        if table == "event":
            op.execute("DROP POLICY staff_unit_read ON event")
            op.execute("DROP POLICY staff_append ON event")
            op.execute(f"CREATE POLICY staff_unit_read ON event FOR SELECT TO qy_staff USING ({own})")
            op.execute(f"CREATE POLICY staff_append ON event FOR INSERT TO qy_staff WITH CHECK ({own})")
        elif table == "meeting_visit":
            op.execute("DROP POLICY staff_unit_read ON meeting_visit")
            op.execute(
                f"CREATE POLICY staff_unit_read ON meeting_visit FOR SELECT TO qy_staff USING ({own})"
            )
        else:
            op.execute(f"DROP POLICY staff_unit ON {table}")
            op.execute(
                f"CREATE POLICY staff_unit ON {table} FOR ALL TO qy_staff "
                f"USING ({own}) WITH CHECK ({own})"
            )


def _append_only(*, allow_owner_copies: bool) -> None:
    """0007's ``qy_event_append_only()``; with ``allow_owner_copies``, an UPDATE made by
    ``qy_project_owner_moved()`` (a trigger inside a trigger) that changes only the copied
    units goes through."""
    allowed = (
        f"IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 AND {EVENT_OWNER_ONLY} "
        "THEN RETURN NEW; END IF; "
        if allow_owner_copies
        else ""
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION qy_event_append_only() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN {allowed}"
        "RAISE EXCEPTION 'the audit trail is append-only: % on event refused', TG_OP "
        "USING ERRCODE = 'insufficient_privilege'; END $$"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _staff_policies(OWN_PROJECTS)
    op.execute("DROP TRIGGER IF EXISTS project_owner_moved ON project")
    for table in OWNED:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_row_owner ON {table}")
        op.execute(f"ALTER TABLE {table} DROP COLUMN {UNIT}, DROP COLUMN {INTRODUCING}")
    _append_only(allow_owner_copies=False)
    op.execute("DROP FUNCTION IF EXISTS qy_project_owner_moved()")
    op.execute("DROP FUNCTION IF EXISTS qy_row_owner()")
