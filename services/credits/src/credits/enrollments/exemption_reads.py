"""Reading exemption requests back (附件4 二(四)4): one, or a filtered page."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from credits.common import get_school, visible_school_ids
from credits.models import Enrollment, Exemption
from credits.rules.transfers import EXEMPTION_TRANSITIONS, ExemptionState
from suitekit.errors import NotFound
from suitekit.identity import Caller
from suitekit.pagination import paginate


@dataclass(frozen=True)
class ExemptionFilters:
    school_id: str | None = None
    state: ExemptionState | None = None
    enrollment_id: str | None = None
    student_id: str | None = None


def get_exemption(session: Session, caller: Caller, exemption_id: str) -> Exemption:
    exemption = session.get(Exemption, exemption_id)
    if exemption is None:
        raise NotFound(f"exemption {exemption_id} not found")
    try:
        get_school(session, caller, exemption.school_id)
    except NotFound:
        raise NotFound(f"exemption {exemption_id} not found") from None
    return exemption


def list_exemptions(
    *, session: Session, caller: Caller, filters: ExemptionFilters, limit: int, cursor: str | None
) -> tuple[list[Exemption], str | None]:
    statement = select(Exemption)
    if filters.school_id:
        statement = statement.where(
            Exemption.school_id == get_school(session, caller, filters.school_id).id
        )
    else:
        visible = visible_school_ids(session, caller)
        if visible is not None:
            statement = statement.where(col(Exemption.school_id).in_(visible))
    if filters.state is not None:
        statement = statement.where(Exemption.state == filters.state.value)
    if filters.enrollment_id:
        statement = statement.where(Exemption.enrollment_id == filters.enrollment_id)
    if filters.student_id:
        of_student = select(Enrollment.id).where(Enrollment.student_id == filters.student_id)
        statement = statement.where(col(Exemption.enrollment_id).in_(of_student))
    rows, next_cursor = paginate(
        session, statement, key=Exemption.id, key_of=lambda e: e.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor


def exemption_actions(state: ExemptionState) -> list[str]:
    """The committee's decisions still open: `decision` with approve or refuse."""
    return ["decision"] if any(state in s for s, _ in EXEMPTION_TRANSITIONS.values()) else []
