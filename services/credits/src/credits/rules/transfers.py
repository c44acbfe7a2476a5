"""Credits from elsewhere (附件4 二(四)3, 5, 6) and exemptions (二(四)4)."""

from __future__ import annotations

from enum import StrEnum


class TransferOrigin(StrEnum):
    same_province = "same_province"  # accepted as they are (二(四)5)
    other_province = "other_province"  # mapped under this province's rules (二(四)5)
    university = "university"  # cross-school, accepted by the school's procedure (二(四)6)
    vocational_school = "vocational_school"


class ExemptionState(StrEnum):
    requested = "requested"
    approved = "approved"
    refused = "refused"


EXEMPTION_TRANSITIONS: dict[str, tuple[frozenset[ExemptionState], ExemptionState]] = {
    "approve": (frozenset({ExemptionState.requested}), ExemptionState.approved),
    "refuse": (frozenset({ExemptionState.requested}), ExemptionState.refused),
}


def transfer_needs_mapping(origin: TransferOrigin) -> bool:
    """Other provinces' credits are re-stated under this province's course table."""
    return origin is TransferOrigin.other_province


def transfer_needs_committee_approval(origin: TransferOrigin) -> bool:
    """Cross-school credits from universities and vocational schools go through the
    school's procedure; credits from this province's schools are accepted as they are."""
    return origin in (TransferOrigin.university, TransferOrigin.vocational_school)
