"""Defence in depth for logs: any citizen ID number that reaches a log line is masked."""

from __future__ import annotations

import logging
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lawyer_query.crypto import FieldCipher
from lawyer_query.rules.masking import scrub_id_numbers


class MaskIdNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = scrub_id_numbers(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        return True


def install_log_masking() -> None:
    """Attach the filter to the root handlers (idempotent)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, MaskIdNumbers) for f in handler.filters):
            handler.addFilter(MaskIdNumbers())


REGISTRY_DATA_PATHS = re.compile(r"^/v1/applications/[^/]+/query$")


class NoStoredRegistryResponses:
    """The kit's idempotency middleware stores POST response bodies in clear; a query answer
    holds registry data, so its Idempotency-Key is dropped before that middleware sees it.
    A repeated query is refused by the state machine instead (409), and the archived result
    stays available only as a counted, audited print."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and REGISTRY_DATA_PATHS.match(scope["path"]):
            headers = [(k, v) for k, v in scope["headers"] if k != b"idempotency-key"]
            scope = {**scope, "headers": headers}
        await self.app(scope, receive, send)


class SealedIdempotentBodies:
    """The kit keeps a POST's answer to replay it for a retry with the same Idempotency-Key;
    here that answer (a printed result holds registry data) is stored AEAD-sealed, bound to
    its (client, key) record, never in clear (art. 10)."""

    def __init__(self, cipher: FieldCipher) -> None:
        self.cipher = cipher

    def seal(self, body: bytes, *, record: str) -> bytes:
        return self.cipher.encrypt(body, record_id=f"idempotency/{record}", field="body")

    def open(self, sealed: bytes, *, record: str) -> bytes:
        return self.cipher.decrypt(sealed, record_id=f"idempotency/{record}", field="body")


class NoStoreAnswers:
    """`Cache-Control: no-store` on every answer: applications, query answers, prints and the
    supervisors' searches all carry personal or registry data that no cache may keep."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"
                ]
                headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_no_store)
