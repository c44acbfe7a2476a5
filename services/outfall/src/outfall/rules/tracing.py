"""Tracing the responsible party (§五(二) 谁污染、谁治理 and 政府兜底)."""

from __future__ import annotations

from enum import StrEnum

from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc

from outfall.rules.errors import RuleViolation

CLAUSE = "§五(二)"


class PartyBasis(StrEnum):
    # the discharging unit identified by tracing ("谁污染、谁治理")
    DISCHARGER = "discharger"
    # tracing failed: the county government or committee is responsible ("政府兜底")
    JURISDICTION_FALLBACK = "jurisdiction_fallback"
    # tracing failed: the city government designates a responsible party
    CITY_DESIGNATED = "city_designated"


class PartyType(StrEnum):
    ENTERPRISE = "enterprise"
    PUBLIC_INSTITUTION = "public_institution"
    GOVERNMENT = "government"
    SOCIAL_ORGANISATION = "social_organisation"
    INDIVIDUAL_BUSINESS = "individual_business"
    INDIVIDUAL = "individual"


# Natural persons have no unified social credit code.
TYPES_WITHOUT_USCC: frozenset[PartyType] = frozenset({PartyType.INDIVIDUAL})


def normalise_uscc(code: str) -> str:
    """Validate a unified social credit code with its GB 32100 check character."""
    try:
        return uscc.validate(code)
    except stdnum_errors.InvalidLength:
        message = "unified social credit code must have 18 characters (GB 32100)"
    except stdnum_errors.InvalidChecksum:
        message = "unified social credit code check character is wrong (GB 32100)"
    except stdnum_errors.ValidationError:
        message = "unified social credit code has characters GB 32100 does not allow"
    raise RuleViolation("invalid_uscc", message, "uscc", CLAUSE)


def check_party(
    *,
    basis: str,
    party_type: str | None,
    uscc_code: str | None,
    name: str | None,
    reason: str | None,
) -> str | None:
    """Validate the tracing result; returns the normalised USCC (or None)."""
    try:
        how = PartyBasis(basis)
    except ValueError:
        raise RuleViolation(
            "invalid_basis",
            f"basis must be one of {[b.value for b in PartyBasis]}",
            "basis",
            CLAUSE,
        ) from None
    if how is not PartyBasis.DISCHARGER and not (reason and reason.strip()):
        raise RuleViolation(
            "reason_required",
            "when tracing cannot determine the party, record why",
            "reason",
            CLAUSE,
        )
    if how is PartyBasis.CITY_DESIGNATED and not (name and name.strip()):
        raise RuleViolation("name_required", "a city-designated party needs a name", "name", CLAUSE)
    if how is PartyBasis.DISCHARGER:
        if not (name and name.strip()):
            raise RuleViolation(
                "name_required", "the responsible party needs a name", "name", CLAUSE
            )
        if party_type is None:
            raise RuleViolation(
                "type_required", "the responsible party needs a type", "party_type", CLAUSE
            )
    kind = PartyType(party_type) if party_type else None
    if uscc_code:
        return normalise_uscc(uscc_code)
    if how is PartyBasis.DISCHARGER and kind not in TYPES_WITHOUT_USCC:
        raise RuleViolation(
            "uscc_required",
            "an organisation's unified social credit code is required",
            "uscc",
            CLAUSE,
        )
    return None


def fallback_party_name(jurisdiction_name: str) -> str:
    """The jurisdiction's government or committee becomes responsible when tracing fails."""
    return jurisdiction_name
