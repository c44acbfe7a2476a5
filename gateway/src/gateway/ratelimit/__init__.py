"""Token-bucket rate limits per client tier, in memory or shared through Redis."""

from gateway.ratelimit.memory import MemoryLimiter
from gateway.ratelimit.redis_store import RedisLimiter
from gateway.ratelimit.rules import Decision, Limiter, rate_limit_headers

__all__ = ["Decision", "Limiter", "MemoryLimiter", "RedisLimiter", "rate_limit_headers"]
