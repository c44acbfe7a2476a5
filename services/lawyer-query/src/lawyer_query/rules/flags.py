"""Unusual patterns the supervising department (户政支队, art. 13) wants flagged.

The gazette gives no numbers; thresholds come from refdata/flags.json (a policy setting).
"""

from __future__ import annotations

from dataclasses import dataclass

from lawyer_query.refdata import FlagThreshold

FLAG_KINDS: dict[str, str] = {
    "lawyer_queries": "one lawyer with many queries in a short time",
    "firm_queries": "one law firm with many queries in a short time",
    "lawyer_refusals": "one lawyer with many refused applications",
    "person_distinct_lawyers": "one person queried by many lawyers",
}


@dataclass(frozen=True)
class Flag:
    kind: str
    subject: str  # opaque key: lawyer certificate, firm id, or person blind index
    count: int
    threshold: int
    window_hours: int
    description: str


def exceeds(count: int, threshold: FlagThreshold) -> bool:
    """A pattern is unusual when the count in the window is strictly above the maximum."""
    return count > threshold.max


def flags_for(kind: str, counts: dict[str, int], threshold: FlagThreshold) -> list[Flag]:
    return [
        Flag(kind, subject, count, threshold.max, threshold.window_hours, FLAG_KINDS[kind])
        for subject, count in sorted(counts.items())
        if exceeds(count, threshold)
    ]
