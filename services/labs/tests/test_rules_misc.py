"""GB 32100 credit codes, art. 7-8 notices, abnormal rates (art. 13(3)), evaluation state."""

import pytest

from labs.rules.errors import InvalidTransition, RuleConflict, RuleError
from labs.rules.evaluation import (
    EvaluationState,
    check_publishable,
    ensure_weights_editable,
    labs_missing_retests,
)
from labs.rules.flags import is_abnormal, needs_more_inspection, rate_test
from labs.rules.notices import (
    NoticeDecision,
    NoticeKind,
    NoticeState,
    check_handling,
    check_notice_payload,
)
from labs.rules.uscc import check_character, is_valid_uscc, normalise_uscc


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000802100433B", "91440300708461136T"])
def test_published_credit_codes_pass_gb32100(code: str) -> None:
    assert is_valid_uscc(code)


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y44",  # wrong check character
        "91350100M000100Y4",  # 17 characters
        "91350100M000100I43",  # I is not in the GB 32100 character set
        "9135010OM000100Y43",  # letter in the region code
    ],
)
def test_bad_credit_codes_fail_gb32100(code: str) -> None:
    assert not is_valid_uscc(code)


def test_check_character_of_a_known_code() -> None:
    assert check_character("91350100M000100Y4") == "3"


def test_lost_qualification_notice_must_name_items_art8_2() -> None:
    with pytest.raises(RuleError):
        check_notice_payload(NoticeKind.QUALIFICATION_LOST, [], None)
    check_notice_payload(NoticeKind.QUALIFICATION_LOST, [("dairy", "melamine")], None)


def test_conflict_of_interest_notice_must_name_producer_art8_3() -> None:
    with pytest.raises(RuleError):
        check_notice_payload(NoticeKind.CONFLICT_OF_INTEREST, [], None)


def test_subcontract_request_is_approved_or_refused_art7() -> None:
    state = check_handling(
        NoticeState.RECEIVED, NoticeKind.SUBCONTRACT_REQUEST, NoticeDecision.REFUSED
    )
    assert state is NoticeState.HANDLED
    with pytest.raises(RuleError):
        check_handling(NoticeState.RECEIVED, NoticeKind.SUBCONTRACT_REQUEST, NoticeDecision.NOTED)


def test_handled_notice_cannot_be_handled_again() -> None:
    with pytest.raises(InvalidTransition):
        check_handling(NoticeState.HANDLED, NoticeKind.OTHER, NoticeDecision.NOTED)


@pytest.mark.parametrize(("p_value", "abnormal"), [(0.0099, True), (0.01, False), (0.0101, False)])
def test_abnormal_rate_when_p_below_alpha_art13_3(p_value: float, abnormal: bool) -> None:
    assert is_abnormal(p_value) is abnormal


def test_rate_far_above_peers_is_abnormal_high_art13_3() -> None:
    result = rate_test(tested=50, nonconforming=15, peer_tested=1000, peer_nonconforming=50)
    assert result is not None and result.abnormal and result.direction == "high"


def test_rate_far_below_peers_is_abnormal_low_art17_4() -> None:
    result = rate_test(tested=200, nonconforming=0, peer_tested=1000, peer_nonconforming=100)
    assert result is not None and result.abnormal and result.direction == "low"


def test_rate_close_to_peers_is_normal_art13_3() -> None:
    result = rate_test(tested=100, nonconforming=6, peer_tested=1000, peer_nonconforming=50)
    assert result is not None and not result.abnormal and result.direction == "normal"


@pytest.mark.parametrize(("tested", "judged"), [(9, False), (10, True), (11, True)])
def test_rate_is_judged_from_10_samples(tested: int, judged: bool) -> None:
    result = rate_test(tested=tested, nonconforming=1, peer_tested=500, peer_nonconforming=25)
    assert (result is not None) is judged


def test_more_inspection_for_data_problems_rate_or_complaints_art13_3() -> None:
    assert not needs_more_inspection(data_problems=0, abnormal_rate=False, complaints=0)
    assert needs_more_inspection(data_problems=1, abnormal_rate=False, complaints=0)
    assert needs_more_inspection(data_problems=0, abnormal_rate=True, complaints=0)
    assert needs_more_inspection(data_problems=0, abnormal_rate=False, complaints=1)


def test_published_evaluation_cannot_be_published_again_art14() -> None:
    assert check_publishable(EvaluationState.DRAFT) is EvaluationState.PUBLISHED
    with pytest.raises(InvalidTransition):
        check_publishable(EvaluationState.PUBLISHED)


def test_weights_of_a_published_year_are_frozen() -> None:
    ensure_weights_editable(EvaluationState.DRAFT, 2022)
    with pytest.raises(RuleConflict):
        ensure_weights_editable(EvaluationState.PUBLISHED, 2022)


def test_labs_with_fewer_than_3_retests_are_listed_art13_1() -> None:
    assert labs_missing_retests({"a": 2, "b": 3, "c": 0}) == ["a", "c"]


def test_credit_code_is_normalised_to_upper_case() -> None:
    assert normalise_uscc("91350100m000100y43") == "91350100M000100Y43"
