"""Ed25519 signing keys of the gateway: storage, rotation and the published JWKS."""

from gateway.keys.rules import retention_seconds
from gateway.keys.store import KeyStore, SigningKey
from gateway.settings import GatewaySettings


def key_store(settings: GatewaySettings) -> KeyStore:
    retention = retention_seconds(
        token_ttl=settings.token_ttl_seconds, service_token_ttl=settings.service_token_ttl_seconds
    )
    return KeyStore(
        settings.signing_key_dir,
        retention=retention,
        activation_delay=settings.key_activation_seconds,
    )


__all__ = ["KeyStore", "SigningKey", "key_store"]
