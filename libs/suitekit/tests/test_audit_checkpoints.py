"""Signed checkpoints, the offline verification of an export and the witness's rule, on a real
database built by the kit's migrations (issue 14, 'an audit trail an inspector can verify')."""

import base64
import json
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session, select

from suitekit import audit
from suitekit.audit_checkpoints import (
    Signer,
    checkpoint_body,
    checkpoint_due,
    load_or_create_key,
    public_key_b64,
)
from suitekit.audit_offline import checkpoint_public, export_chain, verify_export
from suitekit.audit_witness import WitnessAlarm, witness_update
from suitekit.db import make_engine, open_write_session
from suitekit.identity import Caller
from suitekit.migrations import upgrade_to_head
from suitekit.timeutil import utcnow

MIGRATIONS = Path(__file__).parent / "kit_migrations"
CALLER = Caller(client_id="tester", scopes=frozenset(), jurisdiction=("*",))
NOW = utcnow()


@pytest.mark.parametrize(
    ("new", "age_seconds", "due"),
    [
        (0, 10_000, False),  # nothing new: nothing to sign, however old the last one
        (9, 599.9, False),  # below both thresholds
        (10, 0, True),  # at N entries
        (11, 0, True),  # above N entries
        (1, 600, True),  # at M seconds with something new
        (1, 601, True),  # above M seconds
    ],
    ids=["nothing-new", "below-both", "at-N", "above-N", "at-M", "above-M"],
)
def test_checkpoint_due_every_n_entries_or_m_seconds(
    new: int, age_seconds: float, due: bool
) -> None:
    assert (
        checkpoint_due(
            head_entries=100 + new,
            last_entries=100,
            oldest_unsigned_at=NOW - timedelta(seconds=age_seconds),
            now=NOW,
            every_entries=10,
            every_seconds=600,
        )
        is due
    )


