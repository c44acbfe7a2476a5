"""The ``admin`` check at the edge: before an admin request's body is read or parsed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.types import Scope

from gateway.clients.rules import ADMIN_SCOPE
from gateway.problems import Problem, bearer_challenge
from gateway.proxy.auth import authenticate, bearer_token
from gateway.runtime import Runtime


def admin_gate(runtime: Runtime) -> Callable[[Scope], Awaitable[None]]:
    async def gate(scope: Scope) -> None:
        authorization = next((v for n, v in scope["headers"] if n == b"authorization"), None)
        identity = await authenticate(
            bearer_token(authorization),
            public=False,
            verifier=runtime.verifier,
            registry=runtime.registry,
        )
        if ADMIN_SCOPE not in identity.scopes:
            raise Problem(
                403,
                "insufficient_scope",
                "Forbidden",
                "scope admin is required",
                headers=[
                    (b"www-authenticate", bearer_challenge("insufficient_scope", scope="admin"))
                ],
            )

    return gate
