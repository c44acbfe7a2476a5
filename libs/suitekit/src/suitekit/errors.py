"""Errors as exceptions carrying status and code, rendered as RFC 9457 problem+json."""

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from suitekit import problem_text
from suitekit.context import language_var, request_id_var
from suitekit.redaction import redact, request_values, unknown_keys

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://mudanjiang-suite.example/problems/"
log = logging.getLogger("suitekit.errors")


class ProblemError(Exception):
    status: int = 400
    code: str = "bad_request"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        status: int | None = None,
        title: str | None = None,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        detail_zh: str | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.detail_zh = detail_zh
        self.code = code or self.code
        self.status = status or self.status
        self.title = title or self.title
        self.errors = errors
        self.headers = headers
        self.extra = extra


class InvalidInput(ProblemError):
    status, code, title = 422, "invalid_input", "Invalid input"


class Unauthorized(ProblemError):
    status, code, title = 401, "unauthorized", "Unauthorized"

    def __init__(self, detail: str, **kwargs: Any) -> None:
        kwargs.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(detail, **kwargs)


class Forbidden(ProblemError):
    status, code, title = 403, "forbidden", "Forbidden"


class NotFound(ProblemError):
    status, code, title = 404, "not_found", "Not found"


class NotAcceptable(ProblemError):
    status, code, title = 406, "not_acceptable", "Not acceptable"


class Conflict(ProblemError):
    status, code, title = 409, "conflict", "Conflict"


class PreconditionFailed(ProblemError):
    status, code, title = 412, "precondition_failed", "Precondition failed"


class PreconditionRequired(ProblemError):
    status, code, title = 428, "precondition_required", "Precondition required"


class ServiceUnavailable(ProblemError):
    status, code, title = 503, "unavailable", "Service unavailable"


def invalid_transition(state: str, action: str, allowed: list[str]) -> Conflict:
    allowed_text = ", ".join(allowed) if allowed else "none (final state)"
    return Conflict(
        f"cannot {action} from state '{state}'; allowed next actions: {allowed_text}",
        code="invalid_transition",
        state=state,
        allowed=allowed,
    )


def problem_response(
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    detail_zh: str | None = None,
) -> JSONResponse:
    """``title`` and ``detail`` are given in English; the caller's language (Accept-Language,
    Chinese by default) decides what the body says."""
    language = language_var.get()
    clause = (extra or {}).get("clause")
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code,
        "title": problem_text.title_for(language, status, code, title),
        "status": status,
        "detail": problem_text.detail_for(
            language, status, code, detail, chinese=detail_zh, clause=clause
        ),
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
    request_id = request_id_var.get()
    if request_id:
        body["request_id"] = request_id
    body.update(extra or {})
    language_headers = {
        "Content-Language": "zh-CN" if language == "zh" else "en",
        "Vary": "Accept-Language",
    }
    return JSONResponse(
        body,
        status_code=status,
        headers={**language_headers, **(headers or {})},
        media_type=PROBLEM_JSON,
    )


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


def validation_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    """Fields by the request's own names (aliases, as pydantic reports them), one per error."""
    chinese = language_var.get() == "zh"
    errors = []
    for e in exc.errors():
        message = e.get("msg", "invalid")
        if chinese:
            message = problem_text.message_zh(e.get("type", ""), message, e.get("ctx"))
        errors.append({"field": _field_path(e.get("loc", ())), "message": message})
    return errors


async def _on_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(
        exc.status,
        exc.code,
        exc.title,
        exc.detail,
        errors=exc.errors,
        extra=exc.extra,
        headers=exc.headers,
        detail_zh=exc.detail_zh,
    )


async def _on_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = validation_errors(exc)
    return problem_response(
        422,
        "validation_failed",
        "Invalid request",
        problem_text.validation_detail("en", errors),
        detail_zh=problem_text.validation_detail("zh", errors),
        errors=errors,
    )


async def _on_http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    detail = exc.detail if isinstance(exc.detail, str) else "request failed"
    return problem_response(
        exc.status_code, code, detail, detail, headers=getattr(exc, "headers", None)
    )


async def _on_integrity(_request: Request, exc: Exception) -> JSONResponse:
    log.warning("integrity error: %s", type(exc).__name__)
    return problem_response(409, "conflict", "Conflict", "the change conflicts with stored data")


async def _on_data_error(_request: Request, exc: Exception) -> JSONResponse:
    """A value the database cannot store (e.g. a NUL character in text on Postgres)."""
    log.warning("data error: %s", type(exc).__name__)
    return problem_response(
        422,
        "unstorable_value",
        "Invalid input",
        "a value cannot be stored (control characters such as NUL are not allowed in text)",
    )


async def _on_operational(_request: Request, exc: Exception) -> JSONResponse:
    log.error("database unavailable: %s", type(exc).__name__)
    return problem_response(
        503,
        "storage_unavailable",
        "Storage unavailable",
        "the database cannot take the request now; nothing was written",
        headers={"Retry-After": "5"},
    )


async def _on_unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return problem_response(500, "internal_error", "Internal error", "unexpected error")


Handler = Callable[[Request, Exception], Awaitable[JSONResponse]]


def _values_named_by_kind(handler: Handler) -> Handler:
    """No problem answer repeats a path or query value (it may be an ID number or a name)."""

    async def answer(request: Request, exc: Exception) -> JSONResponse:
        response = await handler(request, exc)
        values = request_values(request.path_params, request.query_params.multi_items())
        if isinstance(exc, RequestValidationError):
            values += unknown_keys(exc.errors())
        body = json.loads(bytes(response.body)) if values else None
        if body is None or redact(body, values) == body:
            return response
        kept = {k: v for k, v in response.headers.items() if k not in _RECOMPUTED_HEADERS}
        return JSONResponse(
            redact(body, values), response.status_code, headers=kept, media_type=PROBLEM_JSON
        )

    return answer


_RECOMPUTED_HEADERS = {"content-length", "content-type"}


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _values_named_by_kind(_on_problem))
    app.add_exception_handler(RequestValidationError, _values_named_by_kind(_on_validation))
    app.add_exception_handler(StarletteHTTPException, _values_named_by_kind(_on_http))
    app.add_exception_handler(IntegrityError, _on_integrity)
    app.add_exception_handler(DataError, _on_data_error)
    app.add_exception_handler(OperationalError, _on_operational)
    app.add_exception_handler(Exception, _on_unexpected)


class LanguageMiddleware:
    """Chooses the language of problem messages from Accept-Language (default: zh-CN)."""

    def __init__(self, app: ASGIApp, *, default: str = "zh-CN") -> None:
        self.app = app
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = dict(scope.get("headers") or []).get(b"accept-language", b"").decode("latin-1")
        token = language_var.set(problem_text.negotiate(header, self.default))
        try:
            await self.app(scope, receive, send)
        finally:
            language_var.reset(token)
