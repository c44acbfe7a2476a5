"""`Idempotency-Key` for POST: same key and body replays the first response; another body -> 409.

The first request claims the key (a row in the service's own database) before it runs, so
concurrent duplicates wait for it and replay its answer instead of writing twice.
"""

import asyncio
import hashlib
import json
from datetime import datetime
from typing import Any

import jwt
from sqlalchemy import Engine, LargeBinary, Text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from suitekit.db import open_write_session
from suitekit.errors import problem_response
from suitekit.timeutil import utcnow

MAX_KEY_LENGTH = 200
WAIT_FOR_FIRST_SECONDS = 30.0
REPLAYED_HEADERS = {b"content-type", b"etag", b"location"}


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


def _client_of(scope: Scope) -> str:
    """Unverified `sub` of the gateway token: only a namespace; the route still verifies it."""
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            token = value.decode("latin-1").partition(" ")[2]
            try:
                return str(jwt.decode(token, options={"verify_signature": False}).get("sub"))
            except jwt.PyJWTError:
                return "unknown"
    return "anonymous"


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
        client = _client_of(scope)
        while True:
            if await run_in_threadpool(_claim, engine, client, key, digest):
                await self._run_and_store(engine, client, key, body, scope, send)
                return
            record = await _wait_for_first(engine, client, key, digest)
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
            status = captured["status"]
            if status >= 500 or status in (401, 403):
                await run_in_threadpool(_release, engine, client, key)
            else:
                headers = [
                    [n.decode("latin-1"), v.decode("latin-1")]
                    for n, v in captured["headers"]
                    if n.lower() in REPLAYED_HEADERS
                ]
                await run_in_threadpool(
                    _complete, engine, client, key, status, headers, b"".join(captured["body"])
                )


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
        await _send_replay(record, send)
        return
    await response(scope, receive, send)


async def _send_replay(record: IdempotencyRecord, send: Send) -> None:
    headers = [(n.encode("latin-1"), v.encode("latin-1")) for n, v in json.loads(record.headers)]
    headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": record.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": record.body or b""})


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
