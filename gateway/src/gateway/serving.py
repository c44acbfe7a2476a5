"""Running the two listeners: public (API, token, JWKS, docs, health) and operations.

One worker: both listeners in one event loop, sharing one runtime (an admin change is seen
by the proxy from the next request on). Several workers (or granian): the workers serve the
public port; the operations listener runs in a thread of the serving process with its own
runtime, like another replica (client changes reach the workers within the client-cache
window; ``/metrics`` sums every worker's files).
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import uvicorn

from gateway.settings import GatewaySettings

UVICORN_OPTIONS: dict[str, Any] = {
    "log_config": None,
    "access_log": False,
    "server_header": False,
    "proxy_headers": False,
}


def serve_one_worker(settings: GatewaySettings, host: str, port: int) -> None:
    from gateway.app import create_app
    from gateway.ops import create_ops_app

    public = create_app(settings)
    ops = create_ops_app(public.runtime, owns_runtime=False)  # type: ignore[attr-defined]
    servers = [
        uvicorn.Server(uvicorn.Config(public, host=host, port=port, **UVICORN_OPTIONS)),
        uvicorn.Server(
            uvicorn.Config(
                ops, host=settings.ops_host, port=settings.ops_port, lifespan="off",
                **UVICORN_OPTIONS,
            )
        ),
    ]  # fmt: skip
    asyncio.run(serve_together(servers))


async def serve_together(servers: list[uvicorn.Server]) -> None:
    """Until one of them stops (a signal, a port in use): then all of them."""
    tasks = [asyncio.create_task(server.serve()) for server in servers]
    await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for server in servers:
        server.should_exit = True
    await asyncio.gather(*tasks)


def start_ops_thread(settings: GatewaySettings) -> threading.Thread:
    """The operations listener beside a multi-worker server (own runtime, daemon thread)."""
    from gateway.ops import create_ops_app
    from gateway.runtime import Runtime

    app = create_ops_app(Runtime.build(settings), owns_runtime=True)
    server = uvicorn.Server(
        uvicorn.Config(app, host=settings.ops_host, port=settings.ops_port, **UVICORN_OPTIONS)
    )
    thread = threading.Thread(target=server.run, name="gateway-ops", daemon=True)
    thread.start()
    return thread
