"""Authentication and coarse authorisation on the proxy path."""

from __future__ import annotations

from gateway.clients.registry import OUTDATED, ClientRegistry, token_is_current
from gateway.problems import Problem, bearer_challenge
from gateway.tokens import ANONYMOUS, Identity, InvalidToken, TokenVerifier


def bearer_token(authorization: bytes | None) -> str | None:
    if authorization is None:
        return None
    scheme, _, token = authorization.decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(
            401,
            "invalid_token",
            "Unauthorized",
            "Authorization must be 'Bearer <access token>'",
            headers=[(b"www-authenticate", bearer_challenge("invalid_request"))],
        )
    return token.strip()


async def authenticate(
    token: str | None, *, public: bool, verifier: TokenVerifier, registry: ClientRegistry
) -> Identity:
    """The caller's identity; anonymous only on a service's public paths."""
    if token is None:
        if public:
            return ANONYMOUS
        raise Problem(
            401,
            "missing_token",
            "Unauthorized",
            "an access token is required: POST /oauth/token",
            headers=[(b"www-authenticate", bearer_challenge())],
        )
    try:
        identity = verifier.verify(token)
    except InvalidToken as exc:
        raise Problem(
            401,
            "invalid_token",
            "Unauthorized",
            str(exc),
            headers=[(b"www-authenticate", bearer_challenge("invalid_token", str(exc)))],
        ) from exc
    state = await registry.lookup(identity.sub)
    if state is None or not state.enabled:
        raise Problem(
            401,
            "client_disabled",
            "Unauthorized",
            "this client is disabled",
            headers=[(b"www-authenticate", bearer_challenge("invalid_token", "client disabled"))],
        )
    if not token_is_current(state, identity.client_version):
        raise Problem(
            401,
            "token_outdated",
            "Unauthorized",
            OUTDATED,
            headers=[(b"www-authenticate", bearer_challenge("invalid_token", "token outdated"))],
        )
    return identity


def require_service_scope(identity: Identity, service: str) -> None:
    if not identity.has_service_scope(service):
        raise Problem(
            403,
            "insufficient_scope",
            "Forbidden",
            f"this client holds no scope of {service}",
            headers=[
                (
                    b"www-authenticate",
                    bearer_challenge("insufficient_scope", scope=f"{service}:read"),
                )
            ],
            required_scopes=[f"{service}:*"],
        )
