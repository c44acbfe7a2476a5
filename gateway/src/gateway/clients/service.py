"""Use cases of the client registry: one transaction each, audited, committed at the end."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlmodel import Session, select

from gateway.clients import rules
from gateway.clients.models import GatewayClient
from gateway.clients.schemas import ClientCreate, ClientUpdate
from gateway.clients.secrets import hash_secret, new_secret, verify_secret
from suitekit.audit import record
from suitekit.errors import Conflict, InvalidInput, NotFound, Unauthorized, invalid_transition
from suitekit.identity import Caller
from suitekit.pagination import paginate
from suitekit.timeutil import utcnow

ENTITY = "gateway_client"


def _invalid(exc: rules.RuleViolation) -> InvalidInput:
    return InvalidInput(exc.message, errors=[{"field": exc.field, "message": exc.message}])


def _check_tier(tier: str, known_tiers: Sequence[str]) -> str:
    if tier not in known_tiers:
        message = f"unknown tier {tier!r}; known: {', '.join(sorted(known_tiers))}"
        raise InvalidInput(message, errors=[{"field": "tier", "message": message}])
    return tier


def create_client(
    *,
    session: Session,
    data: ClientCreate,
    caller: Caller,
    known_tiers: Sequence[str],
    default_tier: str,
) -> tuple[GatewayClient, str]:
    try:
        client_id = rules.check_client_id(data.id)
        scopes = rules.parse_scopes(data.scopes)
        jurisdiction = rules.parse_jurisdiction(data.jurisdiction)
    except rules.RuleViolation as exc:
        raise _invalid(exc) from exc
    tier = _check_tier(data.tier or default_tier, known_tiers)
    if session.get(GatewayClient, client_id) is not None:
        raise Conflict(f"client {client_id} already exists", code="client_exists")
    secret = data.secret or new_secret()
    client = GatewayClient(
        id=client_id,
        display_name=data.display_name,
        secret_hash=hash_secret(secret),
        scopes=" ".join(scopes),
        jurisdiction=json.dumps(jurisdiction),
        tier=tier,
    )
    session.add(client)
    record(
        session,
        caller=caller,
        action="client.create",
        entity_type=ENTITY,
        entity_id=client_id,
        division=None,
        data={"scopes": scopes, "jurisdiction": jurisdiction, "tier": tier},
    )
    session.commit()
    session.refresh(client)
    return client, secret


def get_client(session: Session, client_id: str) -> GatewayClient:
    client = session.get(GatewayClient, client_id)
    if client is None:
        raise NotFound(f"client {client_id} not found")
    return client


def list_clients(
    session: Session, *, limit: int, cursor: str | None
) -> tuple[Sequence[GatewayClient], str | None]:
    return paginate(
        session,
        select(GatewayClient),
        key=GatewayClient.id,
        key_of=lambda c: c.id,
        limit=limit,
        cursor=cursor,
    )


def update_client(
    *,
    session: Session,
    client: GatewayClient,
    data: ClientUpdate,
    caller: Caller,
    known_tiers: Sequence[str],
) -> GatewayClient:
    changes: dict[str, object] = {}
    try:
        if data.scopes is not None:
            changes["scopes"] = rules.parse_scopes(data.scopes)
            client.scopes = " ".join(changes["scopes"])  # type: ignore[arg-type]
        if data.jurisdiction is not None:
            changes["jurisdiction"] = rules.parse_jurisdiction(data.jurisdiction)
            client.jurisdiction = json.dumps(changes["jurisdiction"])
    except rules.RuleViolation as exc:
        raise _invalid(exc) from exc
    if data.tier is not None:
        client.tier = changes["tier"] = _check_tier(data.tier, known_tiers)
    if data.display_name is not None:
        client.display_name = changes["display_name"] = data.display_name
    if not changes:
        raise InvalidInput("nothing to change", errors=[{"field": "body", "message": "empty"}])
    _bump(client)
    record(
        session,
        caller=caller,
        action="client.update",
        entity_type=ENTITY,
        entity_id=client.id,
        division=None,
        data=changes,
    )
    session.add(client)
    session.commit()
    session.refresh(client)
    return client


def change_state(
    *, session: Session, client: GatewayClient, action: str, reason: str, caller: Caller
) -> GatewayClient:
    """``enable`` / ``disable``, checked against the registry's state machine."""
    if action not in rules.allowed_actions(client.enabled):
        raise invalid_transition(
            rules.state_name(client.enabled), action, rules.allowed_actions(client.enabled)
        )
    client.enabled = action == "enable"
    _bump(client)
    record(
        session,
        caller=caller,
        action=f"client.{action}",
        entity_type=ENTITY,
        entity_id=client.id,
        division=None,
        reason=reason or None,
    )
    session.add(client)
    session.commit()
    session.refresh(client)
    return client


def rotate_secret(
    *, session: Session, client: GatewayClient, reason: str, caller: Caller
) -> tuple[GatewayClient, str]:
    secret = new_secret()
    client.secret_hash = hash_secret(secret)
    client.secret_rotated_at = utcnow()
    _bump(client)
    record(
        session,
        caller=caller,
        action="client.rotate-secret",
        entity_type=ENTITY,
        entity_id=client.id,
        division=None,
        reason=reason or None,
    )
    session.add(client)
    session.commit()
    session.refresh(client)
    return client, secret


def authenticate(session: Session, client_id: str, secret: str) -> GatewayClient:
    """The client behind the credentials, or 401 (the same answer for every failure)."""
    client = session.get(GatewayClient, client_id)
    valid = verify_secret(client.secret_hash if client else None, secret)
    if client is None or not valid or not client.enabled:
        raise Unauthorized(
            "client authentication failed",
            code="invalid_client",
            headers={"WWW-Authenticate": 'Basic realm="mudanjiang-gateway"'},
        )
    return client


def ensure_bootstrap_client(
    *, session: Session, client_id: str, secret: str, caller: Caller, tier: str
) -> GatewayClient:
    """City-wide client with every scope (idempotent; the secret follows the environment)."""
    client = session.get(GatewayClient, client_id)
    if client is None:
        data = ClientCreate(
            id=client_id,
            display_name="bootstrap client",
            scopes=list(rules.ALL_SCOPES),
            jurisdiction=[rules.CITY_WIDE],
            tier=tier,
            secret=secret,
        )
        created, _ = create_client(
            session=session, data=data, caller=caller, known_tiers=[tier], default_tier=tier
        )
        return created
    wanted = (" ".join(rules.ALL_SCOPES), json.dumps([rules.CITY_WIDE]))
    same_secret = verify_secret(client.secret_hash, secret)
    if (client.scopes, client.jurisdiction) == wanted and client.enabled and same_secret:
        return client
    client.scopes, client.jurisdiction = wanted
    client.enabled = True
    if not same_secret:
        client.secret_hash = hash_secret(secret)
        client.secret_rotated_at = utcnow()
    _bump(client)
    record(
        session,
        caller=caller,
        action="client.bootstrap",
        entity_type=ENTITY,
        entity_id=client.id,
        division=None,
        reason="SUITE_BOOTSTRAP_CLIENT_ID set at start",
    )
    session.add(client)
    session.commit()
    session.refresh(client)
    return client


def _bump(client: GatewayClient) -> None:
    client.version += 1
    client.updated_at = utcnow()
