"""audit entries carry a division; signed checkpoints

Revision ID: 0002
"""

from suitekit.migration_ops import add_audit_scope_and_checkpoints, drop_audit_scope_and_checkpoints

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_audit_scope_and_checkpoints()


def downgrade() -> None:
    drop_audit_scope_and_checkpoints()
