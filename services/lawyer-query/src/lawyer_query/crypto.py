"""Field-level authenticated encryption (AES-256-GCM) and keyed blind indexes (HMAC-SHA256).

One master key from settings; HKDF derives separate keys for encryption and for the blind
index, so an index value never reveals anything usable for decryption and vice versa.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_BYTES = 12
KEY_VERSION = b"\x01"


class InvalidKey(ValueError):
    """The configured master key is missing or malformed."""


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


def decode_master_key(text: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except (ValueError, TypeError) as error:
        raise InvalidKey("registry key is not base64") from error
    if len(raw) < 32:
        raise InvalidKey("registry key must be at least 32 bytes")
    return raw


def new_master_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def normalise_name(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip()


def normalise_id_number(number: str) -> str:
    return unicodedata.normalize("NFKC", number).strip().upper()


@dataclass(frozen=True)
class FieldCipher:
    """Encrypts one field of one record; the AAD binds the ciphertext to its record and field,
    so a ciphertext copied into another row or column fails to decrypt."""

    aead: AESGCM
    index_key: bytes

    @classmethod
    def from_master(cls, master_key: str) -> FieldCipher:
        master = decode_master_key(master_key)
        return cls(
            aead=AESGCM(_derive(master, b"lawyer-query/field-encryption/v1")),
            index_key=_derive(master, b"lawyer-query/blind-index/v1"),
        )

    def encrypt(self, plaintext: bytes, *, record_id: str, field: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        aad = f"{record_id}/{field}".encode()
        return KEY_VERSION + nonce + self.aead.encrypt(nonce, plaintext, aad)

    def decrypt(self, blob: bytes, *, record_id: str, field: str) -> bytes:
        nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        return self.aead.decrypt(nonce, body, f"{record_id}/{field}".encode())

    def encrypt_text(self, value: str | None, *, record_id: str, field: str) -> bytes | None:
        if value is None:
            return None
        return self.encrypt(value.encode(), record_id=record_id, field=field)

    def decrypt_text(self, blob: bytes | None, *, record_id: str, field: str) -> str | None:
        if blob is None:
            return None
        return self.decrypt(blob, record_id=record_id, field=field).decode()

    def blind_index(self, kind: str, value: str) -> str:
        """Deterministic keyed digest for exact lookups; without the key it is not reversible
        by guessing (the ID-number space is small enough to brute-force a plain hash)."""
        message = f"{kind}:{value}".encode()
        return hmac.new(self.index_key, message, hashlib.sha256).hexdigest()

    def id_index(self, id_number: str) -> str:
        return self.blind_index("id", normalise_id_number(id_number))

    def name_index(self, name: str) -> str:
        return self.blind_index("name", normalise_name(name))
