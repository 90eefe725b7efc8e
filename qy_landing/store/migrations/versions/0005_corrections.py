"""corrections: an event may correct (or void) an earlier one

Revision ID: 0005_corrections
Revises: 0004_calendar_state
Create Date: 2026-11-30 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_corrections"
down_revision = "0004_calendar_state"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("corrects", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_event_corrects", "event", ["corrects"], ["id"])
        batch.create_index("ix_event_corrects", ["corrects"])


def downgrade() -> None:
    with op.batch_alter_table("event") as batch:
        batch.drop_index("ix_event_corrects")
        batch.drop_constraint("fk_event_corrects", type_="foreignkey")
        batch.drop_column("corrects")
