"""Tables of the credits service. Nothing here is ever deleted (附件4 三2)."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from suitekit.timeutil import utcnow

CREDITS = sa.Numeric(6, 1)
HOURS = sa.Numeric(8, 1)


class Subject(SQLModel, table=True):
    """The course table (附件1 表1-7), loaded from refdata at every start."""

    code: str = Field(primary_key=True, max_length=8)
    name: str = Field(max_length=32)
    table_ref: str = Field(max_length=32)
    compulsory_credits: Decimal = Field(sa_type=CREDITS)
    range_group: str = Field(max_length=8)
    selective_max: Decimal = Field(sa_type=CREDITS)
    elective_max: Decimal | None = Field(default=None, sa_type=CREDITS)
    variant: str = Field(max_length=16)


class School(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    code: str = Field(unique=True, max_length=32)
    name: str = Field(max_length=200)
    county_code: str = Field(max_length=6, index=True)
    school_type: str = Field(max_length=32)
    arts_mode: str = Field(max_length=32)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)


class Module(SQLModel, table=True):
    """A module: from the city course table (school_id empty) or a school's own course."""

    id: str = Field(primary_key=True, max_length=40)
    school_id: str | None = Field(default=None, foreign_key="school.id", max_length=32, index=True)
    subject_code: str = Field(foreign_key="subject.code", max_length=8, index=True)
    category: str = Field(max_length=24)
    name: str = Field(max_length=200)
    credits: Decimal = Field(sa_type=CREDITS)
    periods: int
    extension: bool = False
    series: str | None = Field(default=None, max_length=32)
    labour_eligible: bool = False
    ice_snow: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class ElectiveOffer(SQLModel, table=True):
    """A school's course-committee vote on opening an elective (附件2 二(二)2)."""

    id: str = Field(primary_key=True, max_length=32)
    school_id: str = Field(foreign_key="school.id", max_length=32, index=True)
    module_id: str = Field(foreign_key="module.id", max_length=40)
    votes_for: int
    committee_size: int
    opened: bool
    created_at: datetime = Field(default_factory=utcnow)


class Student(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    school_id: str = Field(foreign_key="school.id", max_length=32, index=True)
    student_no: str = Field(max_length=32)
    name: str = Field(max_length=64)
    cohort_year: int
    takes_national_exam: bool = True
    status: str = Field(default="active", max_length=16)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)

    __table_args__ = (sa.UniqueConstraint("school_id", "student_no"),)


class Enrollment(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    school_id: str = Field(foreign_key="school.id", max_length=32, index=True)
    student_id: str = Field(foreign_key="student.id", max_length=32, index=True)
    module_id: str = Field(foreign_key="module.id", max_length=40)
    term: str = Field(max_length=16)
    teacher: str = Field(max_length=64)
    kind: str = Field(default="first", max_length=16)  # first / retake / switch
    previous_id: str | None = Field(default=None, max_length=32)
    periods: int
    periods_absent: int = 0
    evaluation_passed: bool | None = None
    exam_passed: bool | None = None
    make_up_passed: bool | None = None
    exempt: bool = False
    outcome: str = Field(default="in_progress", max_length=24)
    closed: bool = False  # superseded by a retake or switch
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)


class Absence(SQLModel, table=True):
    """《学生模块修习缺席登记表》 (附件4 二(二)1(1))."""

    id: str = Field(primary_key=True, max_length=32)
    enrollment_id: str = Field(foreign_key="enrollment.id", max_length=32, index=True)
    on_date: date
    periods: int
    reason: str | None = Field(default=None, max_length=500)
    recorded_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow)


class Exemption(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    enrollment_id: str = Field(foreign_key="enrollment.id", max_length=32, index=True)
    school_id: str = Field(foreign_key="school.id", max_length=32, index=True)
    reason: str = Field(max_length=2000)
    state: str = Field(default="requested", max_length=16)
    decided_by: str | None = Field(default=None, max_length=64)
    decision_note: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)
    decided_at: datetime | None = None


class Recognition(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    enrollment_id: str = Field(foreign_key="enrollment.id", max_length=32, unique=True)
    school_id: str = Field(foreign_key="school.id", max_length=32, index=True)
    student_id: str = Field(foreign_key="student.id", max_length=32, index=True)
    state: str = Field(max_length=24, index=True)
    granted: bool | None = None
    credits: Decimal = Field(default=Decimal(0), sa_type=CREDITS)
    reason: str | None = Field(default=None, max_length=2000)
    signed_by: str | None = Field(default=None, max_length=64)
    publication_id: str | None = Field(default=None, max_length=32)
    published_on: date | None = None
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)


