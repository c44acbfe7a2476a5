"""Ed25519 signing keys of the gateway: storage, rotation and the published JWKS."""

from gateway.keys.store import KeyStore, SigningKey

__all__ = ["KeyStore", "SigningKey"]
