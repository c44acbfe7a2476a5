"""Signing: access tokens for clients (15 min) and identity tokens for services (60 s)."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt

from gateway.keys import KeyStore
from gateway.tokens.identity import Identity

ALGORITHM = "EdDSA"
CLIENT_VERSION_CLAIM = "client_version"


class TokenIssuer:
    def __init__(
        self,
        keys: KeyStore,
        *,
        issuer: str,
        audience: str,
        access_ttl: int,
        service_ttl: int,
    ) -> None:
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.access_ttl = access_ttl
        self.service_ttl = service_ttl
        # identity token reuse: re-signing per request costs ~10% of the proxy's CPU
        self._service_cache: dict[tuple[Any, ...], tuple[str, float]] = {}

    def access_token(
        self,
        *,
        client_id: str,
        scope: str,
        jurisdiction: list[str],
        client_version: int,
        now: float | None = None,
    ) -> str:
        claims = self._claims(
            sub=client_id,
            aud=self.audience,
            scope=scope,
            jurisdiction=jurisdiction,
            ttl=self.access_ttl,
            now=now,
        )
        claims[CLIENT_VERSION_CLAIM] = client_version
        return self._sign(claims, typ="at+jwt")

    def service_token(self, identity: Identity, service: str) -> str:
        """Identity token for one upstream (aud = service name), reused for half its life."""
        self.keys.refresh()
        kid = self.keys.active.kid
        cache_key = (identity.sub, identity.scope, identity.jurisdiction, service, kid)
        now = time.time()
        cached = self._service_cache.get(cache_key)
        if cached is not None and cached[1] > now:
            return cached[0]
        claims = self._claims(
            sub=identity.sub,
            aud=service,
            scope=identity.scope,
            jurisdiction=list(identity.jurisdiction),
            ttl=self.service_ttl,
            now=now,
        )
        token = self._sign(claims, typ="JWT")
        if len(self._service_cache) > 10_000:
            self._service_cache.clear()
        self._service_cache[cache_key] = (token, now + self.service_ttl / 2)
        return token

    def _claims(
        self,
        *,
        sub: str,
        aud: str,
        scope: str,
        jurisdiction: list[str],
        ttl: int,
        now: float | None,
    ) -> dict[str, Any]:
        issued = int(time.time() if now is None else now)
        return {
            "iss": self.issuer,
            "sub": sub,
            "aud": aud,
            "scope": scope,
            "jurisdiction": jurisdiction,
            "iat": issued,
            "nbf": issued,
            "exp": issued + ttl,
            "jti": uuid.uuid4().hex,
        }

    def _sign(self, claims: dict[str, Any], *, typ: str) -> str:
        self.keys.refresh()  # another process (suite keys rotate) may have rotated
        key = self.keys.active
        return jwt.encode(
            claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid, "typ": typ}
        )
