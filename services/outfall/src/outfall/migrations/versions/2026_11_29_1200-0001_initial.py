"""initial: kit tables, jurisdictions, outfalls

Revision ID: 0001
Revises:
Create Date: 2026-11-29 12:00
"""

import sqlalchemy as sa
from alembic import op

from suitekit.migration_ops import create_kit_tables, drop_kit_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_kit_tables()
    op.create_table(
        "jurisdiction",
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_jurisdiction")),
    )
    op.create_table(
        "outfall",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("jurisdiction_code", sa.String(16), nullable=False),
        sa.Column("water_body_name", sa.String(100), nullable=False),
        sa.Column("water_body_code", sa.String(32), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("address", sa.String(300), nullable=True),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("remarks", sa.String(2000), nullable=True),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["jurisdiction_code"], ["jurisdiction.code"],
                                name=op.f("fk_outfall_jurisdiction_code_jurisdiction")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outfall")),
        sa.UniqueConstraint("code", name=op.f("uq_outfall_code")),
    )
    op.create_index(op.f("ix_outfall_jurisdiction_code"), "outfall", ["jurisdiction_code"])
    op.create_index(op.f("ix_outfall_category"), "outfall", ["category"])
    op.create_index(op.f("ix_outfall_status"), "outfall", ["status"])


def downgrade() -> None:
    op.drop_table("outfall")
    op.drop_table("jurisdiction")
    drop_kit_tables()
