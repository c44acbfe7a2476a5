"""`Idempotency-Key` for POST: same key and body replays the first response; another body -> 409.

The first request claims the key (a row in the service's own database) before it runs, so
concurrent duplicates wait for it and replay its answer instead of writing twice.

Nothing reads or writes a record before the caller's gateway identity is verified (issue 14,
item 2): a record belongs to the verified client, the method and the route template. A request
that matches no route, carries no valid identity, comes from an anonymous caller (no namespace
of its own) or is refused before its handler runs (401, 403, invalid request) reserves nothing.
"""

import asyncio
import hashlib
import json
import re
from datetime import datetime
from typing import Any, Protocol

import jwt
from fastapi.routing import iter_route_contexts
from sqlalchemy import Engine, LargeBinary, Text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel
from starlette.concurrency import run_in_threadpool
from starlette.routing import compile_path, get_route_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from suitekit.db import open_write_session
from suitekit.errors import problem_response
from suitekit.identity import ANONYMOUS, IdentityVerifier
from suitekit.timeutil import utcnow

MAX_KEY_LENGTH = 200
WAIT_FOR_FIRST_SECONDS = 30.0
REPLAYED_HEADERS = {b"content-type", b"etag", b"location"}


class BodySealer(Protocol):
    """Set as `app.state.idempotency_sealer` by a service whose answers carry personal data:
    stored response bodies are then sealed (e.g. AEAD) and opened only to replay them."""

    def seal(self, body: bytes, *, record: str) -> bytes: ...

    def open(self, sealed: bytes, *, record: str) -> bytes: ...


class PlainBodies:
    def seal(self, body: bytes, *, record: str) -> bytes:
        return body

    def open(self, sealed: bytes, *, record: str) -> bytes:
        return sealed


def _sealer(scope: Scope) -> BodySealer:
    return getattr(scope["app"].state, "idempotency_sealer", None) or PlainBodies()


class IdempotencyRecord(SQLModel, table=True):
    __tablename__ = "idempotency_record"

    client_id: str = Field(primary_key=True, max_length=128)
    key: str = Field(primary_key=True, max_length=MAX_KEY_LENGTH)
    request_hash: str = Field(max_length=64)
    completed: bool = False
    status_code: int | None = None
    headers: str = Field(default="[]", sa_type=Text)
    body: bytes | None = Field(default=None, sa_type=LargeBinary)
    created_at: datetime = Field(default_factory=utcnow)


def _bearer_token(scope: Scope) -> str | None:
    authorization = _header(scope, b"authorization")
    if authorization is None:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def verified_client(scope: Scope) -> str | None:
    """The `sub` of a gateway identity whose signature, issuer, audience and expiry hold."""
    token = _bearer_token(scope)
    if token is None:
        return None
    verifier: IdentityVerifier = scope["app"].state.identity_verifier
    try:
        claims = await run_in_threadpool(verifier.verify, token)
    except (jwt.PyJWTError, jwt.PyJWKClientError):
        return None
    client = str(claims["sub"])
    return None if client == ANONYMOUS else client


def _post_routes(app: Any) -> list[tuple[re.Pattern[str], str]]:
    """(path regex, template) of every POST route, nested routers flattened; built once."""
    table = getattr(app.state, "idempotent_routes", None)
    if table is None:
        routes = iter_route_contexts(app.routes)
        table = [
            (compile_path(route.path)[0], route.path)
            for route in routes
            if "POST" in (getattr(route, "methods", None) or ())
        ]
        app.state.idempotent_routes = table
    return table


def route_template(scope: Scope) -> str | None:
    """The template of the POST route this path matches, if any."""
    path = get_route_path(scope)
    for regex, template in _post_routes(scope["app"]):
        if regex.match(path):
            return template
    return None


def record_key(method: str, template: str, key: str) -> str:
    """One stored key per (method, route template, Idempotency-Key): the same key on another
    route is another record. Hashed, so it fits the column whatever the template's length."""
    return hashlib.sha256(f"{method} {template}\n{key}".encode()).hexdigest()


def _refused_before_handler(status: int, body: bytes) -> bool:
    """Refusals that happen before the handler runs keep nothing (the caller may fix and retry)."""
    if status in (401, 403):
        return True
    if status != 422:
        return False
    try:
        return json.loads(body).get("code") == "validation_failed"
    except (ValueError, AttributeError):
        return False


