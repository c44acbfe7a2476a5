"""In-process token buckets (one gateway process; no shared store configured)."""

from __future__ import annotations

import time

from gateway.ratelimit.rules import Bucket, Decision, take
from gateway.settings import TierSpec

_MAX_BUCKETS = 100_000


class MemoryLimiter:
    def __init__(self) -> None:
        self._buckets: dict[str, Bucket] = {}

    async def hit(self, key: str, tier: TierSpec, *, cost: int = 1) -> Decision:
        return self.hit_now(key, tier, cost=cost, now=time.monotonic())

    def hit_now(self, key: str, tier: TierSpec, *, cost: int, now: float) -> Decision:
        bucket, result = take(self._buckets.get(key), tier=tier, now=now, cost=cost)
        if len(self._buckets) >= _MAX_BUCKETS and key not in self._buckets:
            self._drop_full_buckets(now)
        self._buckets[key] = bucket
        return result

    def _drop_full_buckets(self, now: float) -> None:
        # a bucket idle long enough to be full again carries no information
        self._buckets = {k: b for k, b in self._buckets.items() if now - b.updated_at < 3600}

    async def close(self) -> None:
        self._buckets.clear()
