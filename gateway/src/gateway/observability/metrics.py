"""Prometheus metrics of the gateway, labelled like the access log."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

REQUESTS = Counter(
    "gateway_requests_total",
    "Requests handled by the gateway",
    ["upstream", "route", "method", "status", "client"],
)
GATEWAY_TIME = Histogram(
    "gateway_gateway_duration_seconds",
    "Time spent in the gateway itself (total minus upstream)",
    ["upstream", "route"],
    buckets=_BUCKETS,
)
UPSTREAM_TIME = Histogram(
    "gateway_upstream_duration_seconds",
    "Time waiting for the upstream (request sent to response read)",
    ["upstream", "route"],
    buckets=_BUCKETS,
)
TOTAL_TIME = Histogram(
    "gateway_request_duration_seconds",
    "Total request time at the gateway",
    ["upstream", "route"],
    buckets=_BUCKETS,
)
UPSTREAM_ERRORS = Counter(
    "gateway_upstream_errors_total", "Upstream transport failures", ["upstream", "kind"]
)
RATE_LIMITED = Counter(
    "gateway_ratelimit_rejections_total", "Requests refused by a rate limit", ["tier", "scope"]
)
CIRCUIT_STATE = Gauge(
    "gateway_circuit_state",
    "Circuit breaker state (0 closed, 1 half-open, 2 open)",
    ["upstream"],
    multiprocess_mode="livemax",  # several workers: the worst state any live worker holds
)
RATE_LIMIT_STORE_ERRORS = Counter(
    "gateway_ratelimit_store_errors_total", "Redis failures (the replica limited on its own)"
)
SIGNING_KEY_AGE = Gauge(
    "gateway_signing_key_age_seconds",
    "Seconds since the active signing key began signing (rotate yearly: runbook)",
    multiprocess_mode="max",
)
RETRIES = Counter("gateway_upstream_retries_total", "GET/HEAD retried once", ["upstream"])


class RequestMetrics:
    """Caches labelled children: ``labels()`` costs more than the observation itself."""

    def __init__(self) -> None:
        self._hist: dict[tuple[str, str], tuple[Histogram, Histogram, Histogram]] = {}
        self._count: dict[tuple[str, str, str, int, str], Counter] = {}

    def observe(
        self,
        *,
        upstream: str,
        route: str,
        method: str,
        status: int,
        client: str,
        total: float,
        upstream_time: float,
    ) -> None:
        key = (upstream, route)
        hists = self._hist.get(key)
        if hists is None:
            hists = (
                TOTAL_TIME.labels(upstream, route),
                GATEWAY_TIME.labels(upstream, route),
                UPSTREAM_TIME.labels(upstream, route),
            )
            self._hist[key] = hists
        hists[0].observe(total)
        hists[1].observe(max(0.0, total - upstream_time))
        if upstream_time:
            hists[2].observe(upstream_time)
        ckey = (upstream, route, method, status, client)
        counter = self._count.get(ckey)
        if counter is None:
            counter = REQUESTS.labels(upstream, route, method, str(status), client)
            self._count[ckey] = counter
        counter.inc()
