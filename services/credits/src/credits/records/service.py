"""Use cases for activities and transferred credits."""

from decimal import Decimal

from sqlmodel import Session, select

from credits.common import audit_scope, get_student, invalid
from credits.models import Activity, Subject, TransferCredit
from credits.records.schemas import ActivityCreate, TransferCreate
from credits.rules.activities import ActivityKind, ResearchEvidence
from credits.rules.transfers import (
    transfer_needs_committee_approval,
    transfer_needs_mapping,
)
from suitekit import audit
from suitekit.identity import Caller
from suitekit.timeutil import new_id

EVIDENCE_ORDER = ("proposal", "records", "materials", "outcome")


def evidence_of(activity: Activity) -> ResearchEvidence:
    present = set(activity.evidence.split(",")) if activity.evidence else set()
    return ResearchEvidence(*(name in present for name in EVIDENCE_ORDER))


def research_completed(activity: Activity) -> bool:
    """附件4 二(二)2(1): proposal, records, materials and outcome make a completed project."""
    return activity.kind == ActivityKind.research_project and not evidence_of(activity).missing()


def volunteer_hours_count(activity: Activity) -> bool:
    """附件4 二(二)3(1): outside class time, confirmed by the host organisation."""
    return activity.outside_class_time and bool(activity.host_confirmation)


def _validate_activity(data: ActivityCreate) -> None:
    if data.kind is ActivityKind.research_project:
        if data.hours is not None:
            raise invalid("body.hours", "research projects earn credit by project, not by hours")
        return
    if data.hours is None:
        raise invalid("body.hours", f"{data.kind.value} is recorded in hours")
    if data.evidence:
        raise invalid("body.evidence", "evidence items belong to research projects")
    if data.kind is ActivityKind.volunteer_service and not data.host_organisation:
        raise invalid("body.host_organisation", "volunteer service names its host organisation")


def record_activity(
    *, session: Session, student_id: str, data: ActivityCreate, caller: Caller
) -> Activity:
    student, _ = get_student(session, caller, student_id)
    _validate_activity(data)
    activity = Activity(
        id=new_id("act"),
        school_id=student.school_id,
        student_id=student.id,
        kind=data.kind.value,
        title=data.title,
        occurred_on=data.occurred_on,
        hours=data.hours or Decimal(0),
        interdisciplinary=data.interdisciplinary,
        evidence=",".join(e for e in EVIDENCE_ORDER if e in data.evidence),
        outside_class_time=data.outside_class_time,
        host_organisation=data.host_organisation,
        host_confirmation=data.host_confirmation,
        recorded_by=caller.client_id,
    )
    session.add(activity)
    audit.record(
        session,
        caller=caller,
        action="record_activity",
        entity_type="activity",
        entity_id=activity.id,
        **audit_scope(session, activity.school_id),
        data={"student_id": student.id, "kind": data.kind.value, "hours": str(activity.hours)},
    )
    session.commit()
    session.refresh(activity)
    return activity


def list_activities(*, session: Session, student_id: str, caller: Caller) -> list[Activity]:
    student, _ = get_student(session, caller, student_id)
    statement = select(Activity).where(Activity.student_id == student.id)
    return list(session.exec(statement.order_by(Activity.occurred_on, Activity.id)).all())


def record_transfer(
    *, session: Session, student_id: str, data: TransferCreate, caller: Caller
) -> TransferCredit:
    """附件4 二(四)5-6: credits from elsewhere, each resting on a named course."""
    student, _ = get_student(session, caller, student_id)
    if session.get(Subject, data.subject_code) is None:
        raise invalid("body.subject_code", f"unknown subject {data.subject_code}")
    if transfer_needs_mapping(data.origin) and not data.mapping_note:
        raise invalid(
            "body.mapping_note",
            "credits from another province are mapped under "
            "this province's rules: say how (附件4 二(四)5)",
        )
    if transfer_needs_committee_approval(data.origin) and not data.approval_ref:
        raise invalid(
            "body.approval_ref",
            "cross-school credits are accepted by the school's "
            "procedure: give the approval reference (附件4 二(四)6)",
        )
    transfer = TransferCredit(
        **data.model_dump(mode="json"),
        id=new_id("trc"),
        school_id=student.school_id,
        student_id=student.id,
        recorded_by=caller.client_id,
    )
    session.add(transfer)
    audit.record(
        session,
        caller=caller,
        action="record_transfer",
        entity_type="transfer_credit",
        entity_id=transfer.id,
        **audit_scope(session, transfer.school_id),
        data=data.model_dump(mode="json"),
    )
    session.commit()
    session.refresh(transfer)
    return transfer


def list_transfers(*, session: Session, student_id: str, caller: Caller) -> list[TransferCredit]:
    student, _ = get_student(session, caller, student_id)
    statement = select(TransferCredit).where(TransferCredit.student_id == student.id)
    return list(session.exec(statement.order_by(TransferCredit.created_at)).all())
