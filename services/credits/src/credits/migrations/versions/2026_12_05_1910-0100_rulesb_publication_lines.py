"""publication_line: each publication's granted list and refusal notices, as published

Revision ID: 0100_rulesb_publication_lines
Revises: secaudit_0100
Create Date: 2026-12-05 19:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0100_rulesb_publication_lines"
down_revision: str | None = "secaudit_0100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "publication_line",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("publication_id", sa.String(32), nullable=False),
        sa.Column("recognition_id", sa.String(32), nullable=False),
        sa.Column("student_id", sa.String(32), nullable=False),
        sa.Column("module_id", sa.String(40), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("credits", sa.Numeric(6, 1), nullable=False),
        sa.Column("reason", sa.String(2000), nullable=True),
        sa.Column("remedies", sa.String(200), nullable=True),
        sa.Column("via_appeal", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["publication_id"], ["publication.id"],
            name=op.f("fk_publication_line_publication_id_publication"),
        ),
        sa.ForeignKeyConstraint(
            ["recognition_id"], ["recognition.id"],
            name=op.f("fk_publication_line_recognition_id_recognition"),
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["student.id"], name=op.f("fk_publication_line_student_id_student")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_line")),
    )
    with op.batch_alter_table("publication_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_publication_line_publication_id"), ["publication_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_publication_line_recognition_id"), ["recognition_id"], unique=False
        )
    # Earlier publications: their lines from the recognitions they published (remedies are
    # recomputed when such a line is read).
    op.execute(
        """
        INSERT INTO publication_line
            (id, publication_id, recognition_id, student_id, module_id, granted, credits,
             reason, remedies, via_appeal)
        SELECT 'pl_' || r.id, r.publication_id, r.id, r.student_id, e.module_id,
               COALESCE(r.granted, false), r.credits, r.reason, NULL, false
        FROM recognition r JOIN enrollment e ON e.id = r.enrollment_id
        WHERE r.publication_id IS NOT NULL
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("publication_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publication_line_recognition_id"))
        batch_op.drop_index(batch_op.f("ix_publication_line_publication_id"))
    op.drop_table("publication_line")
