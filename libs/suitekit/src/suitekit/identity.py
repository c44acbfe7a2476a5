"""The caller's identity, as asserted by the gateway in a short-lived signed token."""

import json
from dataclasses import dataclass
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request, Security
from fastapi.openapi.models import OAuthFlowClientCredentials, OAuthFlows
from fastapi.security import OAuth2, SecurityScopes

from suitekit.errors import Forbidden, InvalidInput, NotFound, Unauthorized

ALGORITHMS = ["EdDSA"]
CITY_WIDE = "*"
ANONYMOUS = "anonymous"

oauth2_scheme = OAuth2(
    flows=OAuthFlows(clientCredentials=OAuthFlowClientCredentials(tokenUrl="/oauth/token")),
    scheme_name="gateway",
    auto_error=False,
)


def division_prefix(code: str) -> str:
    """GB/T 2260 codes are 2+2+2 digits; trailing '00' pairs widen the area (231000 -> 2310)."""
    prefix = code
    while len(prefix) > 2 and prefix.endswith("00"):
        prefix = prefix[:-2]
    return prefix


def _within_division(code: str, area: str) -> bool:
    both_divisions = all(c.isdigit() and len(c) == 6 for c in (code, area))
    return both_divisions and code.startswith(division_prefix(area))


@dataclass(frozen=True)
class Caller:
    client_id: str
    scopes: frozenset[str]
    jurisdiction: tuple[str, ...]
    officer_id: str | None = None

    @property
    def city_wide(self) -> bool:
        return CITY_WIDE in self.jurisdiction

    @property
    def anonymous(self) -> bool:
        return self.client_id == ANONYMOUS

    def has_scope(self, *scopes: str) -> bool:
        return any(scope in self.scopes for scope in scopes)

    def covers(self, code: str | None) -> bool:
        """Whether a record of `code` (division or school code) is within this caller's reach."""
        if self.city_wide:
            return True
        if not code:
            return False
        return any(code == own or _within_division(code, own) for own in self.jurisdiction)

    def ensure_covers(self, code: str | None, *, what: str, ident: str) -> None:
        """Out-of-jurisdiction records are reported as absent, never as forbidden."""
        if not self.covers(code):
            raise NotFound(f"{what} {ident} not found")

    def ensure_may_write(self, code: str | None) -> None:
        if not self.covers(code):
            raise Forbidden(
                f"jurisdiction {code} is outside this client's jurisdiction",
                code="outside_jurisdiction",
            )


class IdentityVerifier:
    def __init__(
        self,
        *,
        audience: str,
        issuer: str,
        jwks_url: str | None = None,
        jwks_json: str | None = None,
    ) -> None:
        if not jwks_url and not jwks_json:
            raise ValueError("an identity JWKS URL or inline JWKS is required")
        self.audience = audience
        self.issuer = issuer
        self._static = jwt.PyJWKSet.from_json(jwks_json) if jwks_json else None
        self._client = (
            jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300, timeout=5)
            if jwks_url
            else None
        )

    def _key_for(self, token: str) -> Any:
        kid = jwt.get_unverified_header(token).get("kid")
        if self._static is not None:
            for key in self._static.keys:
                if kid is None or key.key_id == kid:
                    return key.key
            raise jwt.InvalidTokenError("unknown key id")
        assert self._client is not None
        return self._client.get_signing_key_from_jwt(token).key

    def verify(self, token: str) -> dict[str, Any]:
        return jwt.decode(
            token,
            key=self._key_for(token),
            algorithms=ALGORITHMS,
            audience=self.audience,
            issuer=self.issuer,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )


MAX_OFFICER_ID = 64  # as published for the X-Officer-Id header


def _officer_id(request: Request) -> str | None:
    officer = request.headers.get("x-officer-id")
    if officer is not None and len(officer) > MAX_OFFICER_ID:
        message = f"must be at most {MAX_OFFICER_ID} characters"
        raise InvalidInput(message, errors=[{"field": "header.X-Officer-Id", "message": message}])
    return officer


def caller_from_claims(claims: dict[str, Any], officer_id: str | None) -> Caller:
    jurisdiction = claims.get("jurisdiction") or []
    if isinstance(jurisdiction, str):
        jurisdiction = [jurisdiction]
    return Caller(
        client_id=str(claims["sub"]),
        scopes=frozenset(str(claims.get("scope", "")).split()),
        jurisdiction=tuple(str(j) for j in jurisdiction),
        officer_id=officer_id,
    )


def _bearer(authorization: str | None) -> str:
    if not authorization:
        raise Unauthorized("this service is reached only through the gateway")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("bearer token expected")
    return token


def get_caller(
    request: Request,
    security_scopes: SecurityScopes,
    authorization: str | None = Depends(oauth2_scheme),
) -> Caller:
    verifier: IdentityVerifier = request.app.state.identity_verifier
    try:
        claims = verifier.verify(_bearer(authorization))
    except (jwt.PyJWTError, jwt.PyJWKClientError) as exc:
        raise Unauthorized(f"gateway identity rejected: {type(exc).__name__}") from exc
    caller = caller_from_claims(claims, _officer_id(request))
    request.state.client_id = caller.client_id
    if security_scopes.scopes and not caller.has_scope(*security_scopes.scopes):
        raise Forbidden(
            "missing scope: " + " or ".join(security_scopes.scopes),
            code="insufficient_scope",
            required_scopes=security_scopes.scopes,
        )
    return caller


def RequireScope(*scopes: str) -> Any:
    """Dependency: the caller must hold one of `scopes` (403 otherwise)."""
    return Security(get_caller, scopes=list(scopes))


CallerDep = Annotated[Caller, Depends(get_caller)]


def jwks_from_public_keys(keys: list[dict[str, Any]]) -> str:
    return json.dumps({"keys": keys})
