"""``/admin/clients``: the registry over HTTP (scope ``admin``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from gateway.clients import service
from gateway.clients.models import GatewayClient
from gateway.clients.registry import OUTDATED, ClientState, token_is_current
from gateway.clients.rules import ADMIN_SCOPE
from gateway.clients.schemas import (
    ClientAction,
    ClientCreate,
    ClientPublic,
    ClientsPublic,
    ClientUpdate,
    ClientWithSecret,
)
from gateway.runtime import Runtime
from gateway.tokens import InvalidToken
from suitekit.db import open_write_session
from suitekit.errors import Forbidden, Unauthorized
from suitekit.etag import require_if_match, set_etag
from suitekit.identity import Caller
from suitekit.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery

router = APIRouter(prefix="/admin/clients", tags=["admin"])


def _runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


async def admin_caller(request: Request) -> Caller:
    rt = _runtime(request)
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("an access token with scope admin is required")
    try:
        identity = rt.verifier.verify(token.strip())
    except InvalidToken as exc:
        raise Unauthorized(str(exc), code="invalid_token") from exc
    state = await rt.registry.lookup(identity.sub)
    if state is None or not state.enabled:
        raise Unauthorized("this client is disabled", code="client_disabled")
    if not token_is_current(state, identity.client_version):
        raise Unauthorized(OUTDATED, code="token_outdated")
    if ADMIN_SCOPE not in identity.scopes:
        raise Forbidden("scope admin is required", code="insufficient_scope")
    request.state.client_id = identity.sub
    return Caller(
        client_id=identity.sub, scopes=identity.scopes, jurisdiction=identity.jurisdiction
    )


AdminDep = Annotated[Caller, Depends(admin_caller)]


def _remember(rt: Runtime, client: GatewayClient) -> None:
    rt.registry.forget(client.id, ClientState.of(client))


@router.post("", status_code=201, response_model=ClientWithSecret, summary="register a client")
async def create_client(
    data: ClientCreate, caller: AdminDep, request: Request, response: Response
) -> ClientWithSecret:
    rt = _runtime(request)

    def work() -> ClientWithSecret:
        with open_write_session(rt.engine) as session:
            client, secret = service.create_client(
                session=session,
                data=data,
                caller=caller,
                known_tiers=list(rt.settings.rate_tiers),
                default_tier=rt.settings.default_tier,
            )
            _remember(rt, client)
            set_etag(response, client.version)
            response.headers["Location"] = f"/admin/clients/{client.id}"
            return ClientWithSecret(**ClientPublic.of(client).model_dump(), client_secret=secret)

    return await run_in_threadpool(work)


@router.get("", response_model=ClientsPublic, summary="list clients")
async def list_clients(
    _caller: AdminDep,
    request: Request,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> ClientsPublic:
    rt = _runtime(request)

    def work() -> ClientsPublic:
        with Session(rt.engine) as session:
            rows, next_cursor = service.list_clients(session, limit=limit, cursor=cursor)
            return ClientsPublic(items=[ClientPublic.of(c) for c in rows], next_cursor=next_cursor)

    return await run_in_threadpool(work)


@router.get("/{client_id}", response_model=ClientPublic, summary="one client")
async def get_client(
    client_id: str, _caller: AdminDep, request: Request, response: Response
) -> ClientPublic:
    rt = _runtime(request)

    def work() -> ClientPublic:
        with Session(rt.engine) as session:
            client = service.get_client(session, client_id)
            set_etag(response, client.version)
            return ClientPublic.of(client)

    return await run_in_threadpool(work)


@router.patch("/{client_id}", response_model=ClientPublic, summary="change name, scopes, tier")
async def update_client(
    client_id: str, data: ClientUpdate, caller: AdminDep, request: Request, response: Response
) -> ClientPublic:
    rt = _runtime(request)

    def work() -> ClientPublic:
        with open_write_session(rt.engine) as session:
            client = service.get_client(session, client_id)
            require_if_match(request, client.version)
            client = service.update_client(
                session=session,
                client=client,
                data=data,
                caller=caller,
                known_tiers=list(rt.settings.rate_tiers),
            )
            _remember(rt, client)
            set_etag(response, client.version)
            return ClientPublic.of(client)

    return await run_in_threadpool(work)


def _state_action(action: str) -> object:
    async def change(
        client_id: str,
        caller: AdminDep,
        request: Request,
        response: Response,
        data: ClientAction | None = None,
    ) -> ClientPublic:
        rt = _runtime(request)
        reason = data.reason if data else ""

        def work() -> ClientPublic:
            with open_write_session(rt.engine) as session:
                client = service.get_client(session, client_id)
                client = service.change_state(
                    session=session, client=client, action=action, reason=reason, caller=caller
                )
                _remember(rt, client)
                set_etag(response, client.version)
                return ClientPublic.of(client)

        return await run_in_threadpool(work)

    return change


router.add_api_route(
    "/{client_id}/disable",
    _state_action("disable"),  # type: ignore[arg-type]
    methods=["POST"],
    response_model=ClientPublic,
    summary="disable: its tokens are refused from the next request on",
)
router.add_api_route(
    "/{client_id}/enable",
    _state_action("enable"),  # type: ignore[arg-type]
    methods=["POST"],
    response_model=ClientPublic,
    summary="enable a disabled client",
)


@router.post(
    "/{client_id}/rotate-secret", response_model=ClientWithSecret, summary="new client secret"
)
async def rotate_secret(
    client_id: str,
    caller: AdminDep,
    request: Request,
    response: Response,
    data: ClientAction | None = None,
) -> ClientWithSecret:
    rt = _runtime(request)
    reason = data.reason if data else ""

    def work() -> ClientWithSecret:
        with open_write_session(rt.engine) as session:
            client = service.get_client(session, client_id)
            client, secret = service.rotate_secret(
                session=session, client=client, reason=reason, caller=caller
            )
            set_etag(response, client.version)
            return ClientWithSecret(**ClientPublic.of(client).model_dump(), client_secret=secret)

    return await run_in_threadpool(work)
