"""Signed checkpoints of the audit chain, like Certificate Transparency's signed tree heads.

Each service signs `{service, entries, head_hash, time}` with its own Ed25519 key every N
entries or M seconds (whichever comes first) and on demand. A witness outside the service's
database keeps copies; `suite audit verify` checks an export of the chain against them
offline. Rewriting the chain then needs the service's private key *and* every witness copy.
"""

import base64
import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlmodel import Session, select

from suitekit.audit import GENESIS_HASH, AuditCheckpoint, AuditEntry, AuditHead
from suitekit.timeutil import as_aware, utcnow

log = logging.getLogger("suitekit.audit")


def rfc3339(moment: datetime) -> str:
    return as_aware(moment).astimezone(UTC).isoformat(timespec="microseconds")


def checkpoint_body(service: str, entries: int, head_hash: str, time: str) -> bytes:
    """The exact bytes signed: canonical JSON (sorted keys, no spaces, UTF-8)."""
    statement = {"service": service, "entries": entries, "head_hash": head_hash, "time": time}
    return json.dumps(statement, sort_keys=True, separators=(",", ":")).encode()


def public_key_b64(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def key_id_of(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(base64.b64decode(public_key_b64(key))).hexdigest()[:16]


def public_key_from_b64(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))


def signature_valid(public_key: Ed25519PublicKey, body: bytes, signature_b64: str) -> bool:
    try:
        public_key.verify(base64.b64decode(signature_b64, validate=True), body)
    except (InvalidSignature, ValueError):
        return False
    return True


MIN_SEED_CHARS = 32


def key_from_seed(seed: str, service: str) -> Ed25519PrivateKey:
    """The service's signing key derived from a secret seed (HKDF-SHA256, one key per service):
    every replica holds the same key without a key file, and a read-only container needs none."""
    if len(seed) < MIN_SEED_CHARS:
        raise ValueError(f"the audit key seed must have at least {MIN_SEED_CHARS} characters")
    material = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"mudanjiang-suite audit checkpoints",
        info=service.encode(),
    ).derive(seed.encode())
    return Ed25519PrivateKey.from_private_bytes(material)


def signing_key(seed: str | None, service: str, key_file: Path) -> Ed25519PrivateKey:
    """`<SVC>_AUDIT_KEY_SEED` when set (compose, Kubernetes), else the key file (dev: created)."""
    return key_from_seed(seed, service) if seed else load_or_create_key(key_file)


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """The service's signing key (PEM, PKCS#8). Created with mode 0600 when absent (dev); in
    production mount it from a secret so the database host never holds it."""
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} is not an Ed25519 private key")
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".audit-key-")
    try:
        os.write(descriptor, pem)
        os.close(descriptor)
        os.link(temporary, path)  # atomic and exclusive: a concurrent starter's key wins
        log.warning("generated a new audit signing key", extra={"key_file": str(path)})
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)
    return load_or_create_key(path)


def checkpoint_due(
    *,
    head_entries: int,
    last_entries: int,
    oldest_unsigned_at: datetime | None,
    now: datetime,
    every_entries: int,
    every_seconds: float,
) -> bool:
    """A new checkpoint once `every_entries` entries were appended since the last one, or once
    the oldest entry not yet under a checkpoint is `every_seconds` old: no entry stays
    unsigned longer than that (nothing new: nothing to sign)."""
    new = head_entries - last_entries
    if new <= 0 or oldest_unsigned_at is None:
        return False
    if new >= every_entries:
        return True
    return (now - as_aware(oldest_unsigned_at)).total_seconds() >= every_seconds


@dataclass(frozen=True)
class Signer:
    service: str
    key: Ed25519PrivateKey

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.key.public_key()

    def sign(self, session: Session, *, now: datetime | None = None) -> AuditCheckpoint:
        """Sign the chain's current head (in the session's transaction; the caller commits).
        The head row is read under lock so the statement matches a real chain length."""
        head = session.exec(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
        entries, head_hash = (head.seq, head.last_hash) if head else (0, GENESIS_HASH)
        existing = session.get(AuditCheckpoint, entries)
        if existing is not None:
            return existing
        at = now or utcnow()
        body = checkpoint_body(self.service, entries, head_hash, rfc3339(at))
        checkpoint = AuditCheckpoint(
            entries=entries,
            head_hash=head_hash,
            at=at,
            key_id=key_id_of(self.public_key),
            signature=base64.b64encode(self.key.sign(body)).decode(),
        )
        session.add(checkpoint)
        return checkpoint


def latest_checkpoint(session: Session) -> AuditCheckpoint | None:
    statement = select(AuditCheckpoint).order_by(AuditCheckpoint.entries.desc()).limit(1)  # type: ignore[attr-defined]
    return session.exec(statement).first()


def head_entries(session: Session) -> int:
    head = session.get(AuditHead, 1)
    return head.seq if head else 0


def is_due(session: Session, *, every_entries: int, every_seconds: float) -> bool:
    last = latest_checkpoint(session)
    last_entries = last.entries if last else 0
    oldest = session.exec(select(AuditEntry.at).where(AuditEntry.seq == last_entries + 1)).first()
    return checkpoint_due(
        head_entries=head_entries(session),
        last_entries=last_entries,
        oldest_unsigned_at=oldest,
        now=utcnow(),
        every_entries=every_entries,
        every_seconds=every_seconds,
    )
