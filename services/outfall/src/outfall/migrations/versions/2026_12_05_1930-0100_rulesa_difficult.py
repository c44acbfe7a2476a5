"""difficult and complex outfalls (疑难复杂, §三3): the mark, its reason, who set it and when

Revision ID: 0100_rulesa_difficult
Revises: secaudit_0100
Create Date: 2026-12-05 19:30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0100_rulesa_difficult"
down_revision: str | None = "secaudit_0100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outfall", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("difficult", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("difficult_reason", sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column("difficult_marked_by", sa.String(length=128), nullable=True))
        batch_op.add_column(
            sa.Column("difficult_marked_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("outfall", schema=None) as batch_op:
        batch_op.drop_column("difficult_marked_at")
        batch_op.drop_column("difficult_marked_by")
        batch_op.drop_column("difficult_reason")
        batch_op.drop_column("difficult")
