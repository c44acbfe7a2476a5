"""Access tokens for clients and short-lived identity tokens for the services."""

from gateway.tokens.identity import ANONYMOUS, Identity
from gateway.tokens.issuer import TokenIssuer
from gateway.tokens.verifier import InvalidToken, TokenVerifier

__all__ = ["ANONYMOUS", "Identity", "InvalidToken", "TokenIssuer", "TokenVerifier"]
