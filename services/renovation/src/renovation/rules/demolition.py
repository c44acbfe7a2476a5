"""Shed demolition and related costs, §四(一)6 and §五(一)6."""

from decimal import Decimal
from enum import StrEnum

from renovation.rules.money import yuan

SHED_COMPENSATION_YUAN = Decimal("2000")  # §四(一)6: 补偿标准按照2000元/个


class DemolitionKind(StrEnum):
    SHED = "shed"  # 配建棚厦, fixed rate per shed
    BICYCLE_SHED = "bicycle_shed"  # 自行车棚等经营性设施, at cost price
    PUMP_ROOM = "pump_room"  # 已无实际用处的原有配套泵房, at cost price
    ILLEGAL_BUILDING = "illegal_building"  # 违章建筑拆除清运费
    SIGNBOARD = "signboard"  # 牌匾改造设置费用 (§四(二)2)


AT_COST_KINDS = frozenset(
    {
        DemolitionKind.BICYCLE_SHED,
        DemolitionKind.PUMP_ROOM,
        DemolitionKind.ILLEGAL_BUILDING,
        DemolitionKind.SIGNBOARD,
    }
)
# §五(一)6: all of it counts as renovation cost, paid from general bonds.
DEMOLITION_FUNDING_SOURCE = "bonds"


def demolition_errors(
    *, kind: DemolitionKind, count: int, cost_amount: Decimal | None
) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if count < 1:
        errors.append(("count", "must be at least 1"))
    if kind is DemolitionKind.SHED and cost_amount is not None:
        errors.append(("cost_amount", "sheds are compensated at the fixed 2,000 yuan rate"))
    if kind in AT_COST_KINDS and (cost_amount is None or cost_amount <= 0):
        errors.append(("cost_amount", f"{kind.value} is compensated at cost: enter the amount"))
    return errors


def demolition_compensation(
    *, kind: DemolitionKind, count: int, cost_amount: Decimal | None
) -> Decimal:
    """Compensation in yuan: 2,000 per shed, otherwise the entered cost price."""
    if kind is DemolitionKind.SHED:
        return yuan(SHED_COMPENSATION_YUAN * count)
    assert cost_amount is not None
    return yuan(cost_amount)
