"""Everything a gateway process holds: keys, tokens, client cache, limiter, upstreams."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from gateway.clients.registry import ClientRegistry
from gateway.keys import KeyStore, key_store
from gateway.observability.metrics import RequestMetrics
from gateway.observability.otel import HopTracer
from gateway.proxy.routes_index import RouteIndex
from gateway.proxy.upstreams import Upstream, build_upstreams
from gateway.ratelimit import Limiter, MemoryLimiter, RedisLimiter
from gateway.settings import GatewaySettings
from gateway.tokens import TokenIssuer, TokenVerifier
from suitekit.db import make_engine


@dataclass
class Runtime:
    settings: GatewaySettings
    engine: Engine
    keys: KeyStore
    issuer: TokenIssuer
    verifier: TokenVerifier
    registry: ClientRegistry
    limiter: Limiter
    upstreams: dict[str, Upstream]
    metrics: RequestMetrics = field(default_factory=RequestMetrics)
    routes: RouteIndex = field(default_factory=RouteIndex)
    tracer: HopTracer | None = None

    @classmethod
    def build(cls, settings: GatewaySettings) -> Runtime:
        engine = make_engine(settings.database_url)
        keys = key_store(settings)
        limiter: Limiter = (
            RedisLimiter(settings.redis_url) if settings.redis_url else MemoryLimiter()
        )
        return cls(
            settings=settings,
            engine=engine,
            keys=keys,
            issuer=TokenIssuer(
                keys,
                issuer=settings.issuer,
                audience=settings.audience,
                access_ttl=settings.token_ttl_seconds,
                service_ttl=settings.service_token_ttl_seconds,
            ),
            verifier=TokenVerifier(keys, issuer=settings.issuer, audience=settings.audience),
            registry=ClientRegistry(engine, refresh_seconds=settings.client_cache_seconds),
            limiter=limiter,
            upstreams=build_upstreams(settings),
            tracer=HopTracer.from_settings(settings),
        )

    async def start(self) -> None:
        self.keys.ensure()
        await self.registry.start()

    async def stop(self) -> None:
        await self.registry.stop()
        for upstream in self.upstreams.values():
            await upstream.close()
        await self.limiter.close()
        if self.tracer is not None:
            self.tracer.shutdown()
        self.engine.dispose()
