"""audit entries carry their entity's division; signed checkpoints (issue 14)

Revision ID: secaudit_0100
Revises: 0002
"""

from suitekit.migration_ops import (
    add_audit_scope_and_checkpoints,
    backfill_audit_division,
    drop_audit_scope_and_checkpoints,
)

revision: str = "secaudit_0100"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None

# audited entity type -> its table; each row has a school_id (a city module has none: stays NULL)
SCHOOL_RECORDS = {
    "module": "module",
    "student": "student",
    "elective_offer": "electiveoffer",
    "integrity_record": "integrityrecord",
    "enrollment": "enrollment",
    "exemption": "exemption",
    "recognition": "recognition",
    "publication": "publication",
    "appeal": "appeal",
    "activity": "activity",
    "transfer_credit": "transfercredit",
    "selection_round": "selectionround",
    "selection": "selection",
    "timetable": "timetable",
}


def upgrade() -> None:
    add_audit_scope_and_checkpoints()
    backfill_audit_division("school", "school", "county_code", unit_column="code")
    for entity_type, table in SCHOOL_RECORDS.items():
        backfill_audit_division(
            entity_type,
            table,
            "s.county_code",
            unit_column="s.code",
            join="JOIN school s ON s.id = t.school_id",
        )


def downgrade() -> None:
    drop_audit_scope_and_checkpoints()