class RecognitionStep(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    recognition_id: str = Field(foreign_key="recognition.id", max_length=32, index=True)
    step: str = Field(max_length=24)
    opinion: str | None = Field(default=None, max_length=16)
    reviewer: str = Field(max_length=64)
    note: str | None = Field(default=None, max_length=2000)
    actor: str = Field(max_length=128)
    at: datetime = Field(default_factory=utcnow)


class Publication(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    school_id: str = Field(foreign_key="school.id", max_length=32, index=True)
    published_on: date
    granted_count: int
    refused_count: int
    created_at: datetime = Field(default_factory=utcnow)


class PublicationLine(SQLModel, table=True):
    """One line of a publication as it was published: a granted credit or a refusal notice
    (附件4 二(三)4); kept so that a school can fetch an earlier list and its notices again."""

    __tablename__ = "publication_line"

    id: str = Field(primary_key=True, max_length=32)
    publication_id: str = Field(foreign_key="publication.id", max_length=32, index=True)
    recognition_id: str = Field(foreign_key="recognition.id", max_length=32, index=True)
    student_id: str = Field(foreign_key="student.id", max_length=32)
    module_id: str = Field(max_length=40)
    granted: bool
    credits: Decimal = Field(default=Decimal(0), sa_type=CREDITS)
    reason: str | None = Field(default=None, max_length=2000)
    remedies: str | None = Field(default=None, max_length=200)  # "retake,switch"
    via_appeal: bool = False


class Appeal(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    recognition_id: str = Field(foreign_key="recognition.id", max_length=32, index=True)
    school_id: str = Field(foreign_key="school.id", max_length=32, index=True)
    appellant_student_id: str = Field(foreign_key="student.id", max_length=32)
    received_on: date
    reason: str = Field(max_length=2000)
    state: str = Field(default="received", max_length=16)
    outcome: str | None = Field(default=None, max_length=16)
    decided_on: date | None = None
    decided_late: bool = False
    decision: str | None = Field(default=None, max_length=2000)
    guidance: str | None = Field(default=None, max_length=200)
    explained_in_person: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class Activity(SQLModel, table=True):
    """Research projects, social practice and volunteer service (附件4 二(二)2-3)."""

    id: str = Field(primary_key=True, max_length=32)
    school_id: str = Field(foreign_key="school.id", max_length=32, index=True)
    student_id: str = Field(foreign_key="student.id", max_length=32, index=True)
    kind: str = Field(max_length=24)
    title: str = Field(max_length=200)
    occurred_on: date
    hours: Decimal = Field(default=Decimal(0), sa_type=HOURS)
    interdisciplinary: bool = False
    evidence: str = Field(default="", max_length=200)  # proposal,records,materials,outcome
    outside_class_time: bool = True
    host_organisation: str | None = Field(default=None, max_length=200)
    host_confirmation: str | None = Field(default=None, max_length=200)
    recorded_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow)


class TransferCredit(SQLModel, table=True):
    """Credits from another school, province, university or vocational school (二(四)5-6)."""

    id: str = Field(primary_key=True, max_length=32)
    school_id: str = Field(foreign_key="school.id", max_length=32, index=True)
    student_id: str = Field(foreign_key="student.id", max_length=32, index=True)
    origin: str = Field(max_length=24)
    origin_school: str = Field(max_length=200)
    original_course: str = Field(max_length=200)
    subject_code: str = Field(foreign_key="subject.code", max_length=8)
    category: str = Field(max_length=24)
    credits: Decimal = Field(sa_type=CREDITS)
    extension: bool = False
    labour_eligible: bool = False
    approval_ref: str | None = Field(default=None, max_length=100)
    mapping_note: str | None = Field(default=None, max_length=1000)
    recorded_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow)


class SelectionRound(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    school_id: str = Field(foreign_key="school.id", max_length=32, index=True)
    cohort_year: int
    hesitation_until: date
    class_size: int
    created_at: datetime = Field(default_factory=utcnow)


class Selection(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    round_id: str = Field(foreign_key="selectionround.id", max_length=32, index=True)
    school_id: str = Field(foreign_key="school.id", max_length=32, index=True)
    student_id: str = Field(foreign_key="student.id", max_length=32)
    subjects: str = Field(max_length=32)  # "WL+HX+SW"
    requested_subjects: str | None = Field(default=None, max_length=32)
    state: str = Field(max_length=24)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)

    __table_args__ = (sa.UniqueConstraint("round_id", "student_id"),)


class IntegrityRecord(SQLModel, table=True):
    """诚信档案 of teachers and committee members (附件4 三1)."""

    id: str = Field(primary_key=True, max_length=32)
    school_id: str = Field(foreign_key="school.id", max_length=32, index=True)
    person: str = Field(max_length=64, index=True)
    role: str = Field(max_length=32)
    finding: str = Field(max_length=2000)
    recorded_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow)


class Timetable(SQLModel, table=True):
    """A weekly walking-class timetable built from a selection round (附件3 四)."""

    id: str = Field(primary_key=True, max_length=32)
    school_id: str = Field(foreign_key="school.id", max_length=32, index=True)
    round_id: str = Field(foreign_key="selectionround.id", max_length=32)
    days: int
    periods_per_day: int
    solver_status: str = Field(max_length=16)
    solver_seconds: float
    created_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow)


class TeachingClassRow(SQLModel, table=True):
    __tablename__ = "teaching_class"

    id: str = Field(primary_key=True, max_length=40)
    timetable_id: str = Field(foreign_key="timetable.id", max_length=32, index=True)
    code: str = Field(max_length=16)
    subject_code: str = Field(max_length=8)
    teacher: str = Field(max_length=64)


class ClassMember(SQLModel, table=True):
    __tablename__ = "teaching_class_member"

    class_id: str = Field(foreign_key="teaching_class.id", primary_key=True, max_length=40)
    student_id: str = Field(foreign_key="student.id", primary_key=True, max_length=32)


class ClassMeeting(SQLModel, table=True):
    __tablename__ = "teaching_class_meeting"

    class_id: str = Field(foreign_key="teaching_class.id", primary_key=True, max_length=40)
    day: int = Field(primary_key=True)
    period: int = Field(primary_key=True)
    room: str = Field(max_length=32)
