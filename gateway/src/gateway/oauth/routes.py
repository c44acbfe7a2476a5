"""``POST /oauth/token``: client credentials in, a signed access token out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from gateway.clients import rules as client_rules
from gateway.clients import service as clients_service
from gateway.clients.models import GatewayClient
from gateway.clients.registry import ClientState
from gateway.oauth.rules import (
    TokenRequest,
    TokenRequestError,
    failure_throttles,
    parse_form,
    token_request,
)
from gateway.observability.metrics import RATE_LIMITED
from gateway.runtime import Runtime
from suitekit.errors import ProblemError

router = APIRouter(tags=["oauth"])
_MAX_FORM_BYTES = 8 * 1024
_STATUS = {"invalid_client": 401, "unsupported_grant_type": 400, "invalid_scope": 400}


class OAuthProblem(ProblemError):
    """RFC 6749 §5.2 error, as problem+json with the OAuth ``error`` member kept."""

    def __init__(self, error: str, description: str, **kwargs: object) -> None:
        status = _STATUS.get(error, 400)
        headers = kwargs.pop("headers", None)
        if status == 401 and headers is None:
            headers = {"WWW-Authenticate": 'Basic realm="mudanjiang-gateway"'}
        super().__init__(
            description,
            code=error,
            status=status,
            title="Token request refused",
            headers=headers,  # type: ignore[arg-type]
            error=error,
            error_description=description,
            **kwargs,
        )


def _runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


@router.post(
    "/oauth/token",
    summary="client credentials grant (RFC 6749 §4.4)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "required": ["grant_type"],
                        "properties": {
                            "grant_type": {"type": "string", "enum": ["client_credentials"]},
                            "client_id": {"type": "string"},
                            "client_secret": {"type": "string"},
                            "scope": {"type": "string"},
                        },
                    }
                }
            },
        }
    },
)
async def issue_token(request: Request) -> JSONResponse:
    rt = _runtime(request)
    parsed = await _parse(request)
    address = request.client.host if request.client else "-"
    throttles = failure_throttles(parsed.client_id, address)
    await _refuse_if_failing(rt, throttles)
    try:
        client = await run_in_threadpool(_authenticate, rt, parsed)
    except ProblemError:
        for key, tier_name in throttles:
            await rt.limiter.hit(key, rt.settings.tier(tier_name))
        raise
    try:
        scopes = client_rules.granted_scopes(client.scope_list, parsed.scope)
    except client_rules.RuleViolation as exc:
        raise OAuthProblem("invalid_scope", exc.message) from exc
    rt.registry.forget(client.id, ClientState.of(client))
    token = rt.issuer.access_token(
        client_id=client.id,
        scope=" ".join(scopes),
        jurisdiction=client.jurisdiction_list,
        client_version=client.version,
    )
    body = {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": rt.settings.token_ttl_seconds,
        "scope": " ".join(scopes),
    }
    return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


async def _parse(request: Request) -> TokenRequest:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise OAuthProblem(
            "invalid_request", "send the token request as application/x-www-form-urlencoded"
        )
    body = await request.body()
    if len(body) > _MAX_FORM_BYTES:
        raise OAuthProblem("invalid_request", "token request too large")
    try:
        return token_request(parse_form(body), request.headers.get("authorization"))
    except TokenRequestError as exc:
        raise OAuthProblem(exc.error, exc.description) from exc


async def _refuse_if_failing(rt: Runtime, throttles: list[tuple[str, str]]) -> None:
    for key, tier_name in throttles:
        decision = await rt.limiter.hit(key, rt.settings.tier(tier_name), cost=0)
        if not decision.allowed:
            RATE_LIMITED.labels(tier_name, key.split(":")[1]).inc()
            raise ProblemError(
                "too many failed token requests; retry later",
                code="rate_limited",
                status=429,
                title="Too many requests",
                headers={"Retry-After": str(max(1, round(decision.retry_after)))},
            )


def _authenticate(rt: Runtime, parsed: TokenRequest) -> GatewayClient:
    with Session(rt.engine) as session:
        try:
            return clients_service.authenticate(session, parsed.client_id, parsed.client_secret)
        except ProblemError as exc:
            raise OAuthProblem("invalid_client", exc.detail) from exc
