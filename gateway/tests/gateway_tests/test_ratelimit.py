"""Token buckets: the pure arithmetic, the in-memory store and the Redis Lua script."""

from __future__ import annotations

import asyncio
import os
import uuid

import pytest
import redis as redis_sync

from gateway.ratelimit import MemoryLimiter, RedisLimiter, rate_limit_headers
from gateway.ratelimit.rules import Bucket, take
from gateway.settings import TierSpec

TIER = TierSpec(rate=10, burst=5)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_available() -> bool:
    try:
        return bool(redis_sync.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis_sync.RedisError:
        return False


needs_redis = pytest.mark.skipif(
    not _redis_available(), reason=f"no Redis server answers at {REDIS_URL}"
)


@pytest.mark.parametrize(
    ("taken", "allowed"),
    [(TIER.burst - 1, True), (TIER.burst, False), (TIER.burst + 1, False)],
)
def test_full_bucket_admits_exactly_burst_requests(taken: int, allowed: bool) -> None:
    bucket = None
    for _ in range(taken):
        bucket, _decision = take(bucket, tier=TIER, now=0.0)
    _bucket, decision = take(bucket, tier=TIER, now=0.0)
    assert decision.allowed is allowed


@pytest.mark.parametrize(
    ("elapsed", "allowed"),
    [(0.099, False), (0.1, True), (0.101, True)],  # rate 10/s: one token every 0.1 s
)
def test_empty_bucket_refills_at_the_tier_rate(elapsed: float, allowed: bool) -> None:
    empty = Bucket(tokens=0.0, updated_at=0.0)
    assert take(empty, tier=TIER, now=elapsed)[1].allowed is allowed


def test_refill_never_exceeds_the_burst() -> None:
    bucket, decision = take(Bucket(tokens=0.0, updated_at=0.0), tier=TIER, now=3600.0)
    assert decision.remaining == TIER.burst - 1
    assert bucket.tokens == TIER.burst - 1


def test_refused_decision_says_when_to_retry() -> None:
    _bucket, decision = take(Bucket(tokens=0.25, updated_at=0.0), tier=TIER, now=0.0)
    assert not decision.allowed
    assert decision.retry_after == pytest.approx(0.075)
    headers = dict(rate_limit_headers(decision, TIER))
    assert headers[b"retry-after"] == b"1"
    assert headers[b"ratelimit-limit"] == b"5"
    assert headers[b"ratelimit-remaining"] == b"0"
    assert headers[b"ratelimit-policy"] == b"5;w=1"


def test_cost_zero_only_asks() -> None:
    bucket, decision = take(Bucket(tokens=1.0, updated_at=0.0), tier=TIER, now=0.0, cost=0)
    assert decision.allowed and bucket.tokens == 1.0
    _bucket, refused = take(Bucket(tokens=0.5, updated_at=0.0), tier=TIER, now=0.0, cost=0)
    assert not refused.allowed


@pytest.mark.anyio
async def test_memory_limiter_keeps_one_bucket_per_key() -> None:
    limiter = MemoryLimiter()
    results = [await limiter.hit("a", TIER) for _ in range(TIER.burst + 1)]
    assert [r.allowed for r in results] == [True] * TIER.burst + [False]
    assert (await limiter.hit("b", TIER)).allowed


@needs_redis
@pytest.mark.anyio
async def test_redis_limiter_matches_the_rules_and_is_atomic_under_concurrency() -> None:
    limiter = RedisLimiter(REDIS_URL, prefix=f"test:{uuid.uuid4().hex}:")
    tier = TierSpec(rate=0.001, burst=50)  # no refill during the test
    try:
        decisions = await asyncio.gather(*(limiter.hit("client:x", tier) for _ in range(200)))
        assert sum(d.allowed for d in decisions) == 50
        refused = next(d for d in decisions if not d.allowed)
        assert refused.retry_after > 0 and refused.remaining == 0
        assert (await limiter.hit("client:y", tier)).allowed  # another key, another bucket
    finally:
        await limiter.close()


@needs_redis
@pytest.mark.anyio
async def test_redis_bucket_refills_and_expires() -> None:
    prefix = f"test:{uuid.uuid4().hex}:"
    limiter = RedisLimiter(REDIS_URL, prefix=prefix)
    tier = TierSpec(rate=20, burst=2)
    try:
        assert (await limiter.hit("k", tier)).allowed
        assert (await limiter.hit("k", tier)).allowed
        assert not (await limiter.hit("k", tier)).allowed
        await asyncio.sleep(0.12)  # 20/s: two tokens back after 0.1 s
        assert (await limiter.hit("k", tier)).allowed
        ttl_ms = await limiter.client.pttl(prefix + "k")
        assert 0 < ttl_ms <= 2 / 20 * 1000 + 1000
    finally:
        await limiter.close()


@pytest.mark.anyio
async def test_unreachable_redis_falls_back_to_limiting_in_process() -> None:
    from gateway.observability.metrics import RATE_LIMIT_STORE_ERRORS

    before = RATE_LIMIT_STORE_ERRORS._value.get()
    limiter = RedisLimiter("redis://127.0.0.1:1/0")  # nothing listens on port 1
    try:
        decisions = [await limiter.hit("client:x", TIER) for _ in range(TIER.burst + 1)]
    finally:
        await limiter.close()
    assert [d.allowed for d in decisions] == [True] * TIER.burst + [False]
    assert RATE_LIMIT_STORE_ERRORS._value.get() - before == TIER.burst + 1
