"""Per-request context shared by logs, audit and errors."""

from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
client_id_var: ContextVar[str | None] = ContextVar("client_id", default=None)
language_var: ContextVar[str] = ContextVar("language", default="zh")  # of problem messages
