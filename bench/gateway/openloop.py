"""Fixed-rate (open-loop) load: requests start on schedule whether or not earlier ones ended,
latency counted from the scheduled start (no coordinated omission). Keep-alive connections.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass


@dataclass
class OpenLoopResult:
    rate: float
    sent: int
    errors: int
    p50_ms: float
    p99_ms: float


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def get(self, request: bytes) -> int:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:].strip())
        await self.reader.readexactly(length)
        return status


async def _run(
    host: str, port: int, path: str, token: str, rate: float, seconds: float, max_connections: int
) -> OpenLoopResult:
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n\r\n"
    ).encode()
    idle: list[_Connection] = []
    opened = 0
    latencies: list[float] = []
    errors = 0
    gate = asyncio.Semaphore(max_connections)

    async def one(scheduled: float) -> None:
        nonlocal opened, errors
        async with gate:
            if idle:
                connection = idle.pop()
            else:
                opened += 1
                connection = _Connection(*await asyncio.open_connection(host, port))
            try:
                status = await connection.get(request)
            except (OSError, asyncio.IncompleteReadError):
                errors += 1
                return
            idle.append(connection)
            if status != 200:
                errors += 1
            latencies.append(time.perf_counter() - scheduled)

    total = int(rate * seconds)
    start = time.perf_counter() + 0.05
    tasks = []
    for i in range(total):
        scheduled = start + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(scheduled)))
    await asyncio.gather(*tasks)
    for connection in idle:
        connection.writer.close()
    ordered = sorted(latencies) or [float("nan")]
    return OpenLoopResult(
        rate=rate,
        sent=total,
        errors=errors,
        p50_ms=statistics.median(ordered) * 1000,
        p99_ms=ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
    )


def open_loop(
    host: str,
    port: int,
    path: str,
    token: str,
    *,
    rate: float,
    seconds: float,
    max_connections: int = 64,
) -> OpenLoopResult:
    try:
        import uvloop

        return uvloop.run(_run(host, port, path, token, rate, seconds, max_connections))
    except ImportError:
        return asyncio.run(_run(host, port, path, token, rate, seconds, max_connections))
