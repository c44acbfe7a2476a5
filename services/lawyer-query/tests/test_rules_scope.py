"""Arts. 3, 4, 5, 11: which data, for which matters, which fields."""

from __future__ import annotations

import pytest

from lawyer_query.refdata import load_refdata
from lawyer_query.rules.scope import (
    MatterType,
    Region,
    Scope,
    allowed_fields,
    matter_allowed,
    project_fields,
    record_in_scope,
    region_of_division,
)

REF = load_refdata()
TEN = (
    "name",
    "sex",
    "date_of_birth",
    "ethnicity",
    "id_number",
    "registered_address",
    "photo",
    "registration_station",
    "deregistration_date",
    "deregistration_reason",
)


def test_mudanjiang_scope_returns_exactly_the_10_fields_art3() -> None:
    assert allowed_fields(REF, Scope.MUDANJIANG) == TEN
    assert len(allowed_fields(REF, Scope.MUDANJIANG)) == 10


def test_province_scope_returns_exactly_8_fields_without_deregistration_art4() -> None:
    fields = allowed_fields(REF, Scope.PROVINCE)
    assert len(fields) == 8
    assert fields == TEN[:8]
    assert "deregistration_date" not in fields and "deregistration_reason" not in fields


def test_other_province_scope_returns_exactly_3_fields_art5() -> None:
    assert allowed_fields(REF, Scope.OTHER_PROVINCE) == (
        "registered_address",
        "photo",
        "registration_station",
    )


def test_floating_population_scope_is_as_art3_art11() -> None:
    assert allowed_fields(REF, Scope.FLOATING) == allowed_fields(REF, Scope.MUDANJIANG)


@pytest.mark.parametrize(
    ("scope", "matter", "allowed"),
    [
        (Scope.MUDANJIANG, MatterType.LITIGATION, True),  # art. 3
        (Scope.MUDANJIANG, MatterType.NON_LITIGATION, True),  # art. 3
        (Scope.MUDANJIANG, MatterType.ARBITRATION, True),  # art. 3 (non-litigation matter)
        (Scope.PROVINCE, MatterType.LITIGATION, True),  # art. 4
        (Scope.PROVINCE, MatterType.ARBITRATION, True),  # art. 4
        (Scope.PROVINCE, MatterType.NON_LITIGATION, False),  # art. 4
        (Scope.OTHER_PROVINCE, MatterType.LITIGATION, True),  # art. 5
        (Scope.OTHER_PROVINCE, MatterType.ARBITRATION, False),  # art. 5
        (Scope.OTHER_PROVINCE, MatterType.NON_LITIGATION, False),  # art. 5
        (Scope.FLOATING, MatterType.NON_LITIGATION, True),  # art. 11
    ],
)
def test_matter_types_allowed_per_scope_arts_3_4_5_11(
    scope: Scope, matter: MatterType, allowed: bool
) -> None:
    assert matter_allowed(REF, scope, matter) is allowed


@pytest.mark.parametrize(
    ("division", "region"),
    [
        ("231002", Region.MUDANJIANG),
        ("231000", Region.MUDANJIANG),  # first code of the 2310 block
        ("231099", Region.MUDANJIANG),  # last code of the 2310 block
        ("230999", Region.PROVINCE),  # just below the block: 七台河 area
        ("231100", Region.PROVINCE),  # just above the block: 黑河
        ("230102", Region.PROVINCE),
        ("239999", Region.PROVINCE),
        ("229999", Region.OTHER_PROVINCE),  # just below 23: 吉林
        ("240000", Region.OTHER_PROVINCE),  # just above 23
        ("110101", Region.OTHER_PROVINCE),
    ],
)
def test_region_of_division_code_mudanjiang_province_other_arts_3_4_5(
    division: str, region: Region
) -> None:
    assert region_of_division(REF, division) is region


@pytest.mark.parametrize(
    ("scope", "division", "kind", "answered"),
    [
        (Scope.MUDANJIANG, "231002", "registered", True),
        (Scope.MUDANJIANG, "230102", "registered", False),
        (Scope.MUDANJIANG, "231002", "floating", False),
        (Scope.FLOATING, "231002", "floating", True),
        (Scope.FLOATING, "231002", "registered", False),
        (Scope.PROVINCE, "230102", "registered", True),
        (Scope.PROVINCE, "231002", "registered", False),
        (Scope.OTHER_PROVINCE, "110101", "registered", True),
        (Scope.OTHER_PROVINCE, "230102", "registered", False),
    ],
)
def test_only_records_of_the_applied_scope_are_answered_arts_3_4_5_11(
    scope: Scope, division: str, kind: str, answered: bool
) -> None:
    assert record_in_scope(REF, scope, division_code=division, kind=kind) is answered


def test_projection_holds_only_allowed_fields_never_more_art5() -> None:
    record = {code: f"v-{code}" for code in TEN}
    result = project_fields(record, allowed_fields(REF, Scope.OTHER_PROVINCE))
    assert set(result) == {"registered_address", "photo", "registration_station"}
