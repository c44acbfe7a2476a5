"""Art. 8 decisions: accepted with complete materials and a permitted purpose, otherwise refused
with every reason found (arts. 2, 5, 6, 7)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from lawyer_query.refdata import load_refdata
from lawyer_query.rules.citizen_id import with_check_digit
from lawyer_query.rules.decision import (
    ApplicationFacts,
    CertificateStatus,
    Material,
    PersonRequest,
    decide,
)
from lawyer_query.rules.scope import MatterType, Scope

REF = load_refdata()
TODAY = dt.date(2026, 6, 1)
PERSON_ID = with_check_digit("11010119850505002")
NAME = "王五"


def materials(**letter_changes: object) -> tuple[Material, ...]:
    letter = Material(
        "introduction_letter", "a" * 64, sealed=True, states_purpose=True, named_persons=(NAME,)
    )
    return (
        Material("application_form", "b" * 64),
        dataclasses.replace(letter, **letter_changes),
        Material("power_of_attorney", "c" * 64),
        Material("practising_certificate", "d" * 64),
        Material("practising_certificate_copy", "e" * 64),
    )


def facts(**changes: object) -> ApplicationFacts:
    base = ApplicationFacts(
        station_code="231002-PS01",
        scope=Scope.OTHER_PROVINCE,
        matter_type=MatterType.LITIGATION,
        firm_division="231002",
        materials=materials(),
        persons=(PersonRequest(NAME, PERSON_ID),),
        certificate_status=CertificateStatus.VALID,
        today=TODAY,
    )
    return dataclasses.replace(base, **changes)


def codes(f: ApplicationFacts) -> list[str]:
    return [r.code for r in decide(REF, f).reasons]


def test_complete_out_of_province_application_is_accepted_with_3_fields_art5_art8() -> None:
    decision = decide(REF, facts())
    assert decision.accepted and decision.reasons == ()
    assert len(decision.allowed_fields) == 3


@pytest.mark.parametrize(
    ("scope", "matter", "n_fields"),
    [
        (Scope.MUDANJIANG, MatterType.NON_LITIGATION, 10),
        (Scope.PROVINCE, MatterType.ARBITRATION, 8),
        (Scope.OTHER_PROVINCE, MatterType.LITIGATION, 3),
        (Scope.FLOATING, MatterType.LITIGATION, 10),
    ],
)
def test_accepted_application_allows_10_8_3_fields_arts_3_4_5_11(
    scope: Scope, matter: MatterType, n_fields: int
) -> None:
    decision = decide(REF, facts(scope=scope, matter_type=matter))
    assert decision.accepted
    assert len(decision.allowed_fields) == n_fields


# art. 5: three conditions, each missing in turn
def test_out_of_province_refused_when_firm_outside_mudanjiang_art5() -> None:
    assert codes(facts(firm_division="230102")) == ["firm_outside_mudanjiang"]


def test_out_of_province_refused_when_not_litigation_art5() -> None:
    assert codes(facts(matter_type=MatterType.ARBITRATION)) == ["matter_type_not_allowed"]


def test_out_of_province_refused_when_id_number_missing_art5() -> None:
    assert codes(facts(persons=(PersonRequest(NAME, None),))) == ["id_number_missing"]


def test_out_of_province_refused_when_exact_name_missing_art5() -> None:
    assert "name_missing" in codes(facts(persons=(PersonRequest("", PERSON_ID),)))


@pytest.mark.parametrize("scope", [Scope.MUDANJIANG, Scope.PROVINCE, Scope.FLOATING])
def test_id_number_optional_outside_art5_scopes_arts_3_4_11(scope: Scope) -> None:
    assert codes(facts(scope=scope, persons=(PersonRequest(NAME, None),))) == []


@pytest.mark.parametrize("scope", list(Scope))
def test_invalid_id_number_is_refused_in_every_scope_gb11643(scope: Scope) -> None:
    bad = PERSON_ID[:17] + ("0" if PERSON_ID[17] != "0" else "1")
    assert codes(facts(scope=scope, persons=(PersonRequest(NAME, bad),))) == ["id_number_invalid"]


def test_province_data_for_non_litigation_is_refused_art4() -> None:
    refused = facts(scope=Scope.PROVINCE, matter_type=MatterType.NON_LITIGATION)
    decision = decide(REF, refused)
    assert not decision.accepted
    assert decision.reasons[0].article == "art. 4"
    assert decision.allowed_fields == ()


@pytest.mark.parametrize(
    "missing",
    [
        "application_form",
        "introduction_letter",
        "power_of_attorney",
        "practising_certificate",
        "practising_certificate_copy",
    ],
)
def test_each_missing_material_is_a_reason_art6(missing: str) -> None:
    kept = tuple(m for m in materials() if m.kind != missing)
    assert "missing_material" in codes(facts(materials=kept))


def test_legal_aid_letter_replaces_the_firm_letter_and_needs_no_seal_art6() -> None:
    aid = tuple(
        dataclasses.replace(m, kind="legal_aid_letter", sealed=False)
        if m.kind == "introduction_letter"
        else m
        for m in materials()
    )
    assert codes(facts(materials=aid)) == []


def test_unsealed_letter_is_refused_art6() -> None:
    assert codes(facts(materials=materials(sealed=False))) == ["letter_not_sealed"]


def test_letter_without_purpose_is_refused_art6() -> None:
    assert codes(facts(materials=materials(states_purpose=False))) == ["letter_missing_purpose"]


def test_person_not_named_in_letter_is_refused_art6() -> None:
    assert codes(facts(materials=materials(named_persons=("赵六",)))) == [
        "person_not_named_in_letter"
    ]


def test_no_person_is_refused_art6() -> None:
    assert codes(facts(persons=())) == ["no_persons"]


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (CertificateStatus.SUSPENDED, "certificate_invalid"),
        (CertificateStatus.REVOKED, "certificate_invalid"),
        (CertificateStatus.NOT_FOUND, "certificate_invalid"),
        (CertificateStatus.UNREACHABLE, "certificate_unverified"),
    ],
)
def test_certificate_not_confirmed_is_refused_art7(status: CertificateStatus, code: str) -> None:
    assert codes(facts(certificate_status=status)) == [code]


@pytest.mark.parametrize(
    ("station", "accepted"),
    [("231002-PS01", True), ("231084-PS01", True), ("231002-TP01", False), ("999999-X", False)],
)
def test_only_household_registration_stations_accept_any_of_them_art2(
    station: str, accepted: bool
) -> None:
    assert decide(REF, facts(station_code=station)).accepted is accepted


def test_every_reason_is_collected_not_only_the_first_art8() -> None:
    everything_wrong = facts(
        station_code="231002-TP01",
        matter_type=MatterType.NON_LITIGATION,
        firm_division="330102",
        materials=materials(sealed=False, states_purpose=False, named_persons=()),
        persons=(PersonRequest(NAME, None),),
        certificate_status=CertificateStatus.REVOKED,
    )
    assert sorted(codes(everything_wrong)) == sorted(
        [
            "station_not_accepting",
            "letter_not_sealed",
            "letter_missing_purpose",
            "matter_type_not_allowed",
            "firm_outside_mudanjiang",
            "person_not_named_in_letter",
            "id_number_missing",
            "certificate_invalid",
        ]
    )


def test_refusal_reasons_never_carry_the_persons_name_or_id() -> None:
    bad = PERSON_ID[:17] + ("0" if PERSON_ID[17] != "0" else "1")
    refused = facts(
        materials=materials(named_persons=("赵六",)), persons=(PersonRequest(NAME, bad),)
    )
    for reason in decide(REF, refused).reasons:
        assert NAME not in reason.text and bad not in reason.text


def test_letter_names_match_after_unicode_normalisation_art6() -> None:
    spaced = facts(
        materials=materials(named_persons=(f" {NAME} ",)), persons=(PersonRequest(NAME, PERSON_ID),)
    )
    assert codes(spaced) == []
