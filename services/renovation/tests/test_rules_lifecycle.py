"""Phase actions and their checks (§四, §四(一)4, §四(一)8, §四(三)1, §五(四)5)."""

from dataclasses import replace
from decimal import Decimal

import pytest

from renovation import refdata
from renovation.rules.contribution import contribution_status
from renovation.rules.lifecycle import (
    TRANSITIONS,
    Action,
    Phase,
    ProjectFacts,
    action_missing,
    allowed_actions,
    next_phase,
)
from renovation.rules.property import PropertyManagementMode
from renovation.rules.publicity import BoardKind, PublicitySummary, publicity_missing

FULL_PUBLICITY = PublicitySummary(
    boards=3,
    kinds=frozenset(BoardKind),
    supervisor_phones=frozenset({"13900000001", "13900000002"}),
    qr_displayed=True,
)


def ready_facts() -> ProjectFacts:
    return ProjectFacts(
        households=300,
        consent_agree=200,
        contribution=contribution_status(
            floor_area_m2=Decimal("100"), reductions=Decimal(0), collected=Decimal("1000")
        ),
        publicity=FULL_PUBLICITY,
        acceptance_parties=refdata.acceptance_parties(),
        required_acceptance_parties=refdata.acceptance_parties(),
        property_mode=PropertyManagementMode.STATE_FALLBACK,
        contract_filing_ref="备案-2022-001",
    )


def test_phases_form_a_single_path_to_handover_s4() -> None:
    phase, path = Phase.PREPARATION, []
    for action in Action:
        nxt = next_phase(phase, action)
        assert nxt is not None
        path.append(nxt)
        phase = nxt
    assert path[-1] is Phase.HANDED_OVER and allowed_actions(Phase.HANDED_OVER) == []
    assert sum(len(v) for v in TRANSITIONS.values()) == len(Action)


@pytest.mark.parametrize("phase", list(Phase))
def test_actions_out_of_order_are_not_allowed(phase: Phase) -> None:
    for action in Action:
        assert (next_phase(phase, action) is not None) is (action.value in allowed_actions(phase))


@pytest.mark.parametrize("action", list(Action))
def test_every_action_passes_when_nothing_is_missing(action: Action) -> None:
    assert action_missing(action, ready_facts()) == []


@pytest.mark.parametrize(("agree", "blocked"), [(199, True), (200, False), (201, False)])
def test_design_needs_two_thirds_consent_s4_1_4(agree: int, blocked: bool) -> None:
    missing = action_missing(Action.DESIGN, replace(ready_facts(), consent_agree=agree))
    assert bool(missing) is blocked
    if blocked:
        assert missing == ["1 more agreeing household(s) to reach two-thirds of 300"]


def test_design_without_consultation_is_blocked_s4_1_4() -> None:
    assert action_missing(Action.DESIGN, replace(ready_facts(), consent_agree=None))


def test_start_needs_contributions_collected_s4_1_8() -> None:
    short = contribution_status(
        floor_area_m2=Decimal("100"), reductions=Decimal(0), collected=Decimal("999.99")
    )
    missing = action_missing(Action.START, replace(ready_facts(), contribution=short))
    assert missing == ["0.01 yuan of resident contributions still to collect"]


@pytest.mark.parametrize(
    ("summary", "count"),
    [
        (FULL_PUBLICITY, 0),
        (replace(FULL_PUBLICITY, boards=2), 1),  # 2 boards: below 3块以上
        (replace(FULL_PUBLICITY, boards=4), 0),
        (replace(FULL_PUBLICITY, supervisor_phones=frozenset({"1"})), 1),  # 1 < 2名以上
        (replace(FULL_PUBLICITY, qr_displayed=False), 1),
        (replace(FULL_PUBLICITY, kinds=frozenset({BoardKind.ANNOUNCEMENT})), 2),
    ],
)
def test_start_needs_3_boards_2_supervisors_and_qr_s5_4_5(
    summary: PublicitySummary, count: int
) -> None:
    assert len(publicity_missing(summary)) == count
    missing = action_missing(Action.START, replace(ready_facts(), publicity=summary))
    assert len(missing) == count


def test_accept_needs_every_listed_party_s4_3_1() -> None:
    present = refdata.acceptance_parties() - {"supervision_unit", "owner_representatives"}
    missing = action_missing(Action.ACCEPT, replace(ready_facts(), acceptance_parties=present))
    assert missing == [
        "acceptance party 'owner_representatives'",
        "acceptance party 'supervision_unit'",
    ]


def test_handover_needs_mode_and_contract_filing_annex3_39() -> None:
    facts = replace(ready_facts(), property_mode=None, contract_filing_ref=None)
    assert len(action_missing(Action.HANDOVER, facts)) == 2
