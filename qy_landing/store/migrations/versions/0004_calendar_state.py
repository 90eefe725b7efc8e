"""calendar state: the calendar version and the fingerprints due dates were counted with

Revision ID: 0004_calendar_state
Revises: 0003_scheduler_lease
Create Date: 2026-11-30 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004_calendar_state"
down_revision = "0003_scheduler_lease"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_state",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("calendar_state")
