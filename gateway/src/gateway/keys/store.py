"""Signing keys on disk under GATEWAY_SIGNING_KEY_DIR.

Layout: one ``<kid>.pem`` (PKCS#8, mode 0600) per key and ``manifest.json`` naming the
active key and when each older key was retired. The CLI (``suite keys rotate``) and every
gateway process share the directory; processes reload it when the manifest changes.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from gateway.keys.rules import KeyEntry, published, retire_all, signing_entry

MANIFEST = "manifest.json"
_RELOAD_CHECK_SECONDS = 1.0


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: Ed25519PrivateKey

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk(public_key: Ed25519PublicKey, kid: str) -> dict[str, str]:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": _b64url(raw),
        "kid": kid,
        "alg": "EdDSA",
        "use": "sig",
    }


def thumbprint_kid(public_key: Ed25519PublicKey) -> str:
    """RFC 7638 JWK thumbprint (SHA-256) of the public key."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    canonical = json.dumps(
        {"crv": "Ed25519", "kty": "OKP", "x": _b64url(raw)}, separators=(",", ":"), sort_keys=True
    )
    return _b64url(hashlib.sha256(canonical.encode()).digest())


class KeyStore:
    def __init__(self, directory: Path, *, retention: int, activation_delay: float = 0) -> None:
        self.directory = Path(directory)
        self.retention = retention
        self.activation_delay = activation_delay
        self._entries: list[KeyEntry] = []
        self._active_kid = ""
        self._private: dict[str, Ed25519PrivateKey] = {}
        self._public: dict[str, Ed25519PublicKey] = {}
        self._manifest_stamp: tuple[int, int] | None = None
        self._next_check = 0.0
        self._jwks_cache: tuple[float, dict[str, Any]] | None = None

    # --- loading -------------------------------------------------------------------------
    def ensure(self) -> None:
        """Create the directory and a first key if none exists, then load."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with self._locked():
            if not (self.directory / MANIFEST).exists():
                key = self._write_new_key()
                self._write_manifest(key.kid, [KeyEntry(key.kid, time.time())])
        self.load()

    def load(self) -> None:
        manifest_path = self.directory / MANIFEST
        data = json.loads(manifest_path.read_text())
        entries = [KeyEntry(**e) for e in data["keys"]]
        private: dict[str, Ed25519PrivateKey] = {}
        for entry in entries:
            pem = (self.directory / f"{entry.kid}.pem").read_bytes()
            key = serialization.load_pem_private_key(pem, password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise ValueError(f"key {entry.kid} is not Ed25519")
            private[entry.kid] = key
        self._entries = entries
        self._active_kid = data["active"]
        self._private = private
        self._public = {kid: k.public_key() for kid, k in private.items()}
        self._manifest_stamp = _stamp(manifest_path)
        self._jwks_cache = None

    def refresh(self, *, force: bool = False) -> None:
        """Reload when another process (the CLI) rotated; stat at most once a second."""
        now = time.monotonic()
        if not force and now < self._next_check:
            return
        self._next_check = now + _RELOAD_CHECK_SECONDS
        with contextlib.suppress(FileNotFoundError):
            if _stamp(self.directory / MANIFEST) != self._manifest_stamp:
                self.load()

    # --- rotation ------------------------------------------------------------------------
    def rotate(self, *, now: float | None = None, delay: float | None = None) -> KeyEntry:
        """Publish a new key now, sign with it after ``delay`` (default: the configured
        activation delay); the old key stays published until its last token has expired."""
        now = time.time() if now is None else now
        activates = now + (self.activation_delay if delay is None else delay)
        self.directory.mkdir(parents=True, exist_ok=True)
        with self._locked():
            self.load()
            key = self._write_new_key()
            entries = retire_all(self._entries, at=activates)
            kept = published(entries, now=now, retention=self.retention)
            new = KeyEntry(key.kid, now, None, activates)
            self._write_manifest(key.kid, [*kept, new])
            for gone in {e.kid for e in entries} - {e.kid for e in kept}:
                (self.directory / f"{gone}.pem").unlink(missing_ok=True)
        self.load()
        return new

    # --- use -----------------------------------------------------------------------------
    @property
    def active(self) -> SigningKey:
        """The key that signs now (a freshly rotated key only after its activation)."""
        entry = signing_entry(self._entries, now=time.time())
        return SigningKey(entry.kid, self._private[entry.kid])

    @property
    def newest_kid(self) -> str:
        return self._active_kid

    def verification_key(self, kid: str) -> Ed25519PublicKey | None:
        """Public key for ``kid`` if it is still published; reloads once on an unknown kid."""
        if kid not in self._public:
            self.refresh(force=True)
        entry = next((e for e in self._entries if e.kid == kid), None)
        if entry is None or not published([entry], now=time.time(), retention=self.retention):
            return None
        return self._public.get(kid)

    def entries(self) -> list[KeyEntry]:
        return list(self._entries)

    def jwks(self) -> dict[str, Any]:
        now = time.time()
        if self._jwks_cache and self._jwks_cache[0] > now:
            return self._jwks_cache[1]
        keys = [
            public_jwk(self._public[e.kid], e.kid)
            for e in published(self._entries, now=now, retention=self.retention)
        ]
        document = {"keys": keys}
        self._jwks_cache = (now + 5.0, document)
        return document

    # --- files ---------------------------------------------------------------------------
    def _write_new_key(self) -> SigningKey:
        private = Ed25519PrivateKey.generate()
        kid = thumbprint_kid(private.public_key())
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        _atomic_write(self.directory / f"{kid}.pem", pem, mode=0o600)
        return SigningKey(kid, private)

    def _write_manifest(self, active: str, entries: list[KeyEntry]) -> None:
        body = json.dumps({"active": active, "keys": [asdict(e) for e in entries]}, indent=2)
        _atomic_write(self.directory / MANIFEST, body.encode(), mode=0o644)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.directory / ".lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _atomic_write(path: Path, data: bytes, *, mode: int) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return (stat.st_ino, stat.st_mtime_ns)
