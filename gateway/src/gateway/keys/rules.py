"""Pure rules of key rotation: which keys are still published, which can be deleted."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyEntry:
    kid: str
    created_at: float
    retired_at: float | None = None


def retention_seconds(*, token_ttl: int, service_token_ttl: int, skew: int = 60) -> int:
    """How long a retired key stays published: the longest-lived token it signed, plus skew.

    A key retired at time R signed its last access token at R at the latest; that token
    expires at R + token_ttl, so the key must verify until then (RFC 7517 rotation practice).
    """
    return max(token_ttl, service_token_ttl) + skew


def is_published(entry: KeyEntry, *, now: float, retention: int) -> bool:
    return entry.retired_at is None or now < entry.retired_at + retention


def published(entries: list[KeyEntry], *, now: float, retention: int) -> list[KeyEntry]:
    return [e for e in entries if is_published(e, now=now, retention=retention)]


def retire(entries: list[KeyEntry], *, active_kid: str, now: float) -> list[KeyEntry]:
    """Mark the currently active key retired at ``now``; other entries are unchanged."""
    return [
        KeyEntry(e.kid, e.created_at, now) if e.kid == active_kid and e.retired_at is None else e
        for e in entries
    ]
