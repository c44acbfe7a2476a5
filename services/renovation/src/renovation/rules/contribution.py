"""Resident contribution, §五(一)3 and §四(一)8."""

from dataclasses import dataclass
from decimal import Decimal

from renovation.rules.money import yuan

CONTRIBUTION_YUAN_PER_M2 = Decimal("10")  # §五(一)3: 按照建筑面积10元/m²出资


def contribution_due(floor_area_m2: Decimal) -> Decimal:
    return yuan(floor_area_m2 * CONTRIBUTION_YUAN_PER_M2)


@dataclass(frozen=True)
class ContributionStatus:
    due: Decimal
    reduced: Decimal
    collected: Decimal

    @property
    def net_due(self) -> Decimal:
        return yuan(max(self.due - self.reduced, Decimal(0)))

    @property
    def gap(self) -> Decimal:
        """What is still to be collected before construction may start (§四(一)8)."""
        return yuan(max(self.net_due - self.collected, Decimal(0)))

    @property
    def fully_collected(self) -> bool:
        return self.gap == 0


def contribution_status(
    *, floor_area_m2: Decimal, reductions: Decimal, collected: Decimal
) -> ContributionStatus:
    return ContributionStatus(
        due=contribution_due(floor_area_m2), reduced=yuan(reductions), collected=yuan(collected)
    )


def reduction_errors(
    *,
    amount: Decimal,
    reason: str | None,
    household_ref: str | None,
    already_reduced: Decimal,
    due: Decimal,
) -> list[tuple[str, str]]:
    """A hardship reduction is per household, with a reason, and cannot push the reductions
    above what is due (§五(一)3: 制定针对困难群众的减免政策)."""
    errors: list[tuple[str, str]] = []
    if not household_ref or not household_ref.strip():
        errors.append(("household_ref", "a hardship reduction is granted to one household"))
    if not reason or not reason.strip():
        errors.append(("reason", "a hardship reduction needs a reason"))
    if already_reduced + amount > due:
        errors.append(("amount", f"reductions would exceed the contribution due ({due} yuan)"))
    return errors
