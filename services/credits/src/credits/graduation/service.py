"""Loading a student's (or a whole school's) recognised credits and auditing them."""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from credits.common import get_school, get_student, invalid
from credits.models import (
    Activity,
    Enrollment,
    Module,
    Recognition,
    School,
    Student,
    TransferCredit,
)
from credits.refdata import course_table
from credits.rules.activities import (
    RESEARCH_CREDITS_PER_PROJECT,
    ActivityKind,
    social_practice_credits,
    volunteer_credits,
)
from credits.rules.course_table import ArtsMode, Category, SchoolType
from credits.rules.graduation import AuditResult, CreditItem, audit
from suitekit.identity import Caller
from suitekit.pagination import paginate

RowSet = dict[str, list[Any]]
CATEGORIES = {c.value: c for c in Category}
AGGREGATE_WORK_MEM = "64MB"
EVIDENCE_COMPLETE = "proposal,records,materials,outcome"


def load_rows(session: Session, *, school_id: str, student_ids: list[str] | None = None) -> RowSet:
    """The rows an audit rests on: granted recognitions, transfers and activities."""
    recognised = (
        select(
            Recognition.id,
            Recognition.student_id,
            Recognition.credits,
            Module.subject_code,
            Module.category,
            Module.name,
            Module.extension,
            Module.series,
            Module.labour_eligible,
            Module.ice_snow,
        )
        .join(Enrollment, col(Enrollment.id) == Recognition.enrollment_id)
        .join(Module, col(Module.id) == Enrollment.module_id)
        .where(Recognition.school_id == school_id, col(Recognition.granted).is_(True))
    )
    transfers = select(
        TransferCredit.id,
        TransferCredit.student_id,
        TransferCredit.credits,
        TransferCredit.subject_code,
        TransferCredit.category,
        TransferCredit.original_course,
        TransferCredit.extension,
        TransferCredit.labour_eligible,
    ).where(TransferCredit.school_id == school_id)
    activities = select(
        Activity.id,
        Activity.student_id,
        Activity.kind,
        Activity.title,
        Activity.hours,
        Activity.evidence,
        Activity.outside_class_time,
        Activity.host_confirmation,
    ).where(Activity.school_id == school_id)
    if student_ids is not None:
        recognised = recognised.where(col(Recognition.student_id).in_(student_ids))
        transfers = transfers.where(col(TransferCredit.student_id).in_(student_ids))
        activities = activities.where(col(Activity.student_id).in_(student_ids))
    return {
        "recognised": list(session.connection().execute(recognised).all()),
        "transfers": list(session.connection().execute(transfers).all()),
        "activities": list(session.connection().execute(activities).all()),
    }


def _activity_items(student_id: str, rows: Iterable[Any]) -> list[CreditItem]:
    items: list[CreditItem] = []
    social = volunteer = Decimal(0)
    C = Category.compulsory
    for a in rows:
        if a.kind == ActivityKind.research_project and a.evidence == EVIDENCE_COMPLETE:
            items.append(
                CreditItem(
                    a.id, "research_project", "ZHSJ", C, RESEARCH_CREDITS_PER_PROJECT, a.title
                )
            )
        elif a.kind == ActivityKind.social_practice:
            social += a.hours
        elif (
            a.kind == ActivityKind.volunteer_service
            and a.outside_class_time
            and a.host_confirmation
        ):
            volunteer += a.hours
    if social_practice_credits(social):
        items.append(
            CreditItem(
                f"{student_id}:social_practice",
                "social_practice",
                "ZHSJ",
                C,
                social_practice_credits(social),
                f"社会实践 {social} 小时",
            )
        )
    if volunteer_credits(volunteer):
        items.append(
            CreditItem(
                f"{student_id}:volunteer_service",
                "volunteer_service",
                "LD",
                C,
                volunteer_credits(volunteer),
                f"志愿服务 {volunteer} 小时",
            )
        )
    return items


def items_by_student(rows: RowSet) -> dict[str, list[CreditItem]]:
    items: dict[str, list[CreditItem]] = defaultdict(list)
    for r in rows["recognised"]:
        items[r.student_id].append(
            CreditItem(
                r.id,
                "module",
                r.subject_code,
                Category(r.category),
                Decimal(r.credits),
                r.name,
                r.extension,
                r.series,
                r.labour_eligible,
                r.ice_snow,
            )
        )
    for t in rows["transfers"]:
        items[t.student_id].append(
            CreditItem(
                t.id,
                "transfer",
                t.subject_code,
                Category(t.category),
                Decimal(t.credits),
                t.original_course,
                t.extension,
                None,
                t.labour_eligible,
            )
        )
    activities: dict[str, list[Any]] = defaultdict(list)
    for a in rows["activities"]:
        activities[a.student_id].append(a)
    for student_id, acts in activities.items():
        items[student_id] += _activity_items(student_id, acts)
    return items


def run_audit(school: School, items: list[CreditItem]) -> AuditResult:
    return audit(
        items,
        course_table=course_table(),
        school_type=SchoolType(school.school_type),
        arts_mode=ArtsMode(school.arts_mode),
    )


def audit_student(
    *,
    session: Session,
    student_id: str,
    caller: Caller,
    what_if_module_ids: list[str] | None = None,
):
    student, school = get_student(session, caller, student_id)
    rows = load_rows(session, school_id=school.id, student_ids=[student.id])
    items = items_by_student(rows).get(student.id, [])
    hypothetical = []
    for n, module_id in enumerate(what_if_module_ids or []):
        module = session.get(Module, module_id)
        if module is None or module.school_id not in (None, school.id):
            raise invalid(f"body.module_ids.{n}", f"unknown module {module_id}")
        hypothetical.append(
            CreditItem(
                f"what-if:{n}:{module.id}",
                "hypothetical",
                module.subject_code,
                Category(module.category),
                module.credits,
                f"(what-if) {module.name}",
                module.extension,
                module.series,
                module.labour_eligible,
                module.ice_snow,
            )
        )
    return student, school, run_audit(school, items + hypothetical), hypothetical


