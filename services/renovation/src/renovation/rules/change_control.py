"""Change control of added water/heat work, §五(一)5."""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from renovation.rules.funding import utility_share
from renovation.rules.money import yuan

NEW_APPLICATION_ABOVE_YUAN = Decimal("5000000")  # §五(一)5: 新增投资超过500万元
NEW_APPLICATION_ABOVE_RATIO = Decimal("0.10")  # §五(一)5: 或原项目总投资10%比例


class ChangeWork(StrEnum):
    WATER = "water"
    HEAT = "heat"


class ChangeStatus(StrEnum):
    APPROVED = "approved"  # spendable
    PENDING_APPROVAL = "pending_approval"  # new project application under way
    REJECTED = "rejected"
    SPENT = "spent"


CHANGE_TRANSITIONS: dict[ChangeStatus, dict[str, ChangeStatus]] = {
    ChangeStatus.PENDING_APPROVAL: {
        "approve": ChangeStatus.APPROVED,
        "reject": ChangeStatus.REJECTED,
    },
    ChangeStatus.APPROVED: {"spend": ChangeStatus.SPENT},
    ChangeStatus.REJECTED: {},
    ChangeStatus.SPENT: {},
}


def needs_new_application(
    *, new_investment: Decimal, original_total_investment: Decimal, in_feasibility_study: bool
) -> bool:
    """Work outside the feasibility study whose new investment exceeds 5,000,000 yuan or 10% of
    the original total investment needs a new project application and approval."""
    if in_feasibility_study:
        return False
    return (
        new_investment > NEW_APPLICATION_ABOVE_YUAN
        or new_investment > original_total_investment * NEW_APPLICATION_ABOVE_RATIO
    )


@dataclass(frozen=True)
class ChangeAssessment:
    needs_application: bool
    utility_share: Decimal  # §五(一)5: 专业经营单位承担20%后
    remainder_for_city_decision: Decimal
    initial_status: ChangeStatus


def assess_change(
    *, new_investment: Decimal, original_total_investment: Decimal, in_feasibility_study: bool
) -> ChangeAssessment:
    needs = needs_new_application(
        new_investment=new_investment,
        original_total_investment=original_total_investment,
        in_feasibility_study=in_feasibility_study,
    )
    utility = utility_share(new_investment)
    return ChangeAssessment(
        needs_application=needs,
        utility_share=utility,
        remainder_for_city_decision=yuan(new_investment - utility),
        initial_status=ChangeStatus.PENDING_APPROVAL if needs else ChangeStatus.APPROVED,
    )


def allowed_change_actions(status: ChangeStatus) -> list[str]:
    return sorted(CHANGE_TRANSITIONS[status])
