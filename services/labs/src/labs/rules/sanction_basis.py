"""What a violation must rest on before its consequence applies (art. 16 fees, art. 17(一))."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from labs.rules.errors import RuleError

ART17_NEEDS_SUSPENSION = (17, 1)  # 被暂停委托...整改后现场复查仍未通过的


def fee_to_recover(
    *, recover_fees: bool, contract_fee: Decimal, recovered_under: str | None
) -> Decimal | None:
    """Art. 16 recovers 按照合同支付的抽样检验费用: the fees of one contract, once. A second
    art. 16 violation under the same contract adds no second fee."""
    if not recover_fees or recovered_under is not None:
        return None
    return contract_fee


@dataclass(frozen=True)
class SuspensionOnRecord:
    """An art. 18 suspension of the lab, as art. 17(一) needs it."""

    violation_id: str
    starts_on: date


def check_art17_1_basis(
    *,
    decided_on: date,
    suspension: SuspensionOnRecord | None,
    reinspected_on: date | None,
) -> None:
    """Art. 17(一) applies only to a lab that was suspended (art. 18) and then failed the on-site
    re-inspection after rectification: the suspension came first, the re-inspection after it,
    and the decision after both."""
    if suspension is None:
        raise RuleError(
            "art. 17(1) needs suspension_id: an art. 18 suspension of this lab",
            field="suspension_id",
        )
    if reinspected_on is None:
        raise RuleError(
            "art. 17(1) needs reinspection_id: the on-site re-inspection after rectification",
            field="reinspection_id",
        )
    if reinspected_on < suspension.starts_on:
        raise RuleError(
            "the re-inspection is before the suspension began: it cannot be the re-check "
            "after rectification",
            field="reinspection_id",
        )
    if decided_on < reinspected_on:
        raise RuleError("the decision is before the re-inspection", field="decided_on")


def check_no_art17_1_refs(article: int, item: int, *, has_refs: bool) -> None:
    if has_refs and (article, item) != ART17_NEEDS_SUSPENSION:
        raise RuleError(
            "suspension_id and reinspection_id belong only to art. 17(1)", field="suspension_id"
        )
