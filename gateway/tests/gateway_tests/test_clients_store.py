"""The client registry on a real database (SQLite and Postgres), through its use cases."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from gateway.clients import service
from gateway.clients.models import GatewayClient
from gateway.clients.registry import load_one, load_states
from gateway.clients.rules import ALL_SCOPES
from gateway.clients.schemas import ClientCreate
from gateway.paths import MIGRATIONS_DIR
from suitekit.audit import AuditEntry, verify_chain
from suitekit.db import make_engine, open_write_session
from suitekit.errors import Conflict, InvalidInput, Unauthorized
from suitekit.identity import Caller
from suitekit.migrations import upgrade_to_head

ADMIN = Caller(client_id="ops", scopes=frozenset({"admin"}), jurisdiction=("*",))
TIERS = ["standard", "bulk"]


@pytest.fixture
def engine(database_url: str) -> Engine:
    upgrade_to_head(MIGRATIONS_DIR, database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def _create(engine: Engine, **kwargs: object) -> tuple[GatewayClient, str]:
    data = {"id": "dongan-outfall", "scopes": ["outfall:read"], "jurisdiction": ["231002"]}
    data.update(kwargs)
    with open_write_session(engine) as session:
        return service.create_client(
            session=session,
            data=ClientCreate(**data),  # type: ignore[arg-type]
            caller=ADMIN,
            known_tiers=TIERS,
            default_tier="standard",
        )


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def test_secret_is_stored_only_as_an_argon2id_hash(engine: Engine) -> None:
    client, secret = _create(engine)
    assert client.secret_hash.startswith("$argon2id$") and secret not in client.secret_hash
    with Session(engine) as session:
        assert service.authenticate(session, "dongan-outfall", secret).id == "dongan-outfall"
        with pytest.raises(Unauthorized):
            service.authenticate(session, "dongan-outfall", secret + "x")
        with pytest.raises(Unauthorized):
            service.authenticate(session, "nobody", secret)


def test_creation_is_audited_in_the_hash_chain(engine: Engine) -> None:
    _create(engine)
    with Session(engine) as session:
        entries = session.exec(select(AuditEntry)).all()
        assert [(e.action, e.entity_id, e.actor) for e in entries] == [
            ("client.create", "dongan-outfall", "ops")
        ]
        assert "secret" not in entries[0].data
        assert verify_chain(session).ok


@pytest.mark.parametrize(
    "bad",
    [
        {"scopes": ["outfall:delete"]},
        {"jurisdiction": ["*", "231002"]},
        {"tier": "platinum"},
        {"id": "-bad"},
    ],
)
def test_bad_input_is_refused_and_writes_nothing(engine: Engine, bad: dict[str, object]) -> None:
    with pytest.raises(InvalidInput):
        _create(engine, **bad)
    assert _count(engine, GatewayClient) == 0
    assert _count(engine, AuditEntry) == 0


def test_duplicate_id_is_a_conflict(engine: Engine) -> None:
    _create(engine)
    with pytest.raises(Conflict):
        _create(engine)
    assert _count(engine, GatewayClient) == 1


def test_disable_enable_follow_the_state_machine(engine: Engine) -> None:
    _create(engine)
    with open_write_session(engine) as session:
        client = service.get_client(session, "dongan-outfall")
        client = service.change_state(
            session=session, client=client, action="disable", reason="audit", caller=ADMIN
        )
        assert client.enabled is False and client.version == 2
    with open_write_session(engine) as session:
        client = service.get_client(session, "dongan-outfall")
        with pytest.raises(Conflict) as caught:
            service.change_state(
                session=session, client=client, action="disable", reason="", caller=ADMIN
            )
        assert caught.value.code == "invalid_transition"
        assert caught.value.extra["allowed"] == ["enable", "rotate-secret"]
    assert load_states(engine)["dongan-outfall"].enabled is False
    assert load_one(engine, "dongan-outfall") == load_states(engine)["dongan-outfall"]
    assert load_one(engine, "nobody") is None


def test_disabled_client_cannot_get_a_token(engine: Engine) -> None:
    _client, secret = _create(engine)
    with open_write_session(engine) as session:
        client = service.get_client(session, "dongan-outfall")
        service.change_state(
            session=session, client=client, action="disable", reason="", caller=ADMIN
        )
    with Session(engine) as session, pytest.raises(Unauthorized):
        service.authenticate(session, "dongan-outfall", secret)


def test_rotated_secret_replaces_the_old_one(engine: Engine) -> None:
    _client, old = _create(engine)
    with open_write_session(engine) as session:
        client = service.get_client(session, "dongan-outfall")
        _client, new = service.rotate_secret(
            session=session, client=client, reason="leak", caller=ADMIN
        )
    with Session(engine) as session:
        assert service.authenticate(session, "dongan-outfall", new)
        with pytest.raises(Unauthorized):
            service.authenticate(session, "dongan-outfall", old)


def test_bootstrap_client_is_city_wide_with_every_scope_and_idempotent(engine: Engine) -> None:
    for _ in range(2):
        with open_write_session(engine) as session:
            client = service.ensure_bootstrap_client(
                session=session,
                client_id="city-admin",
                secret="s3cret-s3cret-s3cret",
                caller=ADMIN,
                tier="standard",
            )
    assert client.scope_list == list(ALL_SCOPES)
    assert json.loads(client.jurisdiction) == ["*"]
    assert _count(engine, GatewayClient) == 1
    assert _count(engine, AuditEntry) == 1  # the second run changed nothing
    with open_write_session(engine) as session:
        service.ensure_bootstrap_client(
            session=session,
            client_id="city-admin",
            secret="another-secret-value",
            caller=ADMIN,
            tier="standard",
        )
    with Session(engine) as session:
        assert service.authenticate(session, "city-admin", "another-secret-value")
