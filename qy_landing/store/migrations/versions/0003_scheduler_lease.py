"""the scheduler's lease with a fencing token; job runs; outbox claim tokens and parts sent

Revision ID: 0003_scheduler_lease
Revises: 0002_rate_limit
Create Date: 2026-11-30 08:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel types)
from alembic import op


revision = '0003_scheduler_lease'
down_revision = '0002_rate_limit'
branch_labels = None
depends_on = None


def upgrade() -> None:
    lease = op.create_table('scheduler_lease',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('holder', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('token', sa.BigInteger(), nullable=False),
    sa.Column('acquired_at', sa.Float(), nullable=False),
    sa.Column('renewed_at', sa.Float(), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.bulk_insert(lease, [{
        'name': 'scheduler', 'holder': None, 'token': 0,
        'acquired_at': 0.0, 'renewed_at': 0.0, 'expires_at': 0.0,
    }])
    op.create_table('scheduler_job_run',
    sa.Column('job', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('holder', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('token', sa.BigInteger(), nullable=True),
    sa.Column('started_at', sa.Float(), nullable=False),
    sa.Column('finished_at', sa.Float(), nullable=True),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.PrimaryKeyConstraint('job')
    )
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claim_token', sa.BigInteger(), nullable=True))
        batch_op.add_column(
            sa.Column('parts_sent', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_column('parts_sent')
        batch_op.drop_column('claim_token')
    op.drop_table('scheduler_job_run')
    op.drop_table('scheduler_lease')
