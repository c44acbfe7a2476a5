"""Thin HTTP layer for the graduation audit."""

from dataclasses import asdict

from fastapi import APIRouter

from credits.common import READ
from credits.graduation import service
from credits.graduation.schemas import (
    AuditPublic,
    BucketPublic,
    CheckPublic,
    SchoolAuditPublic,
    StudentStanding,
    WhatIf,
)
from credits.models import School, Student
from credits.rules.graduation import TOTAL_MIN, AuditResult, Check
from suitekit.db import SessionDep
from suitekit.identity import Caller
from suitekit.inputs import QueryBool
from suitekit.pagination import CursorQuery, LimitQuery

router = APIRouter(prefix="/v1", tags=["graduation audit"])


def present_check(c: Check) -> CheckPublic:
    return CheckPublic(
        key=c.key,
        clause=c.clause,
        required=c.required,
        earned=c.earned,
        missing=max(c.required - c.earned, 0),
        met=c.met,
    )


def present(student: Student, school: School, result: AuditResult, hypothetical=()) -> AuditPublic:
    notes = []
    if not result.ice_snow_credit:
        notes.append("no ice/snow sports credit yet: one is recommended (表6 注)")
    buckets = [
        BucketPublic(
            key=b.key,
            required=b.required,
            earned=b.earned,
            missing=b.missing,
            lines=[
                {
                    "key": x.key,
                    "label": x.label,
                    "required": x.required,
                    "earned": x.earned,
                    "missing": x.missing,
                    "allocations": [a._asdict() for a in x.allocations],
                }
                for x in b.lines
            ],
        )
        for b in result.buckets
    ]
    return AuditPublic(
        student_id=student.id,
        school_id=school.id,
        variant=result.variant,
        eligible=result.eligible,
        total_required=TOTAL_MIN,
        total_earned=result.total_earned,
        buckets=buckets,
        checks=[present_check(c) for c in result.checks],
        not_counted=[asdict(n) for n in result.not_counted],
        ice_snow_credit=result.ice_snow_credit,
        notes=notes,
        hypothetical=[h.source_id for h in hypothetical],
    )


@router.get("/students/{student_id}/audit", response_model=AuditPublic)
def audit_student(student_id: str, session: SessionDep, caller: Caller = READ) -> AuditPublic:
    """附件1 一(五), 附件4 一1: each bucket required / earned / missing, and the verdict."""
    student, school, result, _ = service.audit_student(
        session=session, student_id=student_id, caller=caller
    )
    return present(student, school, result)


@router.post("/students/{student_id}/audit/what-if", response_model=AuditPublic)
def what_if(
    student_id: str, data: WhatIf, session: SessionDep, caller: Caller = READ
) -> AuditPublic:
    """The audit with hypothetical modules added; nothing is written."""
    student, school, result, hypothetical = service.audit_student(
        session=session,
        student_id=student_id,
        caller=caller,
        what_if_module_ids=data.module_ids,
    )
    return present(student, school, result, hypothetical)


@router.get("/schools/{school_id}/audit", response_model=SchoolAuditPublic)
def audit_school(
    school_id: str,
    session: SessionDep,
    caller: Caller = READ,
    only_short: QueryBool = False,
    limit: LimitQuery = 500,
    cursor: CursorQuery = None,
) -> SchoolAuditPublic:
    school, results, next_cursor = service.audit_school(
        session=session,
        school_id=school_id,
        caller=caller,
        only_short=only_short,
        limit=limit,
        cursor=cursor,
    )
    items = [
        StudentStanding(
            student_id=s.id,
            student_no=s.student_no,
            name=s.name,
            eligible=r.eligible,
            total_earned=r.total_earned,
            shortfalls=[present_check(c) for c in r.shortfalls],
        )
        for s, r in results
    ]
    eligible = sum(1 for i in items if i.eligible)
    return SchoolAuditPublic(
        school_id=school.id,
        students=len(items),
        eligible=eligible,
        short=len(items) - eligible,
        items=items,
        next_cursor=next_cursor,
    )
