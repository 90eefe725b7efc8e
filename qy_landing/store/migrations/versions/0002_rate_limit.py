"""the shared rate limit of robots and webhooks (rate_slot)

Revision ID: 0002_rate_limit
Revises: 0002_person_channels
Create Date: 2026-11-30 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel types)
from alembic import op


revision = '0002_rate_limit'
down_revision = '0003_catalogue_facts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rate_slot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rate_slot', schema=None) as batch_op:
        batch_op.create_index('ix_rate_slot_key_at', ['key', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rate_slot', schema=None) as batch_op:
        batch_op.drop_index('ix_rate_slot_key_at')
    op.drop_table('rate_slot')
