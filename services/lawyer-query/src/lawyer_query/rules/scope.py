"""Which registry data a lawyer may ask for, and which fields come back (arts. 3, 4, 5, 11)."""

from __future__ import annotations

from enum import StrEnum

from lawyer_query.refdata import RefData, ScopeDef


class MatterType(StrEnum):
    """The lawyer's matter (art. 3: 诉讼/非诉讼法律事务; art. 4: 诉讼案件和仲裁案件)."""

    LITIGATION = "litigation"
    ARBITRATION = "arbitration"
    NON_LITIGATION = "non_litigation"


class Scope(StrEnum):
    MUDANJIANG = "mudanjiang"  # art. 3
    PROVINCE = "province"  # art. 4
    OTHER_PROVINCE = "other_province"  # art. 5
    FLOATING = "floating"  # art. 11


class Region(StrEnum):
    MUDANJIANG = "mudanjiang"
    PROVINCE = "province"
    OTHER_PROVINCE = "other_province"


MATTER_LABELS: dict[MatterType, str] = {
    MatterType.LITIGATION: "诉讼案件",
    MatterType.ARBITRATION: "仲裁案件",
    MatterType.NON_LITIGATION: "非诉讼法律事务",
}


def scope_def(refdata: RefData, scope: Scope) -> ScopeDef:
    return refdata.scopes[scope.value]


def allowed_fields(refdata: RefData, scope: Scope) -> tuple[str, ...]:
    """The fields the result may hold for an accepted application of that scope."""
    return scope_def(refdata, scope).fields


def matter_allowed(refdata: RefData, scope: Scope, matter: MatterType) -> bool:
    return matter.value in scope_def(refdata, scope).matter_types


def region_of_division(refdata: RefData, division_code: str) -> Region:
    """Art. 3/4/5: 牡丹江市 (2310xx), 省内其它地市 (23xxxx), 省外 (anything else)."""
    if division_code.startswith(refdata.city_prefix):
        return Region.MUDANJIANG
    if division_code.startswith(refdata.province_prefix):
        return Region.PROVINCE
    return Region.OTHER_PROVINCE


def is_mudanjiang_division(refdata: RefData, division_code: str) -> bool:
    return region_of_division(refdata, division_code) is Region.MUDANJIANG


def record_in_scope(refdata: RefData, scope: Scope, *, division_code: str, kind: str) -> bool:
    """A registry record can be answered under a scope only if its region and kind match it."""
    definition = scope_def(refdata, scope)
    region = region_of_division(refdata, division_code)
    return region.value == definition.record_region and kind == definition.record_kind


def project_fields(record: dict[str, object], fields: tuple[str, ...]) -> dict[str, object]:
    """Only the allowed fields, never more (spec rule 2)."""
    return {code: record.get(code) for code in fields}
