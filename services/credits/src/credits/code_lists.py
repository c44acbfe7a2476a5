"""Every code list a client sends or reads, in one place (issue 16: each is an enum with a
reference endpoint). Subjects and modules have their own endpoints (with names)."""

from fastapi import APIRouter
from pydantic import BaseModel

from credits.common import READ
from credits.rules.activities import ActivityKind
from credits.rules.appeals import AppealOutcome, AppealState
from credits.rules.course_table import ArtsMode, Category, SchoolType
from credits.rules.module_credit import EnrollmentAction, Outcome, Remedy
from credits.rules.recognition import Opinion, RecognitionState, Step
from credits.rules.selection import SelectionState
from credits.rules.transfers import ExemptionState, TransferOrigin
from suitekit.identity import Caller

router = APIRouter(prefix="/v1", tags=["reference"])


class ReferencePublic(BaseModel):
    module_categories: list[Category]
    school_types: list[SchoolType]
    arts_modes: list[ArtsMode]
    enrollment_outcomes: list[Outcome]
    enrollment_actions: list[EnrollmentAction]
    remedies: list[Remedy]
    recognition_states: list[RecognitionState]
    recognition_steps: list[Step]
    opinions: list[Opinion]
    appeal_states: list[AppealState]
    appeal_outcomes: list[AppealOutcome]
    exemption_states: list[ExemptionState]
    transfer_origins: list[TransferOrigin]
    activity_kinds: list[ActivityKind]
    selection_states: list[SelectionState]
    subjects: str = "/v1/subjects"
    modules: str = "/v1/modules"


def reference() -> ReferencePublic:
    return ReferencePublic(
        module_categories=list(Category),
        school_types=list(SchoolType),
        arts_modes=list(ArtsMode),
        enrollment_outcomes=list(Outcome),
        enrollment_actions=list(EnrollmentAction),
        remedies=list(Remedy),
        recognition_states=list(RecognitionState),
        recognition_steps=[s for s in Step if s is not Step.appeal_revision],
        opinions=list(Opinion),
        appeal_states=list(AppealState),
        appeal_outcomes=list(AppealOutcome),
        exemption_states=list(ExemptionState),
        transfer_origins=list(TransferOrigin),
        activity_kinds=list(ActivityKind),
        selection_states=list(SelectionState),
    )


@router.get(
    "/reference", response_model=ReferencePublic, summary="every code list of the API (enums)"
)
def get_reference(_caller: Caller = READ) -> ReferencePublic:
    return reference()
