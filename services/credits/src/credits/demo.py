"""Demo data for `make run`: two schools, a handful of students with real records.

The course table itself (tables 1-7, a module per content item) is reference data loaded
at every start; this adds schools, students and their recognised modules so the audit,
the publication list and the school audit have something to show.
"""

from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session, select

from credits.demo_records import complete_record
from credits.models import (
    Activity,
    Enrollment,
    Module,
    Recognition,
    RecognitionStep,
    School,
    Student,
)
from credits.refdata import course_table
from credits.reference import catalogue_module_id
from credits.rules.course_table import Category, SchoolType
from credits.rules.graduation import CreditItem
from credits.rules.recognition import RecognitionState
from suitekit.timeutil import utcnow

DEMO_SCHOOLS = [
    ("sch_demo_mdj1", "MDJ-01", "牡丹江市第一高级中学", "231002", SchoolType.provincial_model),
    ("sch_demo_korean", "MDJ-KR", "牡丹江市朝鲜族中学", "231003", SchoolType.korean_ethnic),
]
STEPS = ("teacher", "group", "office", "committee")


def _module_id(item: CreditItem) -> str:
    subject, category, index = item.source_id.split("-")
    full = next(c for c in Category if c.value.startswith(category))
    return catalogue_module_id(subject, full, int(index))


def _recognise(session: Session, student: Student, item: CreditItem, n: int) -> None:
    module = session.get(Module, _module_id(item))
    enrollment = Enrollment(
        id=f"enr_{student.id}_{n}",
        school_id=student.school_id,
        student_id=student.id,
        module_id=module.id,
        term="2021-1",
        teacher="demo-teacher",
        periods=module.periods,
        evaluation_passed=True,
        exam_passed=True,
        outcome="credit_eligible",
    )
    session.add(enrollment)
    recognition = Recognition(
        id=f"rec_{student.id}_{n}",
        enrollment_id=enrollment.id,
        school_id=student.school_id,
        student_id=student.id,
        state=RecognitionState.granted.value,
        granted=True,
        credits=module.credits,
        signed_by="demo-head",
    )
    session.add(recognition)
    for k, step in enumerate(STEPS):
        session.add(
            RecognitionStep(
                id=f"rs_{student.id}_{n}_{k}",
                recognition_id=recognition.id,
                step=step,
                opinion="grant",
                reviewer=f"demo-{step}",
                actor="demo-seed",
            )
        )


def _activities(session: Session, student: Student) -> None:
    day = date(2021, 10, 1)
    for k in (1, 2):
        session.add(
            Activity(
                id=f"act_{student.id}_r{k}",
                school_id=student.school_id,
                student_id=student.id,
                kind="research_project",
                title=f"跨学科课题 {k}",
                occurred_on=day + timedelta(days=90 * k),
                interdisciplinary=True,
                evidence="proposal,records,materials,outcome",
                recorded_by="demo-seed",
            )
        )
    session.add(
        Activity(
            id=f"act_{student.id}_s",
            school_id=student.school_id,
            student_id=student.id,
            kind="social_practice",
            title="军训与社会考察",
            occurred_on=day,
            hours=Decimal(40),
            recorded_by="demo-seed",
        )
    )
    session.add(
        Activity(
            id=f"act_{student.id}_v",
            school_id=student.school_id,
            student_id=student.id,
            kind="volunteer_service",
            title="社区志愿服务",
            occurred_on=day,
            hours=Decimal(42),
            host_organisation="牡丹江市某社区",
            host_confirmation="社区盖章 2022-001",
            recorded_by="demo-seed",
        )
    )


def seed_demo(session: Session) -> None:
    if session.exec(select(School).limit(1)).first() is not None:
        return
    for school_id, code, name, county, school_type in DEMO_SCHOOLS:
        session.add(
            School(
                id=school_id,
                code=code,
                name=name,
                county_code=county,
                school_type=school_type.value,
                arts_mode="music_and_fine_art",
            )
        )
        for k in range(1, 4):
            student = Student(
                id=f"stu_{code.lower()}_{k}",
                school_id=school_id,
                student_no=f"{code}-2020-{k:03d}",
                name=f"演示学生{k}",
                cohort_year=2020,
                created_at=utcnow(),
            )
            session.add(student)
            record = complete_record(course_table(), school_type)
            modules = [i for i in record if i.source_kind == "module"]
            if k == 3:  # the third student is short: 4 modules not yet recognised
                modules = modules[:-4]
            for n, item in enumerate(modules):
                _recognise(session, student, item, n)
            _activities(session, student)
