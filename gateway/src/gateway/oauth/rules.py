"""Parsing a token request (pure): form fields and HTTP Basic client authentication."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote_plus


class TokenRequestError(ValueError):
    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


@dataclass(frozen=True)
class TokenRequest:
    client_id: str
    client_secret: str
    scope: str | None


def parse_form(body: bytes) -> dict[str, str]:
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError as exc:
        raise TokenRequestError("invalid_request", "form body is not UTF-8") from exc
    form: dict[str, str] = {}
    for name, value in pairs:
        if name in form:  # RFC 6749 §3.2: parameters must not be repeated
            raise TokenRequestError("invalid_request", f"parameter {name} repeated")
        form[name] = value
    return form


def basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    """RFC 6749 §2.3.1: id and secret form-urlencoded, then Basic (RFC 7617)."""
    if not authorization:
        return None
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        raise TokenRequestError("invalid_client", "client authentication must be Basic or form")
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise TokenRequestError("invalid_client", "malformed Basic credentials") from exc
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise TokenRequestError("invalid_client", "malformed Basic credentials")
    return unquote_plus(client_id), unquote_plus(secret)


def token_request(form: dict[str, str], authorization: str | None) -> TokenRequest:
    if form.get("grant_type") != "client_credentials":
        raise TokenRequestError(
            "unsupported_grant_type", "only grant_type=client_credentials is supported"
        )
    basic = basic_credentials(authorization)
    in_form = "client_id" in form or "client_secret" in form
    if basic and in_form:
        raise TokenRequestError("invalid_request", "use one client authentication method only")
    client_id, secret = basic or (form.get("client_id", ""), form.get("client_secret", ""))
    if not client_id or not secret:
        raise TokenRequestError("invalid_client", "client_id and client_secret are required")
    return TokenRequest(client_id=client_id, client_secret=secret, scope=form.get("scope"))


def failure_throttles(client_id: str, address: str) -> list[tuple[str, str]]:
    """Buckets of failed secrets, as ``(key, tier)``: per (client, source address) and per
    source address. Never per client alone: failures from one address must not lock the
    client out everywhere (OWASP Authentication Cheat Sheet, account lockout)."""
    return [
        (f"tokfail:pair:{address}:{client_id}", "token-failures"),
        (f"tokfail:addr:{address}", "token-failures-address"),
    ]
