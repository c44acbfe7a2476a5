"""violation: art. 16 fees recovered once per contract, art. 17(1) suspension and re-inspection

Revision ID: 0100_rulesb_violation_basis
Revises: secaudit_0100
Create Date: 2026-12-05 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0100_rulesb_violation_basis"
down_revision: str | None = "secaudit_0100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("fees_recovered_under", "suspension_id", "reinspection_id")


def upgrade() -> None:
    with op.batch_alter_table("violation", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("violation", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
