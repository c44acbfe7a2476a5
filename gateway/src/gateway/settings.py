"""Gateway settings, read from the environment with the ``GATEWAY_`` prefix.

Upstreams are the five suite services by default (on the ports after ``SUITE_BASE_PORT``);
``GATEWAY_UPSTREAM_<NAME>=http://host:port`` overrides or adds one, and
``GATEWAY_UPSTREAM_<NAME>_CONNECT_TIMEOUT`` / ``_READ_TIMEOUT`` set its timeouts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

SUITE_SERVICES: tuple[str, ...] = ("outfall", "renovation", "credits", "labs", "lawyer-query")
OPS_PORT_OFFSET = 9  # after the five services' ports
_UPSTREAM_PREFIX = "GATEWAY_UPSTREAM_"
_TIMEOUT_SUFFIXES = {"_CONNECT_TIMEOUT": "connect_timeout", "_READ_TIMEOUT": "read_timeout"}


class TierSpec(BaseModel):
    """A token bucket: ``rate`` tokens per second refill, ``burst`` tokens capacity."""

    rate: float = Field(gt=0)
    burst: int = Field(ge=1)


DEFAULT_TIERS: dict[str, TierSpec] = {
    "standard": TierSpec(rate=100, burst=200),
    "bulk": TierSpec(rate=1000, burst=2000),
    # anonymous callers of public paths, keyed by source address: stricter on purpose
    "anonymous": TierSpec(rate=5, burst=20),
    # failed token requests per (client id, source address): 10, then one per 6 s
    "token-failures": TierSpec(rate=10 / 60, burst=10),
    # failed token requests per source address, whatever the client (one office, many systems)
    "token-failures-address": TierSpec(rate=30 / 60, burst=30),
}


class UpstreamConfig(BaseModel):
    name: str
    url: str
    connect_timeout: float = 2.0
    read_timeout: float = 30.0


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    database_url: str = "sqlite:///./var/gateway.db"
    host: str = "127.0.0.1"
    port: int = Field(default_factory=lambda: int(os.environ.get("SUITE_BASE_PORT", "8000")))
    # operations listener (/metrics, /status, /admin): loopback unless an operator says so
    ops_host: str = "127.0.0.1"
    ops_port: int = Field(
        default_factory=lambda: int(os.environ.get("SUITE_BASE_PORT", "8000")) + OPS_PORT_OFFSET
    )
    workers: int = 1
    # granian was dropped (issue 21): one server, one log format, no unlocked dependency
    server: Literal["uvicorn"] = "uvicorn"
    log_level: str = "INFO"
    dev_mode: bool = False

    signing_key_dir: Path = Path("./var/gateway-keys")
    token_ttl_seconds: int = Field(default=900, ge=30, le=86400)
    service_token_ttl_seconds: int = Field(default=60, ge=10, le=600)
    # a rotated key is published this long before it signs: longer than the services'
    # JWKS refresh cooldown (30 s in PyJWT's client, used by suitekit.identity)
    key_activation_seconds: float = Field(default=45, ge=0)
    issuer: str = "mudanjiang-gateway"
    audience: str = "mudanjiang-suite"

    redis_url: str | None = None
    rate_tiers: dict[str, TierSpec] = Field(default_factory=lambda: dict(DEFAULT_TIERS))
    default_tier: str = "standard"
    client_cache_seconds: float = Field(default=1.0, ge=0)

    upstreams: dict[str, UpstreamConfig] = Field(default_factory=dict)
    connect_timeout_seconds: float = 2.0
    read_timeout_seconds: float = 30.0
    max_body_bytes: int = 10 * 1024 * 1024
    upstream_client: Literal["auto", "aiohttp", "httpx"] = "auto"
    breaker_failure_threshold: int = Field(default=5, ge=1)
    breaker_open_seconds: float = Field(default=10.0, gt=0)
    openapi_cache_seconds: float = 30.0

    access_log: bool = True
    cors_origins: list[str] = Field(default_factory=list)
    # OTLP/HTTP collector base URL (e.g. http://otel-collector:4318); unset: no span export
    otel_endpoint: str | None = None
    # scheduled verification of the registry's audit chain (suitekit.audit_watch); 0: off
    audit_verify_interval_seconds: float = Field(default=3600, ge=0)

    def tier(self, name: str) -> TierSpec:
        # a tier the operator's GATEWAY_RATE_TIERS leaves out keeps its built-in value
        return (
            self.rate_tiers.get(name)
            or DEFAULT_TIERS.get(name)
            or self.rate_tiers[self.default_tier]
        )


def upstreams_from_env(
    environ: Mapping[str, str], *, connect_timeout: float, read_timeout: float
) -> dict[str, UpstreamConfig]:
    """The five suite services on the ports after the base port, overridden or extended by env."""
    base_port = int(environ.get("SUITE_BASE_PORT", "8000"))
    urls = {
        name: f"http://127.0.0.1:{base_port + offset}"
        for offset, name in enumerate(SUITE_SERVICES, start=1)
    }
    timeouts: dict[str, dict[str, float]] = {}
    for key, value in environ.items():
        if not key.startswith(_UPSTREAM_PREFIX):
            continue
        rest = key[len(_UPSTREAM_PREFIX) :]
        suffix = next((s for s in _TIMEOUT_SUFFIXES if rest.endswith(s)), None)
        if suffix:
            name = _service_name(rest[: -len(suffix)])
            timeouts.setdefault(name, {})[_TIMEOUT_SUFFIXES[suffix]] = float(value)
        else:
            urls[_service_name(rest)] = value.rstrip("/")
    return {
        name: UpstreamConfig(
            name=name,
            url=url,
            connect_timeout=timeouts.get(name, {}).get("connect_timeout", connect_timeout),
            read_timeout=timeouts.get(name, {}).get("read_timeout", read_timeout),
        )
        for name, url in urls.items()
    }


def _service_name(env_name: str) -> str:
    return env_name.lower().replace("_", "-")


def load_settings(environ: Mapping[str, str] | None = None) -> GatewaySettings:
    """Settings from the process environment, with upstreams parsed from GATEWAY_UPSTREAM_*."""
    env = os.environ if environ is None else environ
    settings = GatewaySettings()
    if not settings.upstreams:
        settings.upstreams = upstreams_from_env(
            env,
            connect_timeout=settings.connect_timeout_seconds,
            read_timeout=settings.read_timeout_seconds,
        )
    return settings
