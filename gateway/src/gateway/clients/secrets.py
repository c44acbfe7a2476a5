"""Client secrets: generated with ``secrets``, stored only as argon2id hashes."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane): client secrets are 256-bit random
# strings, so the hash guards a leaked table, not guessable passwords; heavier settings only
# made each token request cost ~1 s of CPU on a busy 2-core host.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# verified when the client id is unknown, so that timing does not reveal which ids exist
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return _HASHER.hash(secret)


def verify_secret(secret_hash: str | None, secret: str) -> bool:
    try:
        return _HASHER.verify(secret_hash or _DUMMY_HASH, secret) and secret_hash is not None
    except (VerificationError, InvalidHashError):
        return False
