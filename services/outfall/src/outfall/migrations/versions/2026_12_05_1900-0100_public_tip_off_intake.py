"""public tip-off intake: the outfall it is about, an optional photo, the hashed source address
(rate limit) and the officials' forward/handle steps

Revision ID: 0100_public_tip_off_intake
Revises: 0100_rulesa_difficult
Create Date: 2026-12-05 19:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0100_public_tip_off_intake"
down_revision: str | None = "0100_rulesa_difficult"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tip_off", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outfall_code", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("photo", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("photo_type", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("source_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("forwarded_to", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("forwarded_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("handled_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_tip_off_source_hash_created_at"), ["source_hash", "created_at"]
        )


def downgrade() -> None:
    with op.batch_alter_table("tip_off", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tip_off_source_hash_created_at"))
        for column in (
            "handled_at",
            "handled_note",
            "forwarded_at",
            "forwarded_to",
            "source_hash",
            "photo_type",
            "photo",
            "outfall_code",
        ):
            batch_op.drop_column(column)
