"""One pooled keep-alive client and one circuit breaker per upstream."""

from __future__ import annotations

from gateway.observability.metrics import CIRCUIT_STATE
from gateway.proxy.breaker import CircuitBreaker
from gateway.proxy.transport import UpstreamTransport, make_transport
from gateway.settings import GatewaySettings, UpstreamConfig


class Upstream:
    def __init__(self, config: UpstreamConfig, *, settings: GatewaySettings) -> None:
        self.name = config.name
        self.config = config
        self.base_url = config.url.rstrip("/")
        self.transport: UpstreamTransport = make_transport(settings.upstream_client, config)
        gauge = CIRCUIT_STATE.labels(config.name)
        gauge.set(0)
        self.breaker = CircuitBreaker(
            failure_threshold=settings.breaker_failure_threshold,
            open_seconds=settings.breaker_open_seconds,
            on_change=lambda state: gauge.set(state.gauge_value),
        )

    async def fetch(self, path: str, *, timeout: float) -> tuple[int, bytes]:
        """A GET of the gateway's own (status, OpenAPI), outside the breaker."""
        return await self.transport.fetch(self.base_url + path, timeout=timeout)

    async def close(self) -> None:
        await self.transport.close()


def build_upstreams(settings: GatewaySettings) -> dict[str, Upstream]:
    return {name: Upstream(cfg, settings=settings) for name, cfg in settings.upstreams.items()}
