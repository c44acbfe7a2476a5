"""Tables of the outfall register (the city's single ledger, kept >= 5 years: §五(四))."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import DateTime, Index, LargeBinary, Numeric, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from suitekit.timeutil import utcnow

TZ = DateTime(timezone=True)


class Jurisdiction(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=16)
    name: str = Field(max_length=64)
    kind: str = Field(max_length=32)


class Outfall(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    code: str = Field(unique=True, max_length=64)
    name: str = Field(max_length=200)
    jurisdiction_code: str = Field(foreign_key="jurisdiction.code", max_length=16, index=True)
    water_body_name: str = Field(max_length=100)
    water_body_code: str = Field(max_length=32, index=True)
    longitude: float
    latitude: float
    address: str | None = Field(default=None, max_length=300)
    category: str | None = Field(default=None, max_length=32, index=True)
    subtype: str | None = Field(default=None, max_length=48)
    protected_area: str | None = Field(default=None, max_length=48)
    remarks: str | None = Field(default=None, max_length=2000)
    status: str = Field(max_length=32, index=True)
    survey_level: int
    survey_method: str = Field(max_length=48)
    needs_level3: bool = False
    dismissed_reason: str | None = Field(default=None, max_length=2000)
    # responsible party (§五(二))
    party_basis: str | None = Field(default=None, max_length=32)
    party_name: str | None = Field(default=None, max_length=200)
    party_type: str | None = Field(default=None, max_length=32)
    party_uscc: str | None = Field(default=None, max_length=18, index=True)
    party_contact: str | None = Field(default=None, max_length=200)
    party_reason: str | None = Field(default=None, max_length=2000)
    discharge_channel: str | None = Field(default=None, max_length=300)
    discharging_unit: str | None = Field(default=None, max_length=300)
    traced_at: datetime | None = Field(default=None, sa_type=TZ)
    # difficult and complex (疑难复杂): traced by the later milestone (§三3)
    difficult: bool = False
    difficult_reason: str | None = Field(default=None, max_length=1000)
    difficult_marked_by: str | None = Field(default=None, max_length=128)
    difficult_marked_at: datetime | None = Field(default=None, sa_type=TZ)
    # remediation (§五(三))
    remediation_type: str | None = Field(default=None, max_length=16)
    remediation_deadline: date | None = None
    merge_into_id: str | None = Field(default=None, max_length=32, index=True)
    remediated_at: datetime | None = Field(default=None, sa_type=TZ)
    # standardisation (§五(四)); JSON lists of checklist keys
    hardware: str = Field(default="[]", sa_type=Text)
    software: str = Field(default="[]", sa_type=Text)
    paper_ledger: bool = False
    standardized_at: datetime | None = Field(default=None, sa_type=TZ)
    # river / lake chief (§六(一))
    river_chief_name: str | None = Field(default=None, max_length=64)
    river_chief_level: str | None = Field(default=None, max_length=16)
    river_section: str | None = Field(default=None, max_length=200)
    # monitoring summary, kept current by each test
    tests_count: int = 0
    latest_abnormal: bool | None = None
    open_lab_tasks: int = 0
    enforcement_flag: bool = False
    enforcement_reason: str | None = Field(default=None, max_length=300)
    # JSON: the last tests by sampling time, newest first (rules.enforcement.merge_recent)
    recent_tests: str = Field(default="[]", sa_type=Text)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow, sa_type=TZ)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=TZ)


class CodeCounter(SQLModel, table=True):
    """Last serial used under each code prefix: serials only ever grow (never reused)."""

    __tablename__ = "outfall_code_counter"

    prefix: str = Field(primary_key=True, max_length=48)
    last_serial: int


class Attachment(SQLModel, table=True):
    """Photo or document metadata; the file itself lives elsewhere."""

    id: str = Field(primary_key=True, max_length=32)
    outfall_id: str = Field(foreign_key="outfall.id", max_length=32, index=True)
    file_name: str = Field(max_length=255)
    sha256: str = Field(max_length=64)
    taken_at: datetime | None = Field(default=None, sa_type=TZ)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TZ)


class Survey(SQLModel, table=True):
    """One survey record (§五(一)1): the registering one and every follow-up."""

    id: str = Field(primary_key=True, max_length=32)
    outfall_id: str = Field(foreign_key="outfall.id", max_length=32, index=True)
    level: int
    method: str = Field(max_length=48)
    outcome: str = Field(max_length=16)
    surveyed_at: datetime = Field(sa_type=TZ)
    surveyor: str | None = Field(default=None, max_length=100)
    reason: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TZ)


class WaterTest(SQLModel, table=True):
    """A rapid field test or a laboratory result (§五(一)2), evaluated by the same limits."""

    __tablename__ = "water_test"
    __table_args__ = (Index("ix_water_test_outfall_sampled", "outfall_id", "sampled_at"),)

    id: str = Field(primary_key=True, max_length=32)
    outfall_id: str = Field(foreign_key="outfall.id", max_length=32)
    kind: str = Field(max_length=8)  # rapid | lab
    sampled_at: datetime = Field(sa_type=TZ)
    sampler: str | None = Field(default=None, max_length=100)
    ph: Decimal | None = Field(default=None, sa_type=Numeric(8, 4))
    cod_mg_l: Decimal | None = Field(default=None, sa_type=Numeric(14, 4))
    nh3n_mg_l: Decimal | None = Field(default=None, sa_type=Numeric(14, 4))
    tp_mg_l: Decimal | None = Field(default=None, sa_type=Numeric(14, 4))
    flow_m3_d: Decimal | None = Field(default=None, sa_type=Numeric(16, 4))
    flow_method: str | None = Field(default=None, max_length=16)
    abnormal_color: bool = False
    abnormal_odor: bool = False
    abnormal: bool
    exceeds: bool  # any limit exceeded (chronic count)
    exceeds_by_40pct: bool  # any limit exceeded by >= 40 % (magnitude count)
    exceedances: str = Field(default="[]", sa_type=Text)
    lab_task_id: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TZ)


class LabTask(SQLModel, table=True):
    """Manual sampling and laboratory analysis after an abnormal rapid test (HJ 91.1-2019)."""

    __tablename__ = "lab_task"

    id: str = Field(primary_key=True, max_length=32)
    outfall_id: str = Field(foreign_key="outfall.id", max_length=32, index=True)
    rapid_test_id: str = Field(max_length=32)
    status: str = Field(default="open", max_length=16, index=True)  # open | completed
    reason: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TZ)
    completed_at: datetime | None = Field(default=None, sa_type=TZ)
    result_test_id: str | None = Field(default=None, max_length=32)


class RemediationPlan(SQLModel, table=True):
    """A remediation plan (§五(三)); revised plans are kept, superseded."""

    __tablename__ = "remediation_plan"

    id: str = Field(primary_key=True, max_length=32)
    outfall_id: str = Field(foreign_key="outfall.id", max_length=32, index=True)
    type: str = Field(max_length=16)
    plan: str = Field(sa_type=Text)
    deadline: date
    responsible: str = Field(max_length=200)
    merge_into_id: str | None = Field(default=None, max_length=32)
    status: str = Field(default="planned", max_length=16)  # planned | superseded | completed
    evidence: str = Field(default="[]", sa_type=Text)
    completion_note: str | None = Field(default=None, sa_type=Text)
    completed_at: datetime | None = Field(default=None, sa_type=TZ)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TZ)


class AnnualReport(SQLModel, table=True):
    """Previous year's use and monitoring, due by 31 January (§五(四))."""

    __tablename__ = "annual_report"
    __table_args__ = (UniqueConstraint("outfall_id", "year", name="uq_annual_report_outfall_year"),)

    id: str = Field(primary_key=True, max_length=32)
    outfall_id: str = Field(foreign_key="outfall.id", max_length=32, index=True)
    year: int
    usage: str = Field(sa_type=Text)
    monitoring: str = Field(sa_type=Text)
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=TZ)
    late: bool = False


class TipOff(SQLModel, table=True):
    """A public tip-off (§六(七) 公众监督举报); the contact is never shown publicly."""

    __tablename__ = "tip_off"
    __table_args__ = (Index("ix_tip_off_source_hash_created_at", "source_hash", "created_at"),)

    id: str = Field(primary_key=True, max_length=32)
    longitude: float | None = None
    latitude: float | None = None
    location: str = Field(max_length=300)
    description: str = Field(sa_type=Text)
    contact: str | None = Field(default=None, max_length=200)
    status: str = Field(default="received", max_length=16, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TZ)
    outfall_code: str | None = Field(default=None, max_length=64)
    photo: bytes | None = Field(default=None, sa_type=LargeBinary)
    photo_type: str | None = Field(default=None, max_length=32)
    # sha256 of the sender's address with a per-deployment salt: the rate limit, not a trace
    source_hash: str | None = Field(default=None, max_length=64)
    forwarded_to: str | None = Field(default=None, max_length=200)
    forwarded_at: datetime | None = Field(default=None, sa_type=TZ)
    handled_note: str | None = Field(default=None, sa_type=Text)
    handled_at: datetime | None = Field(default=None, sa_type=TZ)
