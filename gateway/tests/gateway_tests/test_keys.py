"""Signing keys: creation, JWKS, rotation keeping the previous key until its tokens expire."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from gateway.keys import KeyStore
from gateway.keys.rules import KeyEntry, is_published, retention_seconds

RETENTION = retention_seconds(token_ttl=900, service_token_ttl=60)


def test_retention_covers_the_longest_token_plus_skew() -> None:
    assert RETENTION == 900 + 60
    assert retention_seconds(token_ttl=30, service_token_ttl=60, skew=0) == 60


@pytest.mark.parametrize(
    ("age", "published"),
    [(RETENTION - 1, True), (RETENTION, False), (RETENTION + 1, False)],
)
def test_retired_key_is_published_until_retention_ends(age: int, published: bool) -> None:
    entry = KeyEntry("k", created_at=0, retired_at=1000)
    assert is_published(entry, now=1000 + age, retention=RETENTION) is published


def test_active_key_is_always_published() -> None:
    assert is_published(KeyEntry("k", created_at=0), now=10**10, retention=RETENTION)


def test_ensure_creates_one_ed25519_key_with_private_file_mode(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "keys", retention=RETENTION)
    store.ensure()
    jwks = store.jwks()
    assert len(jwks["keys"]) == 1
    jwk = jwks["keys"][0]
    assert (jwk["kty"], jwk["crv"], jwk["alg"], jwk["use"]) == ("OKP", "Ed25519", "EdDSA", "sig")
    assert jwk["kid"] == store.active.kid
    assert "d" not in jwk  # never the private part
    pem = tmp_path / "keys" / f"{store.active.kid}.pem"
    assert pem.stat().st_mode & 0o777 == 0o600
    store.ensure()  # idempotent
    assert len(store.entries()) == 1


def test_rotation_publishes_both_keys_then_drops_the_old_one(tmp_path: Path) -> None:
    store = KeyStore(tmp_path, retention=RETENTION)
    store.ensure()
    old = store.active.kid
    now = time.time()
    new = store.rotate(now=now).kid
    assert new != old and store.active.kid == new
    assert {k["kid"] for k in store.jwks()["keys"]} == {old, new}
    assert store.verification_key(old) is not None
    # a second rotation after the retention window removes the first key for good
    newest = store.rotate(now=now + RETENTION + 1).kid
    kids = {e.kid for e in store.entries()}
    assert old not in kids and {new, newest} <= kids
    assert not (tmp_path / f"{old}.pem").exists()


def test_other_process_sees_a_rotation(tmp_path: Path) -> None:
    server = KeyStore(tmp_path, retention=RETENTION)
    server.ensure()
    cli = KeyStore(tmp_path, retention=RETENTION)
    rotated = cli.rotate().kid
    server.refresh(force=True)
    assert server.active.kid == rotated
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["active"] == rotated


def test_unknown_kid_has_no_verification_key(tmp_path: Path) -> None:
    store = KeyStore(tmp_path, retention=RETENTION)
    store.ensure()
    assert store.verification_key("nope") is None


def test_rotated_key_is_published_first_and_signs_after_its_activation(tmp_path: Path) -> None:
    store = KeyStore(tmp_path, retention=RETENTION, activation_delay=45)
    store.ensure()
    old = store.active.kid
    entry = store.rotate()
    assert {k["kid"] for k in store.jwks()["keys"]} == {old, entry.kid}  # published at once
    assert store.active.kid == old  # but not signing yet
    assert entry.starts == pytest.approx(time.time() + 45, abs=2)
    retired = next(e for e in store.entries() if e.kid == old)
    assert retired.retired_at == entry.starts  # retention counts from its last signature


@pytest.mark.parametrize(("offset", "signer"), [(-0.001, "old"), (0.0, "new"), (0.001, "new")])
def test_signing_key_switches_at_the_activation_time(offset: float, signer: str) -> None:
    from gateway.keys.rules import retire_all, signing_entry

    entries = retire_all([KeyEntry("old", created_at=0)], at=100.0)
    entries.append(KeyEntry("new", created_at=55.0, activates_at=100.0))
    assert signing_entry(entries, now=100.0 + offset).kid == signer
