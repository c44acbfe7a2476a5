"""audit entries carry their entity's division; signed checkpoints (issue 14)

Revision ID: secaudit_0100
Revises: 0001
"""

from suitekit.migration_ops import (
    add_audit_scope_and_checkpoints,
    drop_audit_scope_and_checkpoints,
)

revision: str = "secaudit_0100"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_audit_scope_and_checkpoints()
    # the client registry is city-level: its entries keep no division


def downgrade() -> None:
    drop_audit_scope_and_checkpoints()
