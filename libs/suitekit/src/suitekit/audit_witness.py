"""The witness's rule: accept a service's new checkpoints only if they extend what it saw.

Pure (no I/O): the `suite audit witness` job fetches, this decides, the job stores. A fork
(same length, other head), a withdrawn checkpoint, a changed key, a bad signature or entries
that do not hash to a signed head raise `WitnessAlarm` and nothing is stored.
"""

import json
from collections.abc import Mapping
from typing import Any

from suitekit.audit import GENESIS_HASH, entry_digest
from suitekit.audit_checkpoints import checkpoint_body, public_key_from_b64, signature_valid
from suitekit.audit_offline import entry_from_export


class WitnessAlarm(Exception):
    """The service's published chain contradicts what this witness saw before."""


def _check_signatures(service: str, key_b64: str, checkpoints: list[Mapping[str, Any]]) -> None:
    key = public_key_from_b64(key_b64)
    for cp in checkpoints:
        body = checkpoint_body(service, int(cp["entries"]), str(cp["head_hash"]), str(cp["time"]))
        if not signature_valid(key, body, str(cp["signature"])):
            raise WitnessAlarm(f"checkpoint at {cp['entries']} entries: bad signature")


def _check_history(saved: Mapping[str, Any], fetched: list[Mapping[str, Any]]) -> None:
    seen = {int(cp["entries"]): cp["head_hash"] for cp in saved["checkpoints"]}
    for cp in fetched:
        old = seen.get(int(cp["entries"]))
        if old is not None and old != cp["head_hash"]:
            raise WitnessAlarm(f"fork: the head at {cp['entries']} entries changed")
    if seen and max((int(cp["entries"]) for cp in fetched), default=0) < max(seen):
        raise WitnessAlarm("rollback: the service no longer shows its latest checkpoint")


def _extend_hashes(saved_hashes: list[list[Any]], lines: list[str]) -> list[list[Any]]:
    hashes = [list(pair) for pair in saved_hashes]
    prev_seq, prev_hash = (int(hashes[-1][0]), str(hashes[-1][1])) if hashes else (0, GENESIS_HASH)
    for line in lines:
        if not line.strip():
            continue
        entry = entry_from_export(json.loads(line))
        if entry.seq == prev_seq and hashes:  # the overlap: the last entry this witness saw
            if entry.hash != prev_hash:
                raise WitnessAlarm(f"entry {entry.seq} changed since it was witnessed")
            continue
        if entry.seq != prev_seq + 1 or entry.prev_hash != prev_hash:
            raise WitnessAlarm(f"entry {entry.seq} does not extend the witnessed chain")
        if entry_digest(entry) != entry.hash:
            raise WitnessAlarm(f"entry {entry.seq} does not hash to its stored hash")
        hashes.append([entry.seq, entry.hash])
        prev_seq, prev_hash = entry.seq, entry.hash
    return hashes


def witness_update(
    saved: Mapping[str, Any] | None, fetched: Mapping[str, Any], *, service: str
) -> dict[str, Any]:
    doc = fetched["checkpoints"]
    key = str(saved["public_key"]) if saved else str(doc["public_key"])
    if doc["public_key"] != key:
        raise WitnessAlarm("the service's public key changed")
    new = [cp for cp in doc["checkpoints"] if cp.get("service", service) == service]
    _check_signatures(service, key, new)
    if saved:
        _check_history(saved, new)
    hashes = _extend_hashes(list(saved["entry_hashes"]) if saved else [], fetched["export"])
    by_seq = {int(s): str(h) for s, h in hashes}
    for cp in new:
        size = int(cp["entries"])
        if size and by_seq.get(size, cp["head_hash"]) != cp["head_hash"]:
            raise WitnessAlarm(f"the entries do not reach the signed head at {size}")
    merged = {int(cp["entries"]): dict(cp) for cp in (saved or {}).get("checkpoints", [])}
    merged |= {int(cp["entries"]): dict(cp) for cp in new}
    return {
        "service": service,
        "public_key": key,
        "key_id": doc.get("key_id"),
        "checkpoints": [merged[size] for size in sorted(merged)],
        "entry_hashes": hashes,
    }
