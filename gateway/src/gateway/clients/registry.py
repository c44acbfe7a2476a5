"""Cached client state for the request path: enabled flag and tier, without a query per call.

Refreshed from the database every ``client_cache_seconds`` by a background task, and at once
in the process that changed a client (admin API), so a disabled client's still-valid tokens
are refused from the next request on (at most one refresh interval on other replicas). The
same holds for any change of a client: its tokens carry the client's version, and a token
of another version is refused (``token_is_current``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool

from gateway.clients.models import GatewayClient

log = logging.getLogger("gateway.clients")
OUTDATED = "the client changed since this token was issued: request a new token"


@dataclass(frozen=True, slots=True)
class ClientState:
    enabled: bool
    tier: str
    version: int

    @classmethod
    def of(cls, client: GatewayClient) -> ClientState:
        return cls(client.enabled, client.tier, client.version)


def load_states(engine: Engine) -> dict[str, ClientState]:
    with Session(engine) as session:
        rows = session.exec(
            select(
                GatewayClient.id, GatewayClient.enabled, GatewayClient.tier, GatewayClient.version
            )
        )
        return {cid: ClientState(enabled, tier, version) for cid, enabled, tier, version in rows}


def load_one(engine: Engine, client_id: str) -> ClientState | None:
    with Session(engine) as session:
        client = session.get(GatewayClient, client_id)
        return None if client is None else ClientState.of(client)


class ClientRegistry:
    def __init__(self, engine: Engine, *, refresh_seconds: float) -> None:
        self.engine = engine
        self.refresh_seconds = refresh_seconds
        self._states: dict[str, ClientState] = {}
        self._task: asyncio.Task[None] | None = None

    def state(self, client_id: str) -> ClientState | None:
        return self._states.get(client_id)

    async def lookup(self, client_id: str) -> ClientState | None:
        """Cached state, or one query for a client created since the last refresh."""
        state = self._states.get(client_id)
        if state is None:
            state = await run_in_threadpool(load_one, self.engine, client_id)
            if state is not None:
                self._states[client_id] = state
        return state

    def forget(self, client_id: str, state: ClientState | None) -> None:
        """This process changed the client: use the new state from the next request on."""
        if state is None:
            self._states.pop(client_id, None)
        else:
            self._states[client_id] = state

    async def reload(self) -> None:
        self._states = await run_in_threadpool(load_states, self.engine)

    def reload_now(self) -> None:
        self._states = load_states(self.engine)

    async def start(self) -> None:
        await self.reload()
        if self.refresh_seconds > 0:
            self._task = asyncio.create_task(self._refresh_forever())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _refresh_forever(self) -> None:
        while True:
            await asyncio.sleep(self.refresh_seconds)
            try:
                await self.reload()
            except Exception:  # a database hiccup keeps the last known states
                log.exception("client registry refresh failed")


def token_is_current(state: ClientState, token_client_version: int) -> bool:
    """Tokens issued before the client's last change (scopes removed, secret rotated...)
    are outdated."""
    return state.enabled and state.version == token_client_version
