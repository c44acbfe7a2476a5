"""``GET /status``: each upstream's readiness and circuit state, for the ops team."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from gateway.proxy.upstreams import Upstream


async def probe(upstream: Upstream, timeout: float = 2.0) -> dict[str, Any]:
    started = time.perf_counter()
    result: dict[str, Any] = {
        "url": upstream.base_url,
        "circuit": upstream.breaker.state.value,
    }
    try:
        status_code, _body = await upstream.fetch("/readyz", timeout=timeout)
        result.update(ready=status_code == 200, status_code=status_code)
    except Exception as exc:
        result.update(ready=False, error=type(exc).__name__)
    result["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


async def suite_status(upstreams: dict[str, Upstream]) -> dict[str, Any]:
    names = list(upstreams)
    probes = await asyncio.gather(*(probe(upstreams[n]) for n in names))
    services = dict(zip(names, probes, strict=True))
    everything_ready = all(p["ready"] for p in probes)
    return {"status": "ok" if everything_ready else "degraded", "services": services}
