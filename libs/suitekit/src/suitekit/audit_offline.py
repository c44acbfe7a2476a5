"""A chain export and its offline verification against signed checkpoints (no database).

The export is JSON lines, one entry each, in exactly the form its hash covers. Verification
needs nothing from the service but the export, the saved checkpoints and the public key.
"""

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from suitekit.audit import GENESIS_HASH, AuditEntry, entry_digest
from suitekit.audit_checkpoints import (
    checkpoint_body,
    public_key_from_b64,
    rfc3339,
    signature_valid,
)

EXPORT_FIELDS = (
    "seq",
    "actor",
    "officer_id",
    "request_id",
    "action",
    "entity_type",
    "entity_id",
    "division",
    "unit",
    "digest_version",
    "reason",
    "data",
    "prev_hash",
    "hash",
)


def export_line(entry: AuditEntry) -> str:
    row = {name: getattr(entry, name) for name in EXPORT_FIELDS} | {"at": rfc3339(entry.at)}
    return json.dumps(row, sort_keys=True, ensure_ascii=False)


def split_export(text: str) -> list[str]:
    """The lines of an export. Only "\n" ends a line: `str.splitlines()` would also cut at
    U+2028, U+0085 and the like, which JSON keeps unescaped inside strings (ensure_ascii=False)."""
    return [line for line in text.split("\n") if line.strip()]


def export_chain(session: Session, *, after_seq: int = 0, batch: int = 2000) -> Iterator[str]:
    last = after_seq
    while True:
        rows = session.exec(
            select(AuditEntry).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(batch)
        ).all()
        if not rows:
            return
        for entry in rows:
            yield export_line(entry) + "\n"
        last = rows[-1].seq


@dataclass(frozen=True)
class ExportedEntry:
    """One export line as the hash sees it (plain and light: no ORM instance per entry)."""

    seq: int
    at: datetime
    actor: str
    officer_id: str | None
    request_id: str | None
    action: str
    entity_type: str
    entity_id: str
    division: str | None
    unit: str | None
    digest_version: int
    reason: str | None
    data: str
    prev_hash: str
    hash: str


def entry_from_export(row: Mapping[str, Any]) -> ExportedEntry:
    fields = {name: row.get(name) for name in EXPORT_FIELDS}
    return ExportedEntry(**fields, at=datetime.fromisoformat(str(row["at"])))


@dataclass(frozen=True)
class OfflineReport:
    ok: bool
    entries: int
    checkpoints: int
    first_bad_seq: int | None = None
    problem: str | None = None


def _bad_checkpoint(doc: Mapping[str, Any], service: str, public_key_b64: str) -> str | None:
    key = public_key_from_b64(public_key_b64)
    for cp in doc.get("checkpoints", []):
        body = checkpoint_body(service, int(cp["entries"]), str(cp["head_hash"]), str(cp["time"]))
        if cp.get("service", service) != service or not signature_valid(
            key, body, str(cp["signature"])
        ):
            return f"checkpoint at {cp['entries']} entries: signature not valid for {service}"
    return None


def _first_link_problem(entries: list[ExportedEntry]) -> tuple[int, str] | None:
    prev = GENESIS_HASH
    for position, entry in enumerate(entries, start=1):
        if entry.seq != position:
            return position, "entry missing"
        if entry.prev_hash != prev:
            return entry.seq, "link to previous entry broken"
        if entry_digest(entry) != entry.hash:
            return entry.seq, "entry content altered"
        prev = entry.hash
    return None


def _first_differing(
    entries: list[ExportedEntry], witnessed: Mapping[int, str], upto: int, after: int
) -> int:
    """The first entry whose hash differs from the witness's copy; without one, the first
    entry after the last checkpoint that still matched."""
    for entry in entries[:upto]:
        seen = witnessed.get(entry.seq)
        if seen is not None and seen != entry.hash:
            return entry.seq
    return after + 1


def verify_export(
    lines: Iterable[str],
    checkpoints_doc: Mapping[str, Any],
    *,
    service: str,
    public_key_b64: str,
) -> OfflineReport:
    entries = [entry_from_export(json.loads(line)) for line in lines if line.strip()]
    checkpoints = sorted(checkpoints_doc.get("checkpoints", []), key=lambda c: int(c["entries"]))
    bad_signature = _bad_checkpoint(checkpoints_doc, service, public_key_b64)
    if bad_signature is not None:
        return OfflineReport(False, len(entries), len(checkpoints), None, bad_signature)
    link_problem = _first_link_problem(entries)
    if link_problem is not None:
        seq, problem = link_problem
        return OfflineReport(False, len(entries), len(checkpoints), seq, problem)
    witnessed = {int(s): str(h) for s, h in checkpoints_doc.get("entry_hashes", [])}
    matched = 0
    for cp in checkpoints:
        size, head = int(cp["entries"]), str(cp["head_hash"])
        if size > len(entries):
            return OfflineReport(
                False,
                len(entries),
                len(checkpoints),
                len(entries) + 1,
                f"the export ends before the signed checkpoint at {size} entries",
            )
        actual = entries[size - 1].hash if size else GENESIS_HASH
        if actual != head:
            first = _first_differing(entries, witnessed, size, matched)
            return OfflineReport(
                False,
                len(entries),
                len(checkpoints),
                first,
                f"rewritten: the chain differs from the signed checkpoint at {size} entries;"
                f" first differing entry {first}",
            )
        matched = size
    for entry in entries:
        if witnessed.get(entry.seq, entry.hash) != entry.hash:
            return OfflineReport(
                False,
                len(entries),
                len(checkpoints),
                entry.seq,
                f"rewritten: entry {entry.seq} differs from the witness's copy",
            )
    return OfflineReport(True, len(entries), len(checkpoints))


def checkpoint_public(service: str, checkpoint: Any) -> dict[str, Any]:
    return {
        "service": service,
        "entries": checkpoint.entries,
        "head_hash": checkpoint.head_hash,
        "time": rfc3339(checkpoint.at),
        "key_id": checkpoint.key_id,
        "signature": checkpoint.signature,
    }
