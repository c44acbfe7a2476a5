"""附件4 二(三): the recognition workflow and appeals; 附件2: elective offer; 附件3: selection."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from credits.rules.appeals import (
    AppealOutcome,
    appeal_deadline,
    appeal_in_time,
    decision_in_time,
    guidance_required,
)
from credits.rules.course_table import SchoolType
from credits.rules.offer import check_offer, committee_approves, min_elective_offer
from credits.rules.recognition import (
    Opinion,
    RecognitionState,
    Step,
    allowed_steps,
    can_take,
    reviewers_distinct,
    state_after,
    state_after_publication,
)
from credits.rules.selection import (
    SelectionState,
    allowed_selection_actions,
    can_confirm,
    combination_errors,
    combination_key,
    in_hesitation_period,
    selection_stats,
)

S = RecognitionState


@pytest.mark.parametrize(
    ("state", "steps"),
    [
        (None, [Step.teacher]),
        (S.teacher_reviewed, [Step.group]),
        (S.group_reviewed, [Step.office]),
        (S.office_reviewed, [Step.committee]),
        (S.granted, [Step.publish]),
        (S.refused, [Step.publish]),
        (S.published, [Step.appeal_revision]),
        (S.notified, [Step.appeal_revision]),
    ],
)
def test_recognition_steps_go_in_order_s2_3(state, steps) -> None:
    assert allowed_steps(state) == steps


@pytest.mark.parametrize(
    ("step", "state"),
    [(Step.office, S.teacher_reviewed), (Step.committee, S.group_reviewed), (Step.group, None)],
)
def test_recognition_step_cannot_be_skipped_s2_3(step, state) -> None:
    assert can_take(step, state) is False


def test_committee_opinion_decides_granted_or_refused_s2_3_3() -> None:
    assert state_after(Step.committee, Opinion.grant) is S.granted
    assert state_after(Step.committee, Opinion.refuse) is S.refused
    with pytest.raises(ValueError):
        state_after(Step.committee)


def test_publication_lists_granted_and_notifies_refused_s2_3_4() -> None:
    assert state_after_publication(S.granted) is S.published
    assert state_after_publication(S.refused) is S.notified


def test_one_person_does_not_review_twice_s2_3() -> None:
    assert reviewers_distinct(["t1", "g1"], "o1") is True
    assert reviewers_distinct(["t1", "g1"], "t1") is False


PUBLISHED = date(2022, 3, 1)


@pytest.mark.parametrize(
    ("days_after", "ok"), [(0, True), (9, True), (10, True), (11, False), (-1, False)]
)
def test_appeal_within_10_days_of_publication_s2_3_5(days_after: int, ok: bool) -> None:
    received = PUBLISHED + timedelta(days=days_after)
    assert appeal_in_time(published_on=PUBLISHED, received_on=received) is ok
    assert appeal_deadline(PUBLISHED) == date(2022, 3, 11)


@pytest.mark.parametrize(("days_after", "ok"), [(14, True), (15, True), (16, False)])
def test_appeal_decided_within_15_days_of_receipt_s2_3_5(days_after: int, ok: bool) -> None:
    decided = PUBLISHED + timedelta(days=days_after)
    assert decision_in_time(received_on=PUBLISHED, decided_on=decided) is ok


@pytest.mark.parametrize(
    ("original_granted", "outcome", "needs"),
    [
        (False, AppealOutcome.upheld, True),
        (False, AppealOutcome.overturned, False),
        (True, AppealOutcome.upheld, False),
        (True, AppealOutcome.overturned, True),
    ],
)
def test_refusal_that_stands_needs_guidance_s2_3_5(original_granted, outcome, needs) -> None:
    assert guidance_required(original_granted=original_granted, outcome=outcome) is needs


@pytest.mark.parametrize(
    ("school_type", "offered", "met"),
    [
        (SchoolType.ordinary, "28", True),
        (SchoolType.ordinary, "27.5", False),
        (SchoolType.ordinary, "28.5", True),
        (SchoolType.provincial_model, "36", True),
        (SchoolType.provincial_model, "35.5", False),
        (SchoolType.provincial_model, "36.5", True),
        (SchoolType.korean_ethnic, "28", True),
    ],
)
def test_elective_offer_28_or_36_credits_annex2_2_1_2(school_type, offered, met) -> None:
    check = check_offer(school_type, [Decimal(offered)])
    assert check.met is met
    assert check.missing == max(Decimal(0), min_elective_offer(school_type) - Decimal(offered))


@pytest.mark.parametrize(
    ("votes", "size", "ok"),
    [(3, 6, False), (4, 6, True), (3, 7, False), (4, 7, True), (0, 1, False)],
)
def test_elective_opens_with_more_than_half_of_committee_annex2_2_2_2(votes, size, ok) -> None:
    assert committee_approves(votes_for=votes, committee_size=size) is ok


@pytest.mark.parametrize(("votes", "size"), [(1, 0), (-1, 5), (6, 5)])
def test_committee_vote_rejects_impossible_counts(votes: int, size: int) -> None:
    with pytest.raises(ValueError):
        committee_approves(votes_for=votes, committee_size=size)


@pytest.mark.parametrize(
    ("subjects", "valid"),
    [
        (["WL", "HX", "SW"], True),
        (["LS", "ZZ", "DL"], True),
        (["WL", "LS", "HX"], False),
        (["WL", "HX"], False),
        (["WL", "HX", "SW", "DL"], False),
        (["WL", "HX", "YW"], False),
        (["WL", "HX", "HX"], False),
    ],
)
def test_subject_combination_3_plus_1_plus_2_annex3_3_1(subjects, valid) -> None:
    assert (combination_errors(subjects) == []) is valid


def test_hesitation_period_boundary_annex3_3_1_5_6() -> None:
    until = date(2022, 7, 10)
    assert in_hesitation_period(today=until, hesitation_until=until) is True
    assert in_hesitation_period(today=until + timedelta(days=1), hesitation_until=until) is False
    assert can_confirm(today=until, hesitation_until=until) is False
    assert can_confirm(today=until + timedelta(days=1), hesitation_until=until) is True


def test_selection_state_machine_annex3_3_1_5_6() -> None:
    assert allowed_selection_actions(SelectionState.submitted) == ["request_change", "confirm"]
    assert "withdraw" in allowed_selection_actions(SelectionState.change_requested)
    assert allowed_selection_actions(SelectionState.confirmed) == []


def test_selection_stats_per_subject_combination_and_classes_annex3_3_1_5_4() -> None:
    choices = [["WL", "HX", "SW"]] * 46 + [["LS", "ZZ", "DL"]] * 10
    stats = selection_stats(choices, class_size=45)
    assert stats.students == 56
    assert stats.per_subject["WL"] == 46
    assert stats.per_combination == {"LS+DL+ZZ": 10, "WL+HX+SW": 46}
    assert stats.teaching_classes == {"DL": 1, "HX": 2, "LS": 1, "SW": 2, "WL": 2, "ZZ": 1}
    assert stats.rooms_needed == 3
    assert combination_key(["SW", "WL", "HX"]) == "WL+HX+SW"
