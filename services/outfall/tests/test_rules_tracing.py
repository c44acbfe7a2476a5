"""§五(二): responsible party, GB 32100 check characters, government fallback."""

import pytest
from stdnum.cn import uscc

from outfall.rules import RuleViolation
from outfall.rules.tracing import check_party, normalise_uscc

VALID = "91110000600037341L"
# a second code built with the reference check-character algorithm
BODY = "91231000MA1B2C3D4"
VALID_2 = BODY + uscc.calc_check_digit(BODY)


@pytest.mark.parametrize("code", [VALID, VALID_2, VALID.lower()])
def test_valid_uscc_is_accepted_s5_2(code: str) -> None:
    assert normalise_uscc(code) == code.upper()


@pytest.mark.parametrize(
    ("code", "why"),
    [
        (VALID[:-1] + "A", "check character"),
        (VALID_2[:-1] + ("0" if VALID_2[-1] != "0" else "1"), "check character"),
        (VALID[:-1], "18 characters"),
        (VALID + "0", "18 characters"),
        ("", "18 characters"),
    ],
)
def test_wrong_check_or_length_uscc_is_refused_gb32100(code: str, why: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        normalise_uscc(code)
    assert caught.value.code == "invalid_uscc"
    assert why in caught.value.message


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_uscc_with_forbidden_letter_is_refused_gb32100(letter: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        normalise_uscc(VALID[:8] + letter + VALID[9:])
    assert caught.value.code == "invalid_uscc"


def test_discharger_needs_name_type_and_uscc_s5_2() -> None:
    assert (
        check_party(
            basis="discharger", party_type="enterprise", uscc_code=VALID, name="某企业", reason=None
        )
        == VALID
    )
    with pytest.raises(RuleViolation):
        check_party(
            basis="discharger", party_type="enterprise", uscc_code=None, name="某企业", reason=None
        )
    with pytest.raises(RuleViolation):
        check_party(
            basis="discharger", party_type="enterprise", uscc_code=VALID, name="", reason=None
        )


def test_individual_discharger_needs_no_uscc_s5_2() -> None:
    assert (
        check_party(
            basis="discharger", party_type="individual", uscc_code=None, name="张某", reason=None
        )
        is None
    )


@pytest.mark.parametrize("basis", ["jurisdiction_fallback", "city_designated"])
def test_fallback_without_reason_is_refused_s5_2(basis: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        check_party(basis=basis, party_type=None, uscc_code=None, name="某单位", reason=" ")
    assert caught.value.code == "reason_required"


def test_jurisdiction_fallback_with_reason_is_accepted_s5_2() -> None:
    assert (
        check_party(
            basis="jurisdiction_fallback",
            party_type=None,
            uscc_code=None,
            name=None,
            reason="溯源后仍无法确定",
        )
        is None
    )


def test_city_designated_needs_a_name_s5_2() -> None:
    with pytest.raises(RuleViolation) as caught:
        check_party(
            basis="city_designated", party_type=None, uscc_code=None, name=None, reason="无法确定"
        )
    assert caught.value.code == "name_required"