def audit_school(
    *,
    session: Session,
    school_id: str,
    caller: Caller,
    only_short: bool,
    limit: int,
    cursor: str | None,
):
    """Every student of the school: who meets the graduation rules, who is short of what."""
    school = get_school(session, caller, school_id)
    statement = select(Student).where(Student.school_id == school.id)
    students, next_cursor = paginate(
        session, statement, key=Student.id, key_of=lambda s: s.id, limit=limit, cursor=cursor
    )
    by_student = load_aggregates(session, school_id=school.id, student_ids=[s.id for s in students])
    results = [(s, run_audit(school, by_student.get(s.id, []))) for s in students]
    if only_short:
        results = [(s, r) for s, r in results if not r.eligible]
    return school, results, next_cursor


def load_aggregates(
    session: Session, *, school_id: str, student_ids: list[str] | None = None
) -> dict[str, list[CreditItem]]:
    """Per student, the credit sources summed in the database by what the audit tells
    apart (see rules.graduation.aggregate): enough for verdicts and shortfalls."""
    labour_rec = case((col(Module.labour_eligible), Recognition.id), else_=None)
    recognised = (
        select(
            Recognition.student_id,
            Module.subject_code,
            Module.category,
            Module.extension,
            Module.series,
            Module.ice_snow,
            labour_rec,
            func.sum(Recognition.credits),
        )
        .join(Enrollment, col(Enrollment.id) == Recognition.enrollment_id)
        .join(Module, col(Module.id) == Enrollment.module_id)
        .where(Recognition.school_id == school_id, col(Recognition.granted).is_(True))
        .group_by(
            Recognition.student_id,
            Module.subject_code,
            Module.category,
            Module.extension,
            Module.series,
            Module.ice_snow,
            labour_rec,
        )
    )
    labour_tr = case((col(TransferCredit.labour_eligible), TransferCredit.id), else_=None)
    transfers = (
        select(
            TransferCredit.student_id,
            TransferCredit.subject_code,
            TransferCredit.category,
            TransferCredit.extension,
            labour_tr,
            func.sum(TransferCredit.credits),
        )
        .where(TransferCredit.school_id == school_id)
        .group_by(
            TransferCredit.student_id,
            TransferCredit.subject_code,
            TransferCredit.category,
            TransferCredit.extension,
            labour_tr,
        )
    )
    counted = (col(Activity.kind) != ActivityKind.volunteer_service.value) | (
        col(Activity.outside_class_time).is_(True)
        & (func.coalesce(Activity.host_confirmation, "") != "")
    )
    complete = case((col(Activity.evidence) == EVIDENCE_COMPLETE, 1), else_=0)
    activities = (
        select(Activity.student_id, Activity.kind, func.sum(Activity.hours), func.sum(complete))
        .where(Activity.school_id == school_id, counted)
        .group_by(Activity.student_id, Activity.kind)
    )
    if student_ids is not None:
        recognised = recognised.where(col(Recognition.student_id).in_(student_ids))
        transfers = transfers.where(col(TransferCredit.student_id).in_(student_ids))
        activities = activities.where(col(Activity.student_id).in_(student_ids))
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # the grouping of a whole school's records sorts in memory instead of spilling to disk
        connection.exec_driver_sql(f"SET LOCAL work_mem = '{AGGREGATE_WORK_MEM}'")
    items: dict[str, list[CreditItem]] = defaultdict(list)
    for (
        sid,
        subject,
        category,
        ext,
        series,
        ice,
        labour_id,
        credits,
    ) in session.connection().execute(recognised):
        source = labour_id or f"m|{subject}|{category}|{ext}|{series}|{ice}"
        items[sid].append(
            CreditItem(
                source,
                "module",
                subject,
                CATEGORIES[category],
                credits,
                "",
                ext,
                series,
                labour_id is not None,
                ice,
            )
        )
    for sid, subject, category, ext, labour_id, credits in session.connection().execute(transfers):
        source = labour_id or f"t|{subject}|{category}|{ext}"
        items[sid].append(
            CreditItem(
                source,
                "transfer",
                subject,
                CATEGORIES[category],
                credits,
                "",
                ext,
                None,
                labour_id is not None,
            )
        )
    C = Category.compulsory
    for sid, kind, hours, projects in session.connection().execute(activities):
        if kind == ActivityKind.research_project and projects:
            items[sid].append(
                CreditItem(
                    f"{sid}:research",
                    "research_project",
                    "ZHSJ",
                    C,
                    RESEARCH_CREDITS_PER_PROJECT * projects,
                )
            )
        elif kind == ActivityKind.social_practice and social_practice_credits(hours):
            items[sid].append(
                CreditItem(
                    f"{sid}:social_practice",
                    "social_practice",
                    "ZHSJ",
                    C,
                    social_practice_credits(hours),
                )
            )
        elif kind == ActivityKind.volunteer_service and volunteer_credits(hours):
            items[sid].append(
                CreditItem(
                    f"{sid}:volunteer_service",
                    "volunteer_service",
                    "LD",
                    C,
                    volunteer_credits(hours),
                )
            )
    return items


def audit_all_students(session: Session, school: School) -> list[tuple[str, AuditResult]]:
    """The whole school in one pass: three grouped queries, then the pure audit per student."""
    student_ids = session.exec(select(Student.id).where(Student.school_id == school.id)).all()
    by_student = load_aggregates(session, school_id=school.id)
    return [(sid, run_audit(school, by_student.get(sid, []))) for sid in student_ids]
