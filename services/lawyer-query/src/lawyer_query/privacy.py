"""Defence in depth for logs: any citizen ID number that reaches a log line is masked."""

from __future__ import annotations

import logging
import re

from starlette.types import ASGIApp, Receive, Scope, Send

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
