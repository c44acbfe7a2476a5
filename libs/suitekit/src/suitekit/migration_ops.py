"""Operations a service's first migration calls to create the kit's own tables."""

import sqlalchemy as sa
from alembic import op

GENESIS_HASH = "0" * 64


def create_kit_tables() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("officer_id", sa.String(64), nullable=True),
        sa.Column("request_id", sa.String(128), nullable=True),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("entity_type", sa.String(64), nullable=False),
        sa.Column("entity_id", sa.String(128), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_entry")),
    )
    op.create_index(op.f("ix_audit_entry_actor"), "audit_entry", ["actor"])
    op.create_index(op.f("ix_audit_entry_action"), "audit_entry", ["action"])
    op.create_index(op.f("ix_audit_entry_entity_id"), "audit_entry", ["entity_id"])
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "last_hash": GENESIS_HASH}])
    op.create_table(
        "idempotency_record",
        sa.Column("client_id", sa.String(128), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("headers", sa.Text(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("client_id", "key", name=op.f("pk_idempotency_record")),
    )


def drop_kit_tables() -> None:
    op.drop_table("idempotency_record")
    op.drop_table("audit_head")
    op.drop_index(op.f("ix_audit_entry_entity_id"), table_name="audit_entry")
    op.drop_index(op.f("ix_audit_entry_action"), table_name="audit_entry")
    op.drop_index(op.f("ix_audit_entry_actor"), table_name="audit_entry")
    op.drop_table("audit_entry")


def add_audit_scope_and_checkpoints() -> None:
    """Issue 14: each audit entry carries its entity's division (and unit); signed
    checkpoints of the chain head. Existing entries keep digest version 1 (hash unchanged)."""
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("division", sa.String(16), nullable=True))
        batch.add_column(sa.Column("unit", sa.String(64), nullable=True))
        batch.add_column(
            sa.Column("digest_version", sa.Integer(), nullable=False, server_default="1")
        )
        batch.create_index(op.f("ix_audit_entry_division"), ["division"])
    op.create_table(
        "audit_checkpoint",
        sa.Column("entries", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("entries", name=op.f("pk_audit_checkpoint")),
    )


def drop_audit_scope_and_checkpoints() -> None:
    op.drop_table("audit_checkpoint")
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_index(op.f("ix_audit_entry_division"))
        batch.drop_column("digest_version")
        batch.drop_column("unit")
        batch.drop_column("division")


def backfill_audit_division(
    entity_type: str,
    table: str,
    division_column: str,
    *,
    unit_column: str | None = None,
    join: str = "",
) -> None:
    """Set the division (and unit) of existing entries about `entity_type` from the entity's
    row `t` in `table` (matched by id), optionally through `join` (e.g. to its school `s`).
    Only the unhashed index columns change: old entries keep digest version 1."""
    columns = [("division", division_column)] + ([("unit", unit_column)] if unit_column else [])
    assignments = ", ".join(
        f"{target} = (SELECT {_qualified(source)} FROM {table} t {join}"
        " WHERE t.id = audit_entry.entity_id)"
        for target, source in columns
    )
    op.execute(
        sa.text(
            f"UPDATE audit_entry SET {assignments} "
            "WHERE entity_type = :entity_type AND division IS NULL"
        ).bindparams(entity_type=entity_type)
    )


def _qualified(column: str) -> str:
    return column if "." in column else f"t.{column}"
