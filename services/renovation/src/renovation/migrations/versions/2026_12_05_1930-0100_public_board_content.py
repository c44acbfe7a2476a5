"""public board items carry their text and the units they name (施工单位、监理单位 ...)

Revision ID: 0100_public_board_content
Revises: secaudit_0100
Create Date: 2026-12-05 19:30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0100_public_board_content"
down_revision: str | None = "secaudit_0100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("board", schema=None) as batch_op:
        batch_op.add_column(sa.Column("content", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("units", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("board", schema=None) as batch_op:
        batch_op.drop_column("units")
        batch_op.drop_column("content")
