"""person channels: fallback routes, delivery receipts, shared access tokens

Revision ID: 0002_person_channels
Revises: 0001
Create Date: 2026-11-30 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel types)
from alembic import op

import qy_landing.store.types

revision = "0002_person_channels"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("fallback", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True)
        )
    # A person who already chose a channel other than the console keeps exactly that
    # channel; the others follow the office's default route for their role, if any.
    op.execute("UPDATE person SET fallback = '' WHERE channel <> 'console'")
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("route", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )
        batch_op.add_column(
            sa.Column("delivered_via", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True)
        )
        batch_op.add_column(
            sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True)
        )
        batch_op.add_column(
            sa.Column("receipt", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True)
        )
        batch_op.add_column(
            sa.Column("receipt_at", qy_landing.store.types.UTCDateTime(), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_reminder_external_id"), ["external_id"], unique=False)
        batch_op.create_index("ix_reminder_receipt", ["receipt"], unique=False)
    op.create_table(
        "channel_token",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("expires_at", qy_landing.store.types.UTCDateTime(), nullable=False),
        sa.Column("fetched_at", qy_landing.store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("channel_token")
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_receipt")
        batch_op.drop_index(batch_op.f("ix_reminder_external_id"))
        batch_op.drop_column("receipt_at")
        batch_op.drop_column("receipt")
        batch_op.drop_column("external_id")
        batch_op.drop_column("delivered_via")
        batch_op.drop_column("route")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("fallback")
