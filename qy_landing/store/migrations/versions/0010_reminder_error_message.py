"""a reminder's failure kept as a catalogue message, so it is shown in the reader's language

Revision ID: 0010_reminder_error_message
Revises: 0009_row_owner
Create Date: 2026-11-30 17:30:00

``last_error`` holds a failed delivery's English text (logs, JSON, rows from before this
revision). Two nullable columns keep the same failure as a catalogue message
(``reminders/failures.py``): ``error_key``, its key (``remind.delivery.*``,
``remind.failure.*``), and ``error_fields``, its fields as JSON (nested messages and
translated words kept translatable). ``remind list`` renders them in the reader's
language and falls back to ``last_error`` where they are empty.

Row-level security (PostgreSQL): the writers of a failure, the scheduler (``qy_scheduler``)
and the office (``qy_office``), hold table-wide INSERT and UPDATE on ``reminder`` since
0007_row_security, which covers columns added later; staff hold ``UPDATE (key)`` only
(0008_staff_rekey) and never record a failure; every reader holds table-wide SELECT. So no
grant changes here (``tests/store/test_row_security.py`` checks the scheduler's writes).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel types)
from alembic import op

revision = "0010_reminder_error_message"
down_revision = "0009_row_owner"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("error_key", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True)
        )
        batch_op.add_column(sa.Column("error_fields", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_column("error_fields")
        batch_op.drop_column("error_key")
