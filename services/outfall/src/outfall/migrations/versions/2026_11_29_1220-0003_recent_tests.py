"""recent tests kept on the outfall; no btree on boolean summaries (HOT updates on Postgres)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 12:20
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outfall", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recent_tests", sa.Text(), nullable=False,
                                      server_default="[]"))
        batch_op.drop_index(batch_op.f("ix_outfall_enforcement_flag"))
        batch_op.drop_index(batch_op.f("ix_outfall_latest_abnormal"))
    if op.get_bind().dialect.name == "postgresql":
        # room on each page so the frequent summary updates stay heap-only (HOT)
        op.execute("ALTER TABLE outfall SET (fillfactor = 80)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE outfall RESET (fillfactor)")
    with op.batch_alter_table("outfall", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outfall_latest_abnormal"), ["latest_abnormal"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_outfall_enforcement_flag"), ["enforcement_flag"],
                              unique=False)
        batch_op.drop_column("recent_tests")
