"""Token buckets in Redis: one Lua script call per check, atomic across gateway replicas."""

from __future__ import annotations

import logging
import math
import time

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from gateway.observability.metrics import RATE_LIMIT_STORE_ERRORS
from gateway.ratelimit.memory import MemoryLimiter
from gateway.ratelimit.rules import Decision, decision
from gateway.settings import TierSpec

log = logging.getLogger("gateway.ratelimit")

# Same arithmetic as rules.take, with Redis' clock so every replica agrees on "now".
TOKEN_BUCKET_LUA = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local ttl_ms = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
else
  tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
end
local needed = math.max(cost, 1)
local allowed = 0
if tokens >= needed then
  allowed = 1
  tokens = tokens - cost
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], ttl_ms)
return {allowed, tostring(tokens)}
"""


class RedisLimiter:
    def __init__(self, url: str, *, prefix: str = "gateway:rl:") -> None:
        # a blocking pool waits for a free connection instead of failing under bursts
        self.pool = aioredis.BlockingConnectionPool.from_url(url, max_connections=64, timeout=2)
        self.client = aioredis.Redis(connection_pool=self.pool)
        self.prefix = prefix
        self._script = self.client.register_script(TOKEN_BUCKET_LUA)
        # Redis down must not take the suite down: this replica limits on its own meanwhile
        self._fallback = MemoryLimiter()
        self._warned_at = 0.0

    async def hit(self, key: str, tier: TierSpec, *, cost: int = 1) -> Decision:
        ttl_ms = math.ceil(tier.burst / tier.rate * 1000) + 1000
        try:
            allowed, tokens = await self._script(
                keys=[self.prefix + key], args=[tier.rate, tier.burst, cost, ttl_ms]
            )
        except (RedisError, OSError) as exc:
            self._note_failure(exc)
            return await self._fallback.hit(key, tier, cost=cost)
        return decision(float(tokens), allowed=bool(allowed), tier=tier, needed=max(cost, 1))

    def _note_failure(self, exc: Exception) -> None:
        RATE_LIMIT_STORE_ERRORS.inc()
        now = time.monotonic()
        if now - self._warned_at > 10:
            self._warned_at = now
            log.warning("Redis unavailable (%s): limiting in this process only", type(exc).__name__)

    async def ping(self) -> bool:
        return bool(await self.client.ping())

    async def close(self) -> None:
        await self.client.aclose()
        await self.pool.disconnect()
