"""kit tables: audit chain and idempotency records

Revision ID: 0001
Revises:
Create Date: 2026-11-29 12:10
"""

from suitekit.migration_ops import create_kit_tables, drop_kit_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_kit_tables()


def downgrade() -> None:
    drop_kit_tables()
