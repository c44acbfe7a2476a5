"""Pure token-bucket arithmetic (no I/O); the Redis Lua script mirrors ``take``."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from gateway.settings import TierSpec


@dataclass(frozen=True, slots=True)
class Bucket:
    tokens: float
    updated_at: float


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    retry_after: float  # seconds until one more request would pass (0 when allowed)
    reset: float  # seconds until the bucket is full again


def refill(bucket: Bucket | None, *, tier: TierSpec, now: float) -> float:
    if bucket is None:
        return float(tier.burst)
    elapsed = max(0.0, now - bucket.updated_at)
    return min(float(tier.burst), bucket.tokens + elapsed * tier.rate)


def take(
    bucket: Bucket | None, *, tier: TierSpec, now: float, cost: int = 1
) -> tuple[Bucket, Decision]:
    """Take ``cost`` tokens if there are enough; ``cost=0`` only asks whether one would pass."""
    tokens = refill(bucket, tier=tier, now=now)
    needed = max(cost, 1)
    allowed = tokens >= needed
    if allowed and cost > 0:
        tokens -= cost
    return Bucket(tokens, now), decision(tokens, allowed=allowed, tier=tier, needed=needed)


def decision(tokens: float, *, allowed: bool, tier: TierSpec, needed: int = 1) -> Decision:
    retry_after = 0.0 if allowed else (needed - tokens) / tier.rate
    return Decision(
        allowed=allowed,
        limit=tier.burst,
        remaining=max(0, math.floor(tokens)),
        retry_after=retry_after,
        reset=max(0.0, (tier.burst - tokens) / tier.rate),
    )


def rate_limit_headers(result: Decision, tier: TierSpec) -> list[tuple[bytes, bytes]]:
    """IETF draft RateLimit header fields; ``Retry-After`` (RFC 9110 §10.2.3) when refused."""
    window = max(1, math.ceil(tier.burst / tier.rate))
    headers = [
        (b"ratelimit-limit", str(result.limit).encode()),
        (b"ratelimit-remaining", str(result.remaining).encode()),
        (b"ratelimit-reset", str(math.ceil(result.reset)).encode()),
        (b"ratelimit-policy", f"{tier.burst};w={window}".encode()),
    ]
    if not result.allowed:
        headers.append((b"retry-after", str(max(1, math.ceil(result.retry_after))).encode()))
    return headers


class Limiter(Protocol):
    async def hit(self, key: str, tier: TierSpec, *, cost: int = 1) -> Decision: ...

    async def close(self) -> None: ...
