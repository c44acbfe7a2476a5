"""Verification of client access tokens (RFC 8725: fixed algorithm, audience, issuer, typ)."""

from __future__ import annotations

import time

import jwt

from gateway.keys import KeyStore
from gateway.tokens.identity import Identity
from gateway.tokens.issuer import ALGORITHM, CLIENT_VERSION_CLAIM

_REQUIRED = ["exp", "iat", "sub", "aud", "iss", "jti", CLIENT_VERSION_CLAIM]
_CACHE_MAX = 20_000
_LEEWAY_SECONDS = 5


class InvalidToken(Exception):
    """The bearer token is missing, malformed, expired or not ours."""


class TokenVerifier:
    def __init__(self, keys: KeyStore, *, issuer: str, audience: str) -> None:
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        # verified token string -> identity; a tampered token is another string, never a hit
        self._cache: dict[str, Identity] = {}

    def verify(self, token: str) -> Identity:
        now = time.time()
        cached = self._cache.get(token)
        if cached is not None:
            if cached.exp > now - _LEEWAY_SECONDS:
                return cached
            del self._cache[token]
        identity = self._verify_signature_and_claims(token)
        if len(self._cache) >= _CACHE_MAX:
            self._evict(now)
        self._cache[token] = identity
        return identity

    def _verify_signature_and_claims(self, token: str) -> Identity:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise InvalidToken("malformed token") from exc
        if header.get("alg") != ALGORITHM:
            raise InvalidToken("token algorithm not allowed")
        if header.get("typ") != "at+jwt":
            raise InvalidToken("not an access token")
        key = self.keys.verification_key(str(header.get("kid", "")))
        if key is None:
            raise InvalidToken("unknown signing key")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                leeway=_LEEWAY_SECONDS,
                options={"require": _REQUIRED},
            )
        except jwt.ExpiredSignatureError as exc:
            raise InvalidToken("token expired") from exc
        except jwt.PyJWTError as exc:
            raise InvalidToken("invalid token") from exc
        jurisdiction = claims.get("jurisdiction", [])
        scope = claims.get("scope", "")
        version = claims[CLIENT_VERSION_CLAIM]
        if not isinstance(jurisdiction, list) or not isinstance(scope, str):
            raise InvalidToken("invalid claims")
        if not isinstance(version, int) or isinstance(version, bool):
            raise InvalidToken("invalid claims")
        return Identity(
            sub=str(claims["sub"]),
            scope=scope,
            jurisdiction=tuple(str(j) for j in jurisdiction),
            exp=float(claims["exp"]),
            client_version=version,
        )

    def _evict(self, now: float) -> None:
        expired = [t for t, ident in self._cache.items() if ident.exp < now]
        for token in expired:
            del self._cache[token]
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()
