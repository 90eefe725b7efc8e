"""catalogue facts: the project facts the Gansu procedure catalogue's conditions read

Revision ID: 0003_catalogue_facts
Revises: 0002_person_channels
Create Date: 2026-11-30 08:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel types)
from alembic import op

revision = "0003_catalogue_facts"
down_revision = "0002_commitments"
branch_labels = None
depends_on = None

FLAGS = (
    "in_planned_urban_land",
    "over_mineral_area",
    "relics_zone",
    "uses_forest_or_grassland",
    "abstracts_water",
    "civil_building",
)


def upgrade() -> None:
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("approval_level", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True)
        )
        for name in FLAGS:
            batch_op.add_column(
                sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())
            )


def downgrade() -> None:
    with op.batch_alter_table("project", schema=None) as batch_op:
        for name in reversed(FLAGS):
            batch_op.drop_column(name)
        batch_op.drop_column("approval_level")
