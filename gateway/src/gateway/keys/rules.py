"""Pure rules of key rotation: which key signs, which keys are published, which can go.

A new key is published first and signs only from ``activates_at`` on: a service that read
the JWKS just before the rotation may refresh it only after a cooldown (PyJWT's JWKS
client: 30 s), so signing with an unpublished-to-it key at once would be refused there.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyEntry:
    kid: str
    created_at: float
    retired_at: float | None = None
    activates_at: float | None = None  # None: signs from created_at

    @property
    def starts(self) -> float:
        return self.created_at if self.activates_at is None else self.activates_at


def signing_entry(entries: list[KeyEntry], *, now: float) -> KeyEntry:
    """The most recently activated key; a key still waiting for its activation never signs."""
    started = [e for e in entries if e.starts <= now]
    if not started:
        return min(entries, key=lambda e: e.starts)
    return max(started, key=lambda e: e.starts)


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


def retire_all(entries: list[KeyEntry], *, at: float) -> list[KeyEntry]:
    """Every key not yet retired stops signing at ``at`` (the next key's activation)."""
    return [
        KeyEntry(e.kid, e.created_at, at, e.activates_at) if e.retired_at is None else e
        for e in entries
    ]
