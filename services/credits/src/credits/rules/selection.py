"""Course selection (附件3 三(一)5): choices, the hesitation period, statistics."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

# 黑政规〔2021〕11号 (cited in 牡教发〔2022〕2号): the "3+1+2" model: one of 物理/历史
# and two of 化学/生物学/思想政治/地理.
FIRST_CHOICE: Final = frozenset({"WL", "LS"})
SECOND_CHOICE: Final = frozenset({"HX", "SW", "ZZ", "DL"})
SECOND_CHOICE_COUNT: Final = 2
DEFAULT_CLASS_SIZE: Final = 45


class SelectionState(StrEnum):
    submitted = "submitted"
    change_requested = "change_requested"  # 退、改选申请 during the hesitation period
    withdrawn = "withdrawn"
    confirmed = "confirmed"


# action -> (states it may start from, state it leads to)
SELECTION_TRANSITIONS: dict[str, tuple[frozenset[SelectionState], SelectionState]] = {
    "request_change": (frozenset({SelectionState.submitted}), SelectionState.change_requested),
    "approve_change": (frozenset({SelectionState.change_requested}), SelectionState.submitted),
    "reject_change": (frozenset({SelectionState.change_requested}), SelectionState.submitted),
    "withdraw": (frozenset({SelectionState.change_requested}), SelectionState.withdrawn),
    "confirm": (frozenset({SelectionState.submitted}), SelectionState.confirmed),
}


def allowed_selection_actions(state: SelectionState) -> list[str]:
    return [a for a, (sources, _) in SELECTION_TRANSITIONS.items() if state in sources]


def selection_actions_now(
    state: SelectionState, *, today: date, hesitation_until: date
) -> list[str]:
    """The actions that would succeed today: a change is asked for only during the hesitation
    period (附件3 三(一)5(6)); choices are confirmed (with the round) only after it."""
    running = in_hesitation_period(today=today, hesitation_until=hesitation_until)
    timed = {"request_change": running, "confirm": not running}
    return [a for a in allowed_selection_actions(state) if timed.get(a, True)]


def combination_errors(subjects: Iterable[str]) -> list[str]:
    chosen = list(subjects)
    errors = []
    if len(set(chosen)) != len(chosen):
        errors.append("a subject is chosen twice")
    first = [s for s in chosen if s in FIRST_CHOICE]
    second = [s for s in chosen if s in SECOND_CHOICE]
    other = [s for s in chosen if s not in FIRST_CHOICE | SECOND_CHOICE]
    if len(first) != 1:
        errors.append("choose exactly one of 物理 (WL) and 历史 (LS)")
    if len(set(second)) != SECOND_CHOICE_COUNT:
        errors.append("choose exactly two of 化学 (HX), 生物学 (SW), 思想政治 (ZZ), 地理 (DL)")
    if other:
        errors.append(f"not an examination subject: {', '.join(sorted(other))}")
    return errors


def combination_key(subjects: Iterable[str]) -> str:
    chosen = sorted(subjects, key=lambda s: (s not in FIRST_CHOICE, s))
    return "+".join(chosen)


def in_hesitation_period(*, today: date, hesitation_until: date) -> bool:
    """附件3 三(一)5(6): changes by application only until the hesitation period ends."""
    return today <= hesitation_until


def can_confirm(*, today: date, hesitation_until: date) -> bool:
    """Classes are formed from the final choices once the hesitation period is over."""
    return today > hesitation_until


@dataclass(frozen=True, slots=True)
class SelectionStats:
    students: int
    per_subject: dict[str, int]
    per_combination: dict[str, int]
    teaching_classes: dict[str, int]
    rooms_needed: int


def selection_stats(
    choices: Iterable[Iterable[str]], class_size: int = DEFAULT_CLASS_SIZE
) -> SelectionStats:
    """附件3 三(一)5(4): students per subject and per combination, and the teaching
    classes and rooms they need."""
    if class_size <= 0:
        raise ValueError("class size must be positive")
    per_subject: Counter[str] = Counter()
    per_combination: Counter[str] = Counter()
    students = 0
    for choice in choices:
        chosen = list(choice)
        students += 1
        per_subject.update(chosen)
        per_combination[combination_key(chosen)] += 1
    classes = {s: math.ceil(n / class_size) for s, n in per_subject.items()}
    return SelectionStats(
        students=students,
        per_subject=dict(sorted(per_subject.items())),
        per_combination=dict(sorted(per_combination.items())),
        teaching_classes=dict(sorted(classes.items())),
        rooms_needed=rooms_needed(classes),
    )


def rooms_needed(classes: dict[str, int]) -> int:
    """Rooms for one walking-class period: the 物理/历史 classes meet in one block and
    the classes of the four second-choice subjects in two blocks (each student has two)."""
    first = sum(n for s, n in classes.items() if s in FIRST_CHOICE)
    second = sum(n for s, n in classes.items() if s in SECOND_CHOICE)
    return max(first, math.ceil(second / SECOND_CHOICE_COUNT))
