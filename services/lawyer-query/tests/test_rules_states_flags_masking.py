"""State machine (arts. 8-10), print rule (art. 9), supervision flags, masking."""

from __future__ import annotations

import pytest

from lawyer_query.refdata import FlagThreshold, load_refdata
from lawyer_query.rules.flags import exceeds, flags_for
from lawyer_query.rules.masking import mask_id_number, mask_name, scrub_id_numbers
from lawyer_query.rules.states import (
    TRANSITIONS,
    Action,
    Status,
    allowed_actions,
    next_status,
    reprint_needs_reason,
)

REF = load_refdata()


@pytest.mark.parametrize(
    ("status", "action", "after"),
    [
        (Status.ACCEPTED, Action.QUERY, Status.ANSWERED),
        (Status.ACCEPTED, Action.WITHDRAW, Status.WITHDRAWN),
        (Status.ACCEPTED, Action.PRINT, None),
        (Status.ANSWERED, Action.PRINT, Status.ANSWERED),
        (Status.ANSWERED, Action.QUERY, None),  # one registry access per application (art. 9)
        (Status.REFUSED, Action.QUERY, None),  # art. 8
        (Status.REFUSED, Action.PRINT, None),
        (Status.WITHDRAWN, Action.QUERY, None),
    ],
)
def test_state_machine_transitions_arts_8_9(
    status: Status, action: Action, after: Status | None
) -> None:
    assert next_status(status, action) == after


def test_refused_and_withdrawn_are_terminal_art10() -> None:
    assert allowed_actions(Status.REFUSED) == []
    assert allowed_actions(Status.WITHDRAWN) == []
    assert set(TRANSITIONS) == set(Status)


@pytest.mark.parametrize(("prints", "needs"), [(0, False), (1, True), (2, True)])
def test_reprint_needs_a_reason_first_print_does_not_art9(prints: int, needs: bool) -> None:
    assert reprint_needs_reason(prints) is needs


@pytest.mark.parametrize("kind", sorted(REF.flags))
@pytest.mark.parametrize(("delta", "flagged"), [(-1, False), (0, False), (1, True)])
def test_flag_when_count_is_above_the_threshold_supervision(
    kind: str, delta: int, flagged: bool
) -> None:
    threshold = REF.flags[kind]
    count = threshold.max + delta
    assert exceeds(count, threshold) is flagged
    assert bool(flags_for(kind, {"subject": count}, threshold)) is flagged


def test_flags_thresholds_come_from_refdata() -> None:
    assert REF.flags["lawyer_queries"] == FlagThreshold(max=10, window_hours=24)
    assert set(REF.flags) == {
        "lawyer_queries",
        "firm_queries",
        "lawyer_refusals",
        "person_distinct_lawyers",
    }


def test_id_number_is_masked_but_first_and_last() -> None:
    assert mask_id_number("23100219900101001X") == "2****************X"


def test_name_is_masked_after_the_first_character() -> None:
    assert mask_name("欧阳修") == "欧**"
    assert mask_name("") == ""


def test_id_numbers_inside_text_are_scrubbed() -> None:
    text = "lookup 23100219900101001X failed; order 123"
    assert scrub_id_numbers(text) == "lookup 2****************X failed; order 123"
