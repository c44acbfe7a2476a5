"""initial: kit tables, registry, bar registry, applications, accesses

Revision ID: 0001
Revises:
Create Date: 2026-11-29 12:02:34.094309
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from suitekit.migration_ops import create_kit_tables, drop_kit_tables


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_kit_tables()
    op.create_table('application',
    sa.Column('id', sa.String(32), nullable=False),
    sa.Column('status', sa.String(16), nullable=False),
    sa.Column('station_code', sa.String(16), nullable=False),
    sa.Column('station_division', sa.String(6), nullable=False),
    sa.Column('client_id', sa.String(128), nullable=False),
    sa.Column('officer_id', sa.String(64), nullable=False),
    sa.Column('lawyer_certificate_no', sa.String(17), nullable=False),
    sa.Column('firm_id', sa.String(32), nullable=True),
    sa.Column('firm_division', sa.String(6), nullable=True),
    sa.Column('matter_type', sa.String(16), nullable=False),
    sa.Column('scope', sa.String(16), nullable=False),
    sa.Column('purpose_ct', sa.LargeBinary(), nullable=False),
    sa.Column('certificate_status', sa.String(16), nullable=False),
    sa.Column('certificate_checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('allowed_fields', sa.Text(), nullable=False),
    sa.Column('print_count', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_reason', sa.String(500), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application'))
    )
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_firm_id'), ['firm_id'], unique=False)
        batch_op.create_index('ix_application_lawyer_created', ['lawyer_certificate_no', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_station_code'), ['station_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_status'), ['status'], unique=False)

    op.create_table('law_firm',
    sa.Column('id', sa.String(32), nullable=False),
    sa.Column('name', sa.String(200), nullable=False),
    sa.Column('division', sa.String(6), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_law_firm'))
    )
    op.create_table('registry_person',
    sa.Column('id', sa.String(32), nullable=False),
    sa.Column('kind', sa.String(16), nullable=False),
    sa.Column('region', sa.String(16), nullable=False),
    sa.Column('id_index', sa.String(64), nullable=False),
    sa.Column('name_index', sa.String(64), nullable=False),
    sa.Column('name_ct', sa.LargeBinary(), nullable=False),
    sa.Column('sex_ct', sa.LargeBinary(), nullable=False),
    sa.Column('date_of_birth_ct', sa.LargeBinary(), nullable=False),
    sa.Column('ethnicity_ct', sa.LargeBinary(), nullable=False),
    sa.Column('id_number_ct', sa.LargeBinary(), nullable=False),
    sa.Column('registered_address_ct', sa.LargeBinary(), nullable=False),
    sa.Column('photo_ct', sa.LargeBinary(), nullable=True),
    sa.Column('registration_station_ct', sa.LargeBinary(), nullable=False),
    sa.Column('deregistration_date_ct', sa.LargeBinary(), nullable=True),
    sa.Column('deregistration_reason_ct', sa.LargeBinary(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_person'))
    )
    with op.batch_alter_table('registry_person', schema=None) as batch_op:
        batch_op.create_index('ix_registry_person_id_index', ['id_index'], unique=False)
        batch_op.create_index('ix_registry_person_name_lookup', ['name_index', 'region', 'kind'], unique=False)

    op.create_table('application_material',
    sa.Column('id', sa.String(32), nullable=False),
    sa.Column('application_id', sa.String(32), nullable=False),
    sa.Column('kind', sa.String(32), nullable=False),
    sa.Column('sha256', sa.String(64), nullable=False),
    sa.Column('filename', sa.String(200), nullable=True),
    sa.Column('media_type', sa.String(100), nullable=True),
    sa.Column('size_bytes', sa.Integer(), nullable=True),
    sa.Column('sealed', sa.Boolean(), nullable=False),
    sa.Column('states_purpose', sa.Boolean(), nullable=False),
    sa.Column('named_persons_ct', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_application_material_application_id_application')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_material'))
    )
    with op.batch_alter_table('application_material', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_material_application_id'), ['application_id'], unique=False)

    op.create_table('application_person',
    sa.Column('id', sa.String(32), nullable=False),
    sa.Column('application_id', sa.String(32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name_ct', sa.LargeBinary(), nullable=False),
    sa.Column('id_number_ct', sa.LargeBinary(), nullable=True),
    sa.Column('name_masked', sa.String(64), nullable=False),
    sa.Column('id_number_masked', sa.String(18), nullable=True),
    sa.Column('outcome', sa.String(16), nullable=True),
    sa.Column('record_id', sa.String(32), nullable=True),
    sa.Column('result_ct', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_application_person_application_id_application')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_person'))
    )
    with op.batch_alter_table('application_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_person_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_person_record_id'), ['record_id'], unique=False)

    op.create_table('bar_lawyer',
    sa.Column('certificate_no', sa.String(17), nullable=False),
    sa.Column('name', sa.String(64), nullable=False),
    sa.Column('firm_id', sa.String(32), nullable=False),
    sa.Column('status', sa.String(16), nullable=False),
    sa.Column('status_since', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['firm_id'], ['law_firm.id'], name=op.f('fk_bar_lawyer_firm_id_law_firm')),
    sa.PrimaryKeyConstraint('certificate_no', name=op.f('pk_bar_lawyer'))
    )
    op.create_table('print_event',
    sa.Column('id', sa.String(32), nullable=False),
    sa.Column('application_id', sa.String(32), nullable=False),
    sa.Column('document', sa.String(32), nullable=False),
    sa.Column('copy_number', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.String(64), nullable=False),
    sa.Column('reason', sa.String(500), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_print_event_application_id_application')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_event'))
    )
    with op.batch_alter_table('print_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_print_event_application_id'), ['application_id'], unique=False)

    op.create_table('registry_access',
    sa.Column('id', sa.String(32), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('application_id', sa.String(32), nullable=False),
    sa.Column('station_code', sa.String(16), nullable=False),
    sa.Column('officer_id', sa.String(64), nullable=False),
    sa.Column('client_id', sa.String(128), nullable=False),
    sa.Column('lawyer_certificate_no', sa.String(17), nullable=False),
    sa.Column('firm_id', sa.String(32), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('query_index', sa.String(64), nullable=False),
    sa.Column('record_id', sa.String(32), nullable=True),
    sa.Column('outcome', sa.String(16), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('audit_seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_registry_access_application_id_application')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_access'))
    )
    with op.batch_alter_table('registry_access', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registry_access_application_id'), ['application_id'], unique=False)
        batch_op.create_index('ix_registry_access_firm_at', ['firm_id', 'at'], unique=False)
        batch_op.create_index('ix_registry_access_lawyer_at', ['lawyer_certificate_no', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_registry_access_officer_id'), ['officer_id'], unique=False)
        batch_op.create_index('ix_registry_access_query_index', ['query_index'], unique=False)
        batch_op.create_index('ix_registry_access_record_at', ['record_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_registry_access_station_code'), ['station_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('registry_access', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registry_access_station_code'))
        batch_op.drop_index('ix_registry_access_record_at')
        batch_op.drop_index('ix_registry_access_query_index')
        batch_op.drop_index(batch_op.f('ix_registry_access_officer_id'))
        batch_op.drop_index('ix_registry_access_lawyer_at')
        batch_op.drop_index('ix_registry_access_firm_at')
        batch_op.drop_index(batch_op.f('ix_registry_access_application_id'))

    op.drop_table('registry_access')
    with op.batch_alter_table('print_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_print_event_application_id'))

    op.drop_table('print_event')
    op.drop_table('bar_lawyer')
    with op.batch_alter_table('application_person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_person_record_id'))
        batch_op.drop_index(batch_op.f('ix_application_person_application_id'))

    op.drop_table('application_person')
    with op.batch_alter_table('application_material', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_material_application_id'))

    op.drop_table('application_material')
    with op.batch_alter_table('registry_person', schema=None) as batch_op:
        batch_op.drop_index('ix_registry_person_name_lookup')
        batch_op.drop_index('ix_registry_person_id_index')

    op.drop_table('registry_person')
    op.drop_table('law_firm')
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_status'))
        batch_op.drop_index(batch_op.f('ix_application_station_code'))
        batch_op.drop_index('ix_application_lawyer_created')
        batch_op.drop_index(batch_op.f('ix_application_firm_id'))

    op.drop_table('application')
    drop_kit_tables()
