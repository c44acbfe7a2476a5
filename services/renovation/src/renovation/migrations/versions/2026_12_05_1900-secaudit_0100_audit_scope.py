"""audit entries carry their entity's division; signed checkpoints (issue 14)

Revision ID: secaudit_0100
Revises: 0002
"""

from alembic import op

from suitekit.migration_ops import (
    add_audit_scope_and_checkpoints,
    backfill_audit_division,
    drop_audit_scope_and_checkpoints,
)

revision: str = "secaudit_0100"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_audit_scope_and_checkpoints()
    backfill_audit_division("project", "project", "district")
    backfill_audit_division("tender_section", "tender_section", "district")
    op.execute(
        "UPDATE audit_entry SET division = (SELECT p.district FROM change_request c"
        " JOIN project p ON p.id = c.project_id WHERE c.id = audit_entry.entity_id)"
        " WHERE entity_type = 'change_request' AND division IS NULL"
    )


def downgrade() -> None:
    drop_audit_scope_and_checkpoints()
