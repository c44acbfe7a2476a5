"""Appeals to the arbitration committee (附件4 二(三)5)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from credits.rules.module_credit import Remedy

# 附件4 二(三)5: within 10 days of publication or notice ...
APPEAL_WINDOW_DAYS: Final = 10
# ... and the arbitration committee decides within 15 days of receiving it.
DECISION_WINDOW_DAYS: Final = 15


class AppealState(StrEnum):
    received = "received"
    decided = "decided"


class AppealOutcome(StrEnum):
    upheld = "upheld"  # the original result stands
    overturned = "overturned"  # the result is reversed


def appeal_deadline(published_on: date) -> date:
    """The last day an appeal may be received: the starting day is not counted."""
    return published_on + timedelta(days=APPEAL_WINDOW_DAYS)


def appeal_in_time(*, published_on: date, received_on: date) -> bool:
    return published_on <= received_on <= appeal_deadline(published_on)


def decision_deadline(received_on: date) -> date:
    return received_on + timedelta(days=DECISION_WINDOW_DAYS)


def decision_in_time(*, received_on: date, decided_on: date) -> bool:
    return received_on <= decided_on <= decision_deadline(received_on)


def final_refusal(*, original_granted: bool, outcome: AppealOutcome) -> bool:
    """Whether the result after the appeal is 不予认定."""
    granted = original_granted if outcome is AppealOutcome.upheld else not original_granted
    return not granted


def guidance_required(*, original_granted: bool, outcome: AppealOutcome) -> bool:
    """附件4 二(三)5: a refusal that stands is explained in person with guidance:
    make up periods, re-sit, retake or switch."""
    return final_refusal(original_granted=original_granted, outcome=outcome)


GUIDANCE_OPTIONS: Final = frozenset(Remedy)