def test_key_file_is_created_once_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "svc-audit-ed25519.pem"
    first = load_or_create_key(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert public_key_b64(load_or_create_key(path).public_key()) == public_key_b64(
        first.public_key()
    )


def _write(engine: sa.Engine, count: int) -> None:
    for n in range(count):
        session = open_write_session(engine)
        audit.record(
            session, caller=CALLER, action="act", entity_type="thing", entity_id=f"t{n}",
            division="231002", data={"n": n},
        )  # fmt: skip
        session.commit()
        session.close()


def _sign(engine: sa.Engine, signer: Signer) -> None:
    session = open_write_session(engine)
    signer.sign(session)
    session.commit()
    session.close()


def _published(engine: sa.Engine, signer: Signer) -> tuple[dict, list[str]]:
    with Session(engine) as session:
        rows = session.exec(select(audit.AuditCheckpoint)).all()
        lines = list(export_chain(session))
    doc = {
        "service": signer.service,
        "public_key": public_key_b64(signer.public_key),
        "checkpoints": [checkpoint_public(signer.service, r) for r in rows],
    }
    return doc, lines


def _rewrite_from(engine: sa.Engine, seq: int) -> None:
    with Session(engine) as session:
        entries = session.exec(select(audit.AuditEntry).order_by(audit.AuditEntry.seq)).all()
        prev = audit.GENESIS_HASH
        for entry in entries:
            if entry.seq == seq:
                entry.reason = "rewritten"
            entry.prev_hash, entry.hash = prev, audit.entry_digest(entry)
            entry.hash = audit.entry_digest(entry)
            prev = entry.hash
            session.add(entry)
        head = session.get(audit.AuditHead, 1)
        assert head is not None
        head.last_hash = prev
        session.add(head)
        session.commit()


def test_consistent_rewrite_passes_verify_chain_but_not_the_checkpoints(database_url: str) -> None:
    upgrade_to_head(MIGRATIONS, database_url)
    engine = make_engine(database_url)
    signer = Signer("svc", Ed25519PrivateKey.generate())
    _write(engine, 3)
    _sign(engine, signer)
    _write(engine, 3)
    _sign(engine, signer)
    doc, lines = _published(engine, signer)
    witnessed = witness_update(None, {"checkpoints": doc, "export": lines}, service="svc")
    key = doc["public_key"]
    assert verify_export(lines, witnessed, service="svc", public_key_b64=key).ok

    _rewrite_from(engine, 2)
    with Session(engine) as session:
        assert audit.verify_chain(session).ok  # the database alone cannot tell
    _, rewritten = _published(engine, signer)
    caught = verify_export(rewritten, witnessed, service="svc", public_key_b64=key)
    assert not caught.ok and caught.first_bad_seq == 2
    without_hashes = {k: v for k, v in witnessed.items() if k != "entry_hashes"}
    ranged = verify_export(rewritten, without_hashes, service="svc", public_key_b64=key)
    assert not ranged.ok and ranged.first_bad_seq == 1  # only 'after the last good checkpoint'
    other_key = public_key_b64(Ed25519PrivateKey.generate().public_key())
    forged = verify_export(lines, witnessed, service="svc", public_key_b64=other_key)
    assert not forged.ok and "signature" in str(forged.problem)
    truncated = verify_export(lines[:4], witnessed, service="svc", public_key_b64=key)
    assert not truncated.ok and truncated.first_bad_seq == 5
    engine.dispose()


def test_witness_alarms_on_fork_rollback_key_change_and_changed_entries() -> None:
    signer = Signer("svc", Ed25519PrivateKey.generate())
    key = public_key_b64(signer.public_key)

    def signed(entries: int, head: str) -> dict:
        body = checkpoint_body("svc", entries, head, "2026-12-05T00:00:00.000000+00:00")
        sig = base64.b64encode(signer.key.sign(body)).decode()
        return {"service": "svc", "entries": entries, "head_hash": head,
                "time": "2026-12-05T00:00:00.000000+00:00", "signature": sig}  # fmt: skip

    saved = {"service": "svc", "public_key": key, "checkpoints": [signed(0, audit.GENESIS_HASH)],
             "entry_hashes": []}  # fmt: skip
    fork = {"public_key": key, "checkpoints": [signed(0, "f" * 64)]}
    with pytest.raises(WitnessAlarm, match="fork"):
        witness_update(saved, {"checkpoints": fork, "export": []}, service="svc")
    other = public_key_b64(Ed25519PrivateKey.generate().public_key())
    with pytest.raises(WitnessAlarm, match="key changed"):
        witness_update(
            saved, {"checkpoints": {"public_key": other, "checkpoints": []}, "export": []},
            service="svc",
        )  # fmt: skip
    later = {**saved, "checkpoints": [signed(0, audit.GENESIS_HASH), signed(5, "a" * 64)]}
    withdrawn = {"public_key": key, "checkpoints": [signed(0, audit.GENESIS_HASH)]}
    with pytest.raises(WitnessAlarm, match="rollback"):
        witness_update(later, {"checkpoints": withdrawn, "export": []}, service="svc")
    tampered = dict(signed(0, audit.GENESIS_HASH), signature=signed(1, "b" * 64)["signature"])
    with pytest.raises(WitnessAlarm, match="bad signature"):
        witness_update(
            None, {"checkpoints": {"public_key": key, "checkpoints": [tampered]}, "export": []},
            service="svc",
        )  # fmt: skip
    assert json.dumps(saved)  # the store stays plain JSON


def test_a_seed_gives_every_replica_the_same_key_and_each_service_its_own(tmp_path: Path) -> None:
    from suitekit.audit_checkpoints import key_from_seed, signing_key

    seed = "s" * 32
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    first = key_from_seed(seed, "outfall").public_key().public_bytes(*raw)
    again = signing_key(seed, "outfall", tmp_path / "unused.pem").public_key().public_bytes(*raw)
    other = key_from_seed(seed, "labs").public_key().public_bytes(*raw)
    assert first == again and first != other
    assert not (tmp_path / "unused.pem").exists()  # a read-only container writes nothing


@pytest.mark.parametrize(("length", "accepted"), [(31, False), (32, True), (33, True)])
def test_a_seed_shorter_than_32_characters_is_refused(length: int, accepted: bool) -> None:
    from suitekit.audit_checkpoints import key_from_seed

    if accepted:
        key_from_seed("k" * length, "outfall")
    else:
        with pytest.raises(ValueError, match="at least 32"):
            key_from_seed("k" * length, "outfall")


def test_an_export_line_with_a_unicode_line_separator_stays_one_line() -> None:
    """U+2028 and U+0085 are kept raw by json.dumps(ensure_ascii=False); only "\\n" ends a line
    (the witness and the reliability harness split exports with `str.splitlines()` before)."""
    from suitekit.audit_offline import split_export

    lines = [json.dumps({"reason": "a\u2028b\x85c"}, ensure_ascii=False), json.dumps({"n": 2})]
    assert [json.loads(line) for line in split_export("\n".join(lines) + "\n")] == [
        {"reason": "a\u2028b\x85c"},
        {"n": 2},
    ]
