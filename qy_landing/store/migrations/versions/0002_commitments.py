"""commitments (承诺事项) and dispatch-meeting visits

Revision ID: 0002_commitments
Revises: 0002_person_channels
Create Date: 2026-11-30 08:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel types)
from alembic import op

import qy_landing.store.types


revision = '0002_commitments'
down_revision = '0002_person_channels'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('commitment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('due_provisional', sa.Boolean(), nullable=False),
    sa.Column('meeting', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.create_index('ix_commitment_meeting', ['meeting', 'person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitment_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitment_project_id'), ['project_id'], unique=False)
        batch_op.create_index('ix_commitment_status_due', ['status', 'due_on'], unique=False)

    op.create_table('meeting_visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('visited_at', qy_landing.store.types.UTCDateTime(), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting', 'subject', 'project_id')
    )
    with op.batch_alter_table('meeting_visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_visit_meeting'), ['meeting'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('meeting_visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_visit_meeting'))
    op.drop_table('meeting_visit')
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.drop_index('ix_commitment_status_due')
        batch_op.drop_index(batch_op.f('ix_commitment_project_id'))
        batch_op.drop_index(batch_op.f('ix_commitment_person_id'))
        batch_op.drop_index('ix_commitment_meeting')
    op.drop_table('commitment')
