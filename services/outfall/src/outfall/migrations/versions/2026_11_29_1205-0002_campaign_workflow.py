"""campaign workflow: surveys, tests, lab tasks, tracing, remediation, standardisation,
annual reports, tip-offs, code counters

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 12:00:50.639375
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('outfall_code_counter',
    sa.Column('prefix', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.Column('last_serial', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', name=op.f('pk_outfall_code_counter'))
    )
    op.create_table('tip_off',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('location', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('contact', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tip_off'))
    )
    with op.batch_alter_table('tip_off', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tip_off_status'), ['status'], unique=False)

    op.create_table('annual_report',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('outfall_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('usage', sa.Text(), nullable=False),
    sa.Column('monitoring', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['outfall_id'], ['outfall.id'], name=op.f('fk_annual_report_outfall_id_outfall')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annual_report')),
    sa.UniqueConstraint('outfall_id', 'year', name='uq_annual_report_outfall_year')
    )
    with op.batch_alter_table('annual_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annual_report_outfall_id'), ['outfall_id'], unique=False)

    op.create_table('attachment',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('outfall_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['outfall_id'], ['outfall.id'], name=op.f('fk_attachment_outfall_id_outfall')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_outfall_id'), ['outfall_id'], unique=False)

    op.create_table('lab_task',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('outfall_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('rapid_test_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('result_test_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.ForeignKeyConstraint(['outfall_id'], ['outfall.id'], name=op.f('fk_lab_task_outfall_id_outfall')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lab_task'))
    )
    with op.batch_alter_table('lab_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lab_task_outfall_id'), ['outfall_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lab_task_status'), ['status'], unique=False)

    op.create_table('remediation_plan',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('outfall_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('plan', sa.Text(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('responsible', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('merge_into_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('completion_note', sa.Text(), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['outfall_id'], ['outfall.id'], name=op.f('fk_remediation_plan_outfall_id_outfall')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remediation_plan'))
    )
    with op.batch_alter_table('remediation_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_remediation_plan_outfall_id'), ['outfall_id'], unique=False)

    op.create_table('survey',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('outfall_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('method', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('surveyed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('surveyor', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['outfall_id'], ['outfall.id'], name=op.f('fk_survey_outfall_id_outfall')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey'))
    )
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_outfall_id'), ['outfall_id'], unique=False)

    op.create_table('water_test',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('outfall_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('sampled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sampler', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('ph', sa.Numeric(precision=8, scale=4), nullable=True),
    sa.Column('cod_mg_l', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('nh3n_mg_l', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('tp_mg_l', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('flow_m3_d', sa.Numeric(precision=16, scale=4), nullable=True),
    sa.Column('flow_method', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('abnormal_color', sa.Boolean(), nullable=False),
    sa.Column('abnormal_odor', sa.Boolean(), nullable=False),
    sa.Column('abnormal', sa.Boolean(), nullable=False),
    sa.Column('exceeds', sa.Boolean(), nullable=False),
    sa.Column('exceeds_by_40pct', sa.Boolean(), nullable=False),
    sa.Column('exceedances', sa.Text(), nullable=False),
    sa.Column('lab_task_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['outfall_id'], ['outfall.id'], name=op.f('fk_water_test_outfall_id_outfall')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_water_test'))
    )
    with op.batch_alter_table('water_test', schema=None) as batch_op:
        batch_op.create_index('ix_water_test_outfall_sampled', ['outfall_id', 'sampled_at'], unique=False)

    with op.batch_alter_table('outfall', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subtype', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=True))
        batch_op.add_column(sa.Column('protected_area', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=True))
        batch_op.add_column(sa.Column('survey_level', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('survey_method', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False, server_default='records'))
        batch_op.add_column(sa.Column('needs_level3', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('dismissed_reason', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True))
        batch_op.add_column(sa.Column('party_basis', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('party_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.add_column(sa.Column('party_type', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('party_uscc', sqlmodel.sql.sqltypes.AutoString(length=18), nullable=True))
        batch_op.add_column(sa.Column('party_contact', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.add_column(sa.Column('party_reason', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True))
        batch_op.add_column(sa.Column('discharge_channel', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
        batch_op.add_column(sa.Column('discharging_unit', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
        batch_op.add_column(sa.Column('traced_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('remediation_type', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('remediation_deadline', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('merge_into_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('remediated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('hardware', sa.Text(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('software', sa.Text(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('paper_ledger', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('standardized_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('river_chief_name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('river_chief_level', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('river_section', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.add_column(sa.Column('tests_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('latest_abnormal', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('open_lab_tasks', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('enforcement_flag', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('enforcement_reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
        batch_op.alter_column('category',
               existing_type=sa.VARCHAR(length=32),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_outfall_enforcement_flag'), ['enforcement_flag'], unique=False)
        batch_op.create_index(batch_op.f('ix_outfall_latest_abnormal'), ['latest_abnormal'], unique=False)
        batch_op.create_index(batch_op.f('ix_outfall_merge_into_id'), ['merge_into_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outfall_party_uscc'), ['party_uscc'], unique=False)
        batch_op.create_index(batch_op.f('ix_outfall_water_body_code'), ['water_body_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('outfall', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outfall_water_body_code'))
        batch_op.drop_index(batch_op.f('ix_outfall_party_uscc'))
        batch_op.drop_index(batch_op.f('ix_outfall_merge_into_id'))
        batch_op.drop_index(batch_op.f('ix_outfall_latest_abnormal'))
        batch_op.drop_index(batch_op.f('ix_outfall_enforcement_flag'))
        batch_op.alter_column('category',
               existing_type=sa.VARCHAR(length=32),
               nullable=False)
        batch_op.drop_column('enforcement_reason')
        batch_op.drop_column('enforcement_flag')
        batch_op.drop_column('open_lab_tasks')
        batch_op.drop_column('latest_abnormal')
        batch_op.drop_column('tests_count')
        batch_op.drop_column('river_section')
        batch_op.drop_column('river_chief_level')
        batch_op.drop_column('river_chief_name')
        batch_op.drop_column('standardized_at')
        batch_op.drop_column('paper_ledger')
        batch_op.drop_column('software')
        batch_op.drop_column('hardware')
        batch_op.drop_column('remediated_at')
        batch_op.drop_column('merge_into_id')
        batch_op.drop_column('remediation_deadline')
        batch_op.drop_column('remediation_type')
        batch_op.drop_column('traced_at')
        batch_op.drop_column('discharging_unit')
        batch_op.drop_column('discharge_channel')
        batch_op.drop_column('party_reason')
        batch_op.drop_column('party_contact')
        batch_op.drop_column('party_uscc')
        batch_op.drop_column('party_type')
        batch_op.drop_column('party_name')
        batch_op.drop_column('party_basis')
        batch_op.drop_column('dismissed_reason')
        batch_op.drop_column('needs_level3')
        batch_op.drop_column('survey_method')
        batch_op.drop_column('survey_level')
        batch_op.drop_column('protected_area')
        batch_op.drop_column('subtype')

    with op.batch_alter_table('water_test', schema=None) as batch_op:
        batch_op.drop_index('ix_water_test_outfall_sampled')

    op.drop_table('water_test')
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_outfall_id'))

    op.drop_table('survey')
    with op.batch_alter_table('remediation_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_remediation_plan_outfall_id'))

    op.drop_table('remediation_plan')
    with op.batch_alter_table('lab_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lab_task_status'))
        batch_op.drop_index(batch_op.f('ix_lab_task_outfall_id'))

    op.drop_table('lab_task')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_outfall_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('annual_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annual_report_outfall_id'))

    op.drop_table('annual_report')
    with op.batch_alter_table('tip_off', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tip_off_status'))

    op.drop_table('tip_off')
    op.drop_table('outfall_code_counter')
