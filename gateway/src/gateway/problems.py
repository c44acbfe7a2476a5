"""problem+json for the proxy fast path, in the same shape as ``suitekit.errors``."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import Send

from suitekit.errors import PROBLEM_BASE, PROBLEM_JSON


class Problem(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        title: str,
        detail: str,
        *,
        headers: list[tuple[bytes, bytes]] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.headers = headers or []
        self.extra = extra

    def body(self, request_id: str) -> bytes:
        document: dict[str, Any] = {
            "type": PROBLEM_BASE + self.code,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
            "request_id": request_id,
            **self.extra,
        }
        return json.dumps(document, ensure_ascii=False).encode()


async def send_problem(
    send: Send, problem: Problem, *, request_id: str, extra_headers: list[tuple[bytes, bytes]]
) -> None:
    body = problem.body(request_id)
    headers = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"x-request-id", request_id.encode()),
        *problem.headers,
        *extra_headers,
    ]
    await send({"type": "http.response.start", "status": problem.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def bearer_challenge(error: str | None = None, description: str = "", scope: str = "") -> bytes:
    """RFC 6750 §3 ``WWW-Authenticate`` value."""
    parts = ['Bearer realm="mudanjiang-suite"']
    if error:
        parts.append(f'error="{error}"')
    if description:
        parts.append(f'error_description="{description}"')
    if scope:
        parts.append(f'scope="{scope}"')
    return ", ".join(parts).encode()
