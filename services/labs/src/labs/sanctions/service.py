"""Use cases of violations: derive the sanction (art. 15-18), reassign tasks (art. 19)."""

from datetime import date

from sqlmodel import Session, col, select

from labs.assessment.models import Inspection
from labs.common import bad_field
from labs.refdata import violation_catalogue
from labs.registry.models import Lab
from labs.registry.schemas import ReassignmentPublic
from labs.registry.service import get_lab, lab_division
from labs.registry.status import lab_status
from labs.rules.dates import last_day
from labs.rules.errors import RuleConflict
from labs.rules.sanction_basis import (
    ART17_NEEDS_SUSPENSION,
    SuspensionOnRecord,
    check_art17_1_basis,
    check_no_art17_1_refs,
    fee_to_recover,
)
from labs.rules.sanctions import Consequence, derive_sanction, takes_lab_off_tasks
from labs.sanctions.models import Violation
from labs.sanctions.schemas import (
    ViolationCreate,
    ViolationLift,
    ViolationOutcome,
    ViolationPublic,
)
from labs.tasks.reassign import Reassignment, reassign_tasks, reassignable_tasks
from suitekit import audit
from suitekit.errors import NotFound
from suitekit.identity import Caller
from suitekit.pagination import paginate
from suitekit.timeutil import new_id


def _fees_recovered_under(session: Session, lab: Lab) -> str | None:
    """The art. 16 violation already recovering the fees of the lab's current contract."""
    earlier = session.exec(
        select(Violation)
        .where(
            Violation.lab_id == lab.id,
            col(Violation.fee_to_recover).is_not(None),
            col(Violation.lifted_on).is_(None),
            Violation.decided_on >= lab.contract_start,
        )
        .order_by(col(Violation.decided_on), col(Violation.id))
    ).first()
    return earlier.id if earlier else None


def _suspension(session: Session, lab: Lab, violation_id: str | None) -> SuspensionOnRecord | None:
    if violation_id is None:
        return None
    row = session.get(Violation, violation_id)
    if row is None or row.lab_id != lab.id or row.consequence != Consequence.SUSPENSION.value:
        raise bad_field("body.suspension_id", "no art. 18 suspension of this lab has that id")
    return SuspensionOnRecord(violation_id=row.id, starts_on=row.starts_on)


def _reinspected_on(session: Session, lab: Lab, inspection_id: str | None) -> date | None:
    if inspection_id is None:
        return None
    row = session.get(Inspection, inspection_id)
    if row is None or row.lab_id != lab.id:
        raise bad_field("body.reinspection_id", "no inspection of this lab has that id")
    return row.inspected_on


def _check_basis(session: Session, lab: Lab, data: ViolationCreate) -> None:
    refs = data.suspension_id is not None or data.reinspection_id is not None
    check_no_art17_1_refs(data.article, data.item, has_refs=refs)
    if (data.article, data.item) == ART17_NEEDS_SUSPENSION:
        check_art17_1_basis(
            decided_on=data.decided_on,
            suspension=_suspension(session, lab, data.suspension_id),
            reinspected_on=_reinspected_on(session, lab, data.reinspection_id),
        )


def _new_violation(session: Session, lab: Lab, data: ViolationCreate) -> Violation:
    rule = violation_catalogue().rule_for(data.article, data.item)
    _check_basis(session, lab, data)
    decision = derive_sanction(
        rule,
        decided_on=data.decided_on,
        contract_end=lab.contract_end,
        suspension_months=data.suspension_months,
        rectify_by=data.rectify_by,
    )
    if decision.referral and not data.referred_to:
        raise bad_field("body.referred_to", "art. 15 names the supervising authority referred to")
    recovered_under = _fees_recovered_under(session, lab) if decision.recover_fees else None
    return Violation(
        id=new_id("vi"),
        lab_id=lab.id,
        article=data.article,
        item=data.item,
        clause_text=rule.items[data.item],
        description=data.description,
        evidence=data.evidence,
        found_on=data.found_on,
        decided_on=data.decided_on,
        consequence=decision.consequence.value,
        status=decision.status.value if decision.status else None,
        starts_on=decision.starts_on,
        ends_on=decision.ends_on,
        recover_fees=decision.recover_fees,
        fee_to_recover=fee_to_recover(
            recover_fees=decision.recover_fees,
            contract_fee=lab.contract_fee,
            recovered_under=recovered_under,
        ),
        fees_recovered_under=recovered_under,
        suspension_id=data.suspension_id,
        reinspection_id=data.reinspection_id,
        end_entrustment=decision.end_entrustment,
        interview=decision.interview,
        rectify_by=decision.rectify_by,
        suspension_months=decision.suspension_months,
        referral=decision.referral,
        referred_to=data.referred_to,
    )


