"""units of every kind: a project's introducing unit, yearly targets per unit

Revision ID: 0006_units_targets
Revises: 0003_scheduler_lease
Create Date: 2026-11-30 08:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel types)
from alembic import op

import qy_landing.store.types

revision = "0006_units_targets"
down_revision = "0003_scheduler_lease"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(sa.Column("introducing_unit_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_project_introducing_unit_id_unit", "unit", ["introducing_unit_id"], ["id"]
        )
        batch_op.create_index("ix_project_introducing_unit", ["introducing_unit_id"], unique=False)
    op.create_table(
        "unit_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("indicator", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("value", qy_landing.store.types.Amount(), nullable=False),
        sa.Column("done", qy_landing.store.types.Amount(), nullable=True),
        sa.Column("updated_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("unit_id", "year", "indicator"),
    )
    with op.batch_alter_table("unit_target", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_target_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_unit_target_year"), ["year"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("unit_target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_target_year"))
        batch_op.drop_index(batch_op.f("ix_unit_target_unit_id"))
    op.drop_table("unit_target")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_index("ix_project_introducing_unit")
        batch_op.drop_constraint("fk_project_introducing_unit_id_unit", type_="foreignkey")
        batch_op.drop_column("introducing_unit_id")
