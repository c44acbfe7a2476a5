"""Access tokens (RFC 8725): fixed algorithm, audience, issuer, typ, expiry; service tokens."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import jwt
import pytest

from gateway.keys import KeyStore
from gateway.tokens import Identity, InvalidToken, TokenIssuer, TokenVerifier

AUD, ISS = "mudanjiang-suite", "mudanjiang-gateway"


@pytest.fixture
def keys(tmp_path: Path) -> KeyStore:
    store = KeyStore(tmp_path, retention=960)
    store.ensure()
    return store


@pytest.fixture
def issuer(keys: KeyStore) -> TokenIssuer:
    return TokenIssuer(keys, issuer=ISS, audience=AUD, access_ttl=900, service_ttl=60)


@pytest.fixture
def verifier(keys: KeyStore) -> TokenVerifier:
    return TokenVerifier(keys, issuer=ISS, audience=AUD)


def _token(issuer: TokenIssuer, **kwargs: object) -> str:
    params = {
        "client_id": "dongan",
        "scope": "outfall:read",
        "jurisdiction": ["231002"],
        "client_version": 1,
    }
    params.update(kwargs)
    return issuer.access_token(**params)  # type: ignore[arg-type]


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_access_token_round_trip(issuer: TokenIssuer, verifier: TokenVerifier) -> None:
    token = _token(issuer)
    identity = verifier.verify(token)
    assert identity.sub == "dongan"
    assert identity.scope == "outfall:read"
    assert identity.jurisdiction == ("231002",)
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA" and header["typ"] == "at+jwt" and header["kid"]
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 900
    assert {"iss", "sub", "aud", "exp", "iat", "jti", "scope", "jurisdiction"} <= set(claims)


@pytest.mark.parametrize(
    ("age", "valid"),
    [(900 - 1, True), (900 + 3, True), (900 + 7, False)],  # 5 s leeway past exp
)
def test_token_expires_after_its_ttl(
    issuer: TokenIssuer, verifier: TokenVerifier, age: int, valid: bool
) -> None:
    token = _token(issuer, now=time.time() - age)
    if valid:
        assert verifier.verify(token).sub == "dongan"
    else:
        with pytest.raises(InvalidToken, match="expired"):
            verifier.verify(token)


def test_tampered_payload_is_refused(issuer: TokenIssuer, verifier: TokenVerifier) -> None:
    header, payload, signature = _token(issuer).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["scope"] = "outfall:read admin"
    with pytest.raises(InvalidToken):
        verifier.verify(f"{header}.{_b64(claims)}.{signature}")


def test_alg_none_is_refused(issuer: TokenIssuer, verifier: TokenVerifier) -> None:
    _, payload, _ = _token(issuer).split(".")
    header = _b64({"alg": "none", "typ": "at+jwt", "kid": issuer.keys.active.kid})
    with pytest.raises(InvalidToken, match="algorithm"):
        verifier.verify(f"{header}.{payload}.")


def test_hs256_signed_with_the_public_key_is_refused(
    issuer: TokenIssuer, verifier: TokenVerifier, keys: KeyStore
) -> None:
    """The classic algorithm-confusion attack: HMAC keyed with the published public key."""
    public = keys.jwks()["keys"][0]["x"]
    claims = jwt.decode(_token(issuer), options={"verify_signature": False})
    forged = jwt.encode(
        claims, public, algorithm="HS256", headers={"kid": keys.active.kid, "typ": "at+jwt"}
    )
    with pytest.raises(InvalidToken, match="algorithm"):
        verifier.verify(forged)


def test_service_token_is_not_an_access_token(issuer: TokenIssuer, verifier: TokenVerifier) -> None:
    service_token = issuer.service_token(Identity("dongan", "outfall:read", ("*",)), "outfall")
    with pytest.raises(InvalidToken):
        verifier.verify(service_token)


def test_other_audience_or_issuer_is_refused(keys: KeyStore, verifier: TokenVerifier) -> None:
    for aud, iss in (("outfall", ISS), (AUD, "someone-else")):
        other = TokenIssuer(keys, issuer=iss, audience=aud, access_ttl=900, service_ttl=60)
        with pytest.raises(InvalidToken):
            verifier.verify(_token(other))


def test_token_of_an_unknown_key_is_refused(
    issuer: TokenIssuer, tmp_path: Path, verifier: TokenVerifier
) -> None:
    stranger = KeyStore(tmp_path / "stranger", retention=960)
    stranger.ensure()
    foreign = TokenIssuer(stranger, issuer=ISS, audience=AUD, access_ttl=900, service_ttl=60)
    with pytest.raises(InvalidToken, match="unknown signing key"):
        verifier.verify(_token(foreign))


def test_old_key_tokens_verify_after_rotation_and_new_ones_use_the_new_key(
    issuer: TokenIssuer, verifier: TokenVerifier, keys: KeyStore
) -> None:
    before = _token(issuer)
    old_kid = keys.active.kid
    keys.rotate()
    after = _token(issuer)
    fresh_verifier = TokenVerifier(keys, issuer=ISS, audience=AUD)  # no cached result
    assert fresh_verifier.verify(before).sub == "dongan"
    assert jwt.get_unverified_header(after)["kid"] == keys.active.kid != old_kid
    assert fresh_verifier.verify(after).sub == "dongan"


def test_service_token_claims_and_reuse(issuer: TokenIssuer, keys: KeyStore) -> None:
    identity = Identity("dongan", "outfall:read", ("231002",))
    token = issuer.service_token(identity, "outfall")
    public = keys.verification_key(keys.active.kid)
    claims = jwt.decode(token, public, algorithms=["EdDSA"], audience="outfall", issuer=ISS)
    assert claims["sub"] == "dongan" and claims["jurisdiction"] == ["231002"]
    assert claims["exp"] - claims["iat"] == 60
    assert issuer.service_token(identity, "outfall") == token  # reused within half its life
    assert issuer.service_token(identity, "labs") != token  # audience differs
    keys.rotate()
    rotated = issuer.service_token(identity, "outfall")
    assert jwt.get_unverified_header(rotated)["kid"] == keys.active.kid


def test_anonymous_has_no_scope_and_is_detected() -> None:
    from gateway.tokens import ANONYMOUS

    assert ANONYMOUS.sub == "anonymous" and ANONYMOUS.scope == ""
    assert ANONYMOUS.is_anonymous
    assert not ANONYMOUS.has_service_scope("outfall")
    assert Identity("x", "labs:read outfall:write", ()).has_service_scope("outfall")
    assert not Identity("x", "outfall-x:read", ()).has_service_scope("outfall")


def test_access_token_carries_the_client_version(
    issuer: TokenIssuer, verifier: TokenVerifier
) -> None:
    assert verifier.verify(_token(issuer, client_version=7)).client_version == 7


def test_token_without_a_client_version_is_refused(keys: KeyStore, verifier: TokenVerifier) -> None:
    key = keys.active
    claims = {"iss": ISS, "aud": AUD, "sub": "dongan", "scope": "outfall:read", "jti": "j1"}
    now = int(time.time())
    claims |= {"iat": now, "nbf": now, "exp": now + 60}
    token = jwt.encode(
        claims, key.private_key, algorithm="EdDSA", headers={"kid": key.kid, "typ": "at+jwt"}
    )
    with pytest.raises(InvalidToken):
        verifier.verify(token)
