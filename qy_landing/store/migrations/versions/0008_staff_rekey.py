"""staff corrections keep the reminders already sent: the key of their unit's overdue and
stall reminders, and nothing else of the outbox

Revision ID: 0008_staff_rekey
Revises: 0007_row_security
Create Date: 2026-11-30 14:00:00

A correction that moves a procedure's due date or a project's last progress re-keys the
reminders already in the outbox about it (``services/corrections._rekey``), so the same
reminder is not sent again under the corrected date. Under 0007_row_security staff only
read the outbox, so a county login's correction was refused. Least privilege (PostgreSQL
only; SQLite has no roles):

- ``UPDATE (key)`` on ``reminder`` for ``qy_staff``: no other column (status, body,
  recipients, attempts stay the scheduler's and the office's);
- one policy, ``staff_rekey``: only overdue and stall reminders of the login's own
  projects (the rows of ``OWN_PROJECTS``), and the new key must stay a key about the same
  procedure (overdue) or project (stall): ``<kind>:<id>:…``.
"""

from __future__ import annotations

from alembic import op

revision = "0008_staff_rekey"
down_revision = "0007_row_security"
branch_labels = None
depends_on = None

# as 0007_row_security's UNIT_MATCH / OWN_PROJECTS (a migration keeps its own copy: the
# text of an applied migration never changes)
_OWN = (
    "project_id IN (SELECT id FROM project WHERE "
    "unit_id = qy_account_unit() OR introducing_unit_id = qy_account_unit())"
)
_REKEYED = "kind IN ('overdue', 'stall')"
_SAME_THING = (
    "key LIKE kind || ':' || "
    "(CASE WHEN kind = 'overdue' THEN procedure_id ELSE project_id END)::text || ':%'"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("GRANT UPDATE (key) ON reminder TO qy_staff")
    op.execute(
        "CREATE POLICY staff_rekey ON reminder FOR UPDATE TO qy_staff "
        f"USING ({_OWN} AND {_REKEYED}) WITH CHECK ({_OWN} AND {_REKEYED} AND {_SAME_THING})"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP POLICY IF EXISTS staff_rekey ON reminder")
    op.execute("REVOKE UPDATE (key) ON reminder FROM qy_staff")
