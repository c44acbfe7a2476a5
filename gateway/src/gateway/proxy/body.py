"""Request bodies: small ones read at once, large ones streamed, both under the size limit."""

from __future__ import annotations

from collections.abc import AsyncIterator

from starlette.types import Receive

from gateway.problems import Problem

BUFFER_LIMIT = 64 * 1024


class BodyTooLarge(Exception):
    pass


class ClientGone(Exception):
    pass


def too_large(limit: int) -> Problem:
    return Problem(
        413,
        "body_too_large",
        "Request body too large",
        f"the request body exceeds the limit of {limit} bytes",
        limit=limit,
    )


def declared_length(headers: list[tuple[bytes, bytes]]) -> tuple[int | None, bool]:
    """``(Content-Length, chunked?)``; a malformed Content-Length is a 400."""
    length: int | None = None
    chunked = False
    for name, value in headers:
        if name == b"content-length":
            if not value.isdigit():
                raise Problem(400, "bad_request", "Bad request", "invalid Content-Length")
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
    return length, chunked


async def read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


class StreamedBody:
    """The request body as it arrives; the HTTP client may wrap our exception in its own,
    so the verdict is also kept in ``exceeded``."""

    def __init__(self, receive: Receive, limit: int) -> None:
        self.receive = receive
        self.limit = limit
        self.exceeded = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        size = 0
        more = True
        while more:
            message = await self.receive()
            if message["type"] == "http.disconnect":
                raise ClientGone
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                self.exceeded = True
                raise BodyTooLarge
            if chunk:
                yield chunk
            more = message.get("more_body", False)
