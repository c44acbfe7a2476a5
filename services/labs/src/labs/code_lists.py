"""Every code list a client sends or reads, in one place (issue 16: each is an enum with a
reference endpoint). Food categories and test items are open: a lab's accreditation decides."""

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from labs.common import READ
from labs.proficiency.service import RoundState
from labs.refdata import notice_kinds, violation_catalogue
from labs.rules.evaluation import EvaluationState
from labs.rules.inspection import FindingAction, FindingState, Severity
from labs.rules.notices import NoticeDecision, NoticeKind, NoticeState
from labs.rules.proficiency import AssignedValueSource, ZBand
from labs.rules.retest import RetestOutcome
from labs.rules.sanctions import Consequence, LabStatus
from labs.rules.scoring import DailyItem, PeriodKind, TechnicalPart
from labs.rules.tasks import Conclusion, TaskAction, TaskState
from suitekit.identity import Caller

router = APIRouter(prefix="/v1", tags=["reference"])


class ViolationItemPublic(BaseModel):
    article: int
    item: int
    text: str
    consequence: Consequence
    recover_fees: bool
    bar_years: int | None
    suspension_months: list[int] | None


class ReferencePublic(BaseModel):
    lab_statuses: list[LabStatus]
    task_states: list[TaskState]
    task_actions: list[TaskAction]
    conclusions: list[Conclusion]
    notice_kinds: dict[NoticeKind, dict[str, Any]]
    notice_states: list[NoticeState]
    notice_decisions: list[NoticeDecision]
    daily_items: list[DailyItem]
    technical_parts: list[TechnicalPart]
    period_kinds: list[PeriodKind]
    retest_outcomes: list[RetestOutcome]
    pt_value_sources: list[AssignedValueSource]
    pt_round_states: list[RoundState]
    z_bands: list[ZBand]
    severities: list[Severity]
    finding_states: list[FindingState]
    finding_actions: list[FindingAction]
    evaluation_states: list[EvaluationState]
    consequences: list[Consequence]
    violations: list[ViolationItemPublic]


def _violation_items() -> list[ViolationItemPublic]:
    return [
        ViolationItemPublic(
            article=rule.article,
            item=item,
            text=text,
            consequence=rule.consequence,
            recover_fees=rule.recover_fees,
            bar_years=rule.bar_years,
            suspension_months=(
                [rule.min_months, rule.max_months]
                if rule.min_months is not None and rule.max_months is not None
                else None
            ),
        )
        for rule in violation_catalogue().rules
        for item, text in sorted(rule.items.items())
    ]


def reference() -> ReferencePublic:
    return ReferencePublic(
        lab_statuses=list(LabStatus),
        task_states=list(TaskState),
        task_actions=list(TaskAction),
        conclusions=list(Conclusion),
        notice_kinds=notice_kinds(),
        notice_states=list(NoticeState),
        notice_decisions=list(NoticeDecision),
        daily_items=list(DailyItem),
        technical_parts=list(TechnicalPart),
        period_kinds=list(PeriodKind),
        retest_outcomes=list(RetestOutcome),
        pt_value_sources=list(AssignedValueSource),
        pt_round_states=list(RoundState),
        z_bands=list(ZBand),
        severities=list(Severity),
        finding_states=list(FindingState),
        finding_actions=list(FindingAction),
        evaluation_states=list(EvaluationState),
        consequences=list(Consequence),
        violations=_violation_items(),
    )


@router.get(
    "/reference", response_model=ReferencePublic, summary="every code list of the API (enums)"
)
def get_reference(_caller: Caller = READ) -> ReferencePublic:
    return reference()