def _header(scope: Scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return value.decode("latin-1")
    return None


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, b"idempotency-key") if scope["type"] == "http" else None
        if key is None or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        template = route_template(scope)
        client = await verified_client(scope) if template is not None else None
        if template is None or client is None:  # the app answers 404/405/401 and keeps nothing
            await self.app(scope, receive, send)
            return
        if not 1 <= len(key) <= MAX_KEY_LENGTH:
            await problem_response(
                422,
                "invalid_idempotency_key",
                "Invalid Idempotency-Key",
                "Idempotency-Key must be 1-200 characters",
            )(scope, receive, send)
            return
        body = await _read_body(receive)
        digest = hashlib.sha256(
            scope["method"].encode() + scope["path"].encode() + b"\n" + body
        ).hexdigest()
        engine: Engine = scope["app"].state.engine
        stored_key = record_key(scope["method"], template, key)
        while True:
            if await run_in_threadpool(_claim, engine, client, stored_key, digest):
                await self._run_and_store(engine, client, stored_key, body, scope, send)
                return
            record = await _wait_for_first(engine, client, stored_key, digest)
            if record is None:  # the first attempt failed and released the key: try again
                continue
            await _answer_duplicate(record, digest, scope, receive, send)
            return

    async def _run_and_store(
        self, engine: Engine, client: str, key: str, body: bytes, scope: Scope, send: Send
    ) -> None:
        sent_body = False
        captured: dict[str, Any] = {"status": 500, "headers": [], "body": []}

        async def replay_receive() -> Message:
            nonlocal sent_body
            if sent_body:
                return {"type": "http.disconnect"}
            sent_body = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = message.get("headers", [])
            elif message["type"] == "http.response.body":
                captured["body"].append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, replay_receive, capture_send)
        finally:
            status, sent = captured["status"], b"".join(captured["body"])
            if status >= 500 or _refused_before_handler(status, sent):
                await run_in_threadpool(_release, engine, client, key)
            else:
                headers = [
                    [n.decode("latin-1"), v.decode("latin-1")]
                    for n, v in captured["headers"]
                    if n.lower() in REPLAYED_HEADERS
                ]
                sealed = _sealer(scope).seal(sent, record=f"{client}/{key}")
                await run_in_threadpool(_complete, engine, client, key, status, headers, sealed)


async def _wait_for_first(
    engine: Engine, client: str, key: str, digest: str
) -> IdempotencyRecord | None:
    """The stored record once the first request finished (or timed out); None if released.

    A duplicate with another body is answered at once: it never replays, so it need not wait.
    """
    waited = 0.0
    while True:
        record = await run_in_threadpool(_load, engine, client, key)
        if record is None or record.completed or waited >= WAIT_FOR_FIRST_SECONDS:
            return record
        if record.request_hash != digest:
            return record
        await asyncio.sleep(0.05)
        waited += 0.05


async def _answer_duplicate(
    record: IdempotencyRecord, digest: str, scope: Scope, receive: Receive, send: Send
) -> None:
    if record.request_hash != digest:
        response = problem_response(
            409,
            "idempotency_key_reused",
            "Idempotency-Key reused",
            "this Idempotency-Key was used with a different request body",
        )
    elif not record.completed:
        response = problem_response(
            409,
            "idempotency_in_progress",
            "Request in progress",
            "the first request with this Idempotency-Key is still running",
            headers={"Retry-After": "1"},
        )
    else:
        body = _sealer(scope).open(record.body or b"", record=f"{record.client_id}/{record.key}")
        await _send_replay(record, body, send)
        return
    await response(scope, receive, send)


async def _send_replay(record: IdempotencyRecord, body: bytes, send: Send) -> None:
    headers = [(n.encode("latin-1"), v.encode("latin-1")) for n, v in json.loads(record.headers)]
    headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": record.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _claim(engine: Engine, client: str, key: str, digest: str) -> bool:
    session = open_write_session(engine)
    try:
        if session.get(IdempotencyRecord, (client, key)) is not None:
            return False
        session.add(IdempotencyRecord(client_id=client, key=key, request_hash=digest))
        session.commit()
        return True
    except IntegrityError:
        session.rollback()
        return False
    finally:
        session.close()


def _load(engine: Engine, client: str, key: str) -> IdempotencyRecord | None:
    with Session(engine) as session:
        record = session.get(IdempotencyRecord, (client, key))
        if record is not None:
            session.expunge(record)
        return record


def _complete(
    engine: Engine, client: str, key: str, status: int, headers: list[list[str]], body: bytes
) -> None:
    session = open_write_session(engine)
    try:
        record = session.get(IdempotencyRecord, (client, key))
        if record is not None:
            record.completed, record.status_code = True, status
            record.headers, record.body = json.dumps(headers), body
            session.add(record)
            session.commit()
    finally:
        session.close()


def _release(engine: Engine, client: str, key: str) -> None:
    session = open_write_session(engine)
    try:
        record = session.get(IdempotencyRecord, (client, key))
        if record is not None and not record.completed:
            session.delete(record)
            session.commit()
    finally:
        session.close()