def violation_view(violation: Violation) -> ViolationPublic:
    """`ends_on` is stored exclusive and shown as the last day included (docs/CONVENTIONS.md)."""
    view = ViolationPublic.model_validate(violation, from_attributes=True)
    liftable = violation.lifted_on is None and violation.consequence != Consequence.REFERRAL.value
    return view.model_copy(
        update={"ends_on": last_day(violation.ends_on), "allowed_actions": ["lift"] * liftable}
    )


def get_violation(*, session: Session, violation_id: str, caller: Caller) -> Violation:
    violation = session.get(Violation, violation_id)
    if violation is None:
        raise NotFound(f"violation {violation_id} not found")
    try:
        get_lab(session=session, lab_id=violation.lab_id, caller=caller)
    except NotFound:
        raise NotFound(f"violation {violation_id} not found") from None
    return violation


def record_violation(
    *, session: Session, lab_id: str, data: ViolationCreate, caller: Caller, on: date
) -> ViolationOutcome:
    if data.decided_on > on:
        raise bad_field("body.decided_on", "a decision cannot be dated in the future")
    lab = get_lab(session=session, lab_id=lab_id, caller=caller, for_update=True)
    violation = _new_violation(session, lab, data)
    session.add(violation)
    session.flush()
    status, until = lab_status(session, lab.id, on)
    reassignment = Reassignment()
    if takes_lab_off_tasks(status):
        reassignment = reassign_tasks(
            session,
            tasks=reassignable_tasks(session, lab.id),
            from_lab_id=lab.id,
            on=on,
            reason=f"art. 19: lab {status.value} after art. {data.article}({data.item})",
            caller=caller,
        )
    audit.record(
        session,
        caller=caller,
        action="violation",
        entity_type="lab",
        entity_id=lab.id,
        division=lab.jurisdiction_code,
        reason=data.description,
        data={
            "violation_id": violation.id,
            "article": data.article,
            "item": data.item,
            "consequence": violation.consequence,
            "status": status.value,
            "moved": len(reassignment.moved),
            "unplaced": len(reassignment.unplaced),
        },
    )
    session.commit()
    session.refresh(violation)
    return ViolationOutcome(
        violation=violation_view(violation),
        lab_status=status.value,
        lab_status_until=last_day(until),
        reassignment=ReassignmentPublic(moved=reassignment.moved, unplaced=reassignment.unplaced),
    )


def lift_violation(
    *, session: Session, violation_id: str, data: ViolationLift, caller: Caller
) -> Violation:
    violation = session.exec(
        select(Violation).where(Violation.id == violation_id).with_for_update()
    ).first()
    if violation is None:
        raise NotFound(f"violation {violation_id} not found")
    get_lab(session=session, lab_id=violation.lab_id, caller=caller)
    if violation.lifted_on is not None:
        raise RuleConflict(f"violation {violation_id} was already lifted on {violation.lifted_on}")
    if violation.consequence == Consequence.REFERRAL.value:
        raise RuleConflict("a referral (art. 15) has no sanction to lift")
    if data.lifted_on < violation.starts_on:
        raise bad_field("body.lifted_on", "lifted_on is before the sanction started")
    violation.lifted_on, violation.lift_reason = data.lifted_on, data.reason
    violation.version += 1
    session.add(violation)
    audit.record(
        session,
        caller=caller,
        action="lift_sanction",
        entity_type="lab",
        entity_id=violation.lab_id,
        division=lab_division(session, violation.lab_id),
        reason=data.reason,
        data={"violation_id": violation.id, "lifted_on": data.lifted_on.isoformat()},
    )
    session.commit()
    session.refresh(violation)
    return violation


def list_violations(
    *, session: Session, lab_id: str, caller: Caller, limit: int, cursor: str | None
) -> tuple[list[Violation], str | None]:
    get_lab(session=session, lab_id=lab_id, caller=caller)
    statement = select(Violation).where(Violation.lab_id == lab_id)
    rows, next_cursor = paginate(
        session, statement, key=Violation.id, key_of=lambda v: v.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor
