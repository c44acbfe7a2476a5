"""The registry-access index under the audit chain's protection (issue 14, lawyer-query).

The supervisors' access search and the flags read `registry_access`, not the chain. Each
`registry_query` entry therefore seals the digest of every access row it wrote, and the chain
verification checks both directions: every sealed row exists unchanged, and every row is
sealed by the entry it points to. Entries written before the seal existed are checked against
the persons they list (position, record, outcome, fields).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from lawyer_query.applications.models import RegistryAccess
from suitekit.audit import AuditEntry, ChainReport
from suitekit.timeutil import as_aware

QUERY_ACTION = "registry_query"
SEALED_FIELDS = (
    "id",
    "application_id",
    "station_code",
    "officer_id",
    "client_id",
    "lawyer_certificate_no",
    "firm_id",
    "position",
    "query_index",
    "record_id",
    "outcome",
    "fields",
)


def access_digest(row: RegistryAccess) -> str:
    payload: dict[str, Any] = {name: getattr(row, name) for name in SEALED_FIELDS}
    payload["at"] = as_aware(row.at).isoformat(timespec="microseconds")
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def access_seal(rows: Sequence[RegistryAccess]) -> list[dict[str, str]]:
    """What the audit entry stores: each access row's id and digest (no personal data)."""
    return [{"id": row.id, "sha256": access_digest(row)} for row in rows]


def _legacy_view(row: RegistryAccess) -> tuple[Any, ...]:
    return (row.position, row.record_id, row.outcome, json.loads(row.fields))


def _entry_problem(entry: AuditEntry, rows: list[RegistryAccess]) -> str | None:
    data = json.loads(entry.data)
    if "access_rows" in data:
        expected = {item["id"]: item["sha256"] for item in data["access_rows"]}
        actual = {row.id: access_digest(row) for row in rows}
        if expected.keys() - actual.keys():
            return "registry access row missing"
        if actual.keys() - expected.keys():
            return "registry access row not sealed by its entry"
        if any(actual[key] != digest for key, digest in expected.items()):
            return "registry access row altered"
        return None
    persons = sorted(
        (p["position"], p["record_id"], p["outcome"], p["fields"]) for p in data.get("persons", [])
    )
    if persons != sorted(_legacy_view(row) for row in rows):
        return "registry access rows differ from the persons of their entry"
    return None


def registry_access_check(session: Session, *, batch: int = 1000) -> ChainReport | None:
    """A `suitekit.audit.ChainCheck`: None when every access row matches the chain."""
    covered, last_seq = 0, 0
    while True:
        entries = session.exec(
            select(AuditEntry)
            .where(AuditEntry.action == QUERY_ACTION, AuditEntry.seq > last_seq)
            .order_by(col(AuditEntry.seq))
            .limit(batch)
        ).all()
        if not entries:
            break
        by_seq: dict[int, list[RegistryAccess]] = defaultdict(list)
        for row in session.exec(
            select(RegistryAccess).where(
                col(RegistryAccess.audit_seq).between(entries[0].seq, entries[-1].seq)
            )
        ).all():
            by_seq[row.audit_seq].append(row)
        for entry in entries:
            problem = _entry_problem(entry, by_seq.get(entry.seq, []))
            if problem is not None:
                return ChainReport(False, 0, entry.seq, problem)
            covered += len(by_seq.get(entry.seq, []))
        last_seq = entries[-1].seq
    total = session.exec(select(func.count()).select_from(RegistryAccess)).one()
    if total != covered:
        return ChainReport(False, 0, None, "registry access rows outside the chain")
    return None
