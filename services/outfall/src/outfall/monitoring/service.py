"""Rapid tests (one or a batch), lab tasks and lab results; keeps each outfall's summary.

A batch is all-or-nothing: every row is checked first and the errors of all refused rows are
reported together; nothing is written unless every row passes.
"""

from __future__ import annotations

import json
import secrets
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from sqlalchemy import String, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Session

from outfall.models import LabTask, Outfall, WaterTest
from outfall.monitoring import bulk
from outfall.monitoring.schemas import Measurements, RapidTestIn
from outfall.rules import RuleViolation, enforcement, lifecycle, water_quality
from outfall.rules.water_quality import Evaluation
from suitekit import audit
from suitekit.audit_scope import batch_division
from suitekit.errors import Conflict, InvalidInput, NotFound
from suitekit.identity import Caller
from suitekit.timeutil import new_id, utcnow

CHUNK = 1000
MAX_ERRORS_LISTED = 1000


@dataclass
class Accepted:
    test_id: str
    outfall_id: str
    evaluation: Evaluation
    lab_task_id: str | None
    enforcement_flag: bool = False


def _chunks(items: Sequence[str]) -> list[Sequence[str]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def load_outfalls(session: Session, ids: set[str], *, lock: bool) -> dict[str, Any]:
    """Id, jurisdiction, status, flag and recent window of each outfall (locks in id order).

    On Postgres the ids travel as one array parameter (``= ANY``): an ``IN`` list of
    thousands of literals made SQLAlchemy and psycopg build and parse a new statement text
    for every batch."""
    columns = (
        Outfall.id,
        Outfall.jurisdiction_code,
        Outfall.status,
        Outfall.enforcement_flag,
        Outfall.recent_tests,
    )
    if bulk.is_postgres(session):
        matches = [Outfall.id == any_(bindparam("ids", sorted(ids), type_=ARRAY(String)))]
    else:
        matches = [Outfall.id.in_(chunk) for chunk in _chunks(sorted(ids))]
    found: dict[str, Any] = {}
    for match in matches:
        statement = select(*columns).where(match).order_by(Outfall.id)
        connection = session.connection()
        rows = connection.execute(statement.with_for_update() if lock else statement).all()
        found.update({row.id: row for row in rows})
    return found


def evaluate_sample(data: RapidTestIn | Measurements, flow: bool) -> Evaluation:
    if flow:
        assert isinstance(data, RapidTestIn)
        water_quality.check_flow(data.flow_m3_d, data.flow_method)
    return water_quality.evaluate(
        data.values(), abnormal_color=data.abnormal_color, abnormal_odor=data.abnormal_odor
    )


def _outfall_problem(outfall: Any, outfall_id: str, caller: Caller) -> str | None:
    if outfall is None or not caller.covers(outfall.jurisdiction_code):
        return f"outfall {outfall_id} not found"
    if lifecycle.is_ended(outfall.status):
        return f"outfall {outfall_id} is {outfall.status}: no more tests"
    return None


def _reason(evaluation: Evaluation) -> str:
    parts = [f"{e.parameter} {e.value} beyond limit {e.limit}" for e in evaluation.exceedances]
    return "; ".join(parts + evaluation.observations)


def exceedances_json(evaluation: Evaluation) -> str:
    return json.dumps(
        [
            {
                "parameter": e.parameter,
                "value": str(e.value),
                "limit": str(e.limit),
                "bound": e.bound,
            }
            for e in evaluation.exceedances
        ]
    )


def water_test_row(
    test_id: str,
    outfall_id: str,
    kind: str,
    data: Any,
    evaluation: Evaluation,
    task_id: str | None,
    now: Any,
) -> dict[str, Any]:
    exceeds, by_40pct = enforcement.test_flags(evaluation.exceedances)
    return {
        "id": test_id,
        "outfall_id": outfall_id,
        "kind": kind,
        "sampled_at": data.sampled_at,
        "sampler": data.sampler,
        "ph": data.ph,
        "cod_mg_l": data.cod_mg_l,
        "nh3n_mg_l": data.nh3n_mg_l,
        "tp_mg_l": data.tp_mg_l,
        "flow_m3_d": getattr(data, "flow_m3_d", None),
        "flow_method": getattr(data, "flow_method", None),
        "abnormal_color": data.abnormal_color,
        "abnormal_odor": data.abnormal_odor,
        "abnormal": evaluation.abnormal,
        "exceeds": exceeds,
        "exceeds_by_40pct": by_40pct,
        "exceedances": exceedances_json(evaluation),
        "lab_task_id": task_id,
        "created_at": now,
    }


def _new_ids(prefix: str, count: int) -> list[str]:
    """``count`` ids like ``new_id`` from one call to the OS random source."""
    raw = secrets.token_hex(8 * count)
    return [f"{prefix}_{raw[i * 16 : (i + 1) * 16]}" for i in range(count)]


def _evaluate_rows(
    rows: Sequence[tuple[str, RapidTestIn]], field_prefix: str
) -> tuple[list[Evaluation | None], list[tuple[int, dict[str, str]]]]:
    evaluations: list[Evaluation | None] = []
    errors: list[tuple[int, dict[str, str]]] = []
    for index, (_outfall_id, data) in enumerate(rows):
        try:
            evaluations.append(evaluate_sample(data, flow=True))
        except RuleViolation as violation:
            evaluations.append(None)
            field = f"{field_prefix.format(index=index)}{violation.field_name or ''}"
            errors.append((index, {"field": field.rstrip("."), "message": violation.message}))
    return evaluations, errors


def _refuse(errors: list[tuple[int, dict[str, str]]], total: int) -> InvalidInput:
    listed = [error for _index, error in sorted(errors, key=lambda e: e[0])]
    refused = len({index for index, _error in errors})
    return InvalidInput(
        f"{refused} of {total} rows refused; nothing was written",
        code="tests_refused",
        errors=listed[:MAX_ERRORS_LISTED],
        refused_rows=refused,
    )


def ingest_rapid_tests(
    *,
    session: Session,
    rows: Sequence[tuple[str, RapidTestIn]],
    caller: Caller,
    field_prefix: str,
    record_audit: Callable[[list[Accepted]], None],
) -> list[Accepted]:
    """Check every row, then write them all (or nothing) and refresh the outfalls.

    ``record_audit`` runs before the outfalls are read: appending to the audit chain locks
    its head row, which every writing use case of this service takes, so the outfalls'
    recent-test windows read afterwards cannot change under us until commit (a row lock on
    each of up to 10,000 outfalls would cost more).
    """
    evaluations, errors = _evaluate_rows(rows, field_prefix)
    test_ids = iter(_new_ids("wt", len(rows)))
    accepted = [
        Accepted(
            next(test_ids), outfall_id, evaluation, new_id("lt") if evaluation.abnormal else None
        )
        for (outfall_id, _data), evaluation in zip(rows, evaluations, strict=True)
        if evaluation is not None
    ]
    if not errors:
        record_audit(accepted)
    outfalls = load_outfalls(session, {outfall_id for outfall_id, _ in rows}, lock=False)
    for index, (outfall_id, _data) in enumerate(rows):
        problem = _outfall_problem(outfalls.get(outfall_id), outfall_id, caller)
        if problem:
            field = f"{field_prefix.format(index=index)}outfall_id"
            errors.append((index, {"field": field, "message": problem}))
    if errors:
        raise _refuse(errors, len(rows))
    _write_tests(session, rows, accepted, outfalls, caller)
    return accepted


def _write_tests(
    session: Session,
    rows: Sequence[tuple[str, RapidTestIn]],
    accepted: list[Accepted],
    outfalls: dict[str, Any],
    caller: Caller,
) -> None:
    now = utcnow()
    recorded_at = now.astimezone(UTC).isoformat()
    test_rows, task_rows = [], []
    new_tests: dict[str, list[enforcement.RecentTest]] = defaultdict(list)
    new_tasks: dict[str, int] = defaultdict(int)
    for (_outfall_id, data), row in zip(rows, accepted, strict=True):
        test_rows.append(
            water_test_row(
                row.test_id, row.outfall_id, "rapid", data, row.evaluation, row.lab_task_id, now
            )
        )
        if row.lab_task_id:
            task_rows.append(
                {
                    "id": row.lab_task_id,
                    "outfall_id": row.outfall_id,
                    "rapid_test_id": row.test_id,
                    "status": "open",
                    "reason": _reason(row.evaluation),
                    "created_at": now,
                }
            )
            new_tasks[row.outfall_id] += 1
        new_tests[row.outfall_id].append(
            recent_entry(test_rows[-1], len(test_rows), recorded_at=recorded_at)
        )
    bulk.insert_rows(session, WaterTest.__table__, test_rows)
    bulk.insert_rows(session, LabTask.__table__, task_rows)
    flags = refresh_outfalls(session, new_tests, new_tasks, outfalls, caller)
    for row in accepted:
        row.enforcement_flag = flags[row.outfall_id]


def recent_entry(
    row: dict[str, Any], position: int, *, recorded_at: str | None = None
) -> enforcement.RecentTest:
    """Ties on sampling time go to the test recorded last (request time, then position).
    ``recorded_at``: the row's ``created_at`` in UTC ISO form, when the caller has it."""
    sampled = row["sampled_at"].astimezone(UTC).isoformat()
    recorded_at = recorded_at or row["created_at"].astimezone(UTC).isoformat()
    recorded = f"{recorded_at}#{position:06d}"
    return (sampled, recorded, row["abnormal"], row["exceeds"], row["exceeds_by_40pct"])


def refresh_outfalls(
    session: Session,
    new_tests: dict[str, list[enforcement.RecentTest]],
    task_delta: dict[str, int],
    before: dict[str, Any],
    caller: Caller,
) -> dict[str, bool]:
    """Update counters, latest result, recent window and enforcement flag; audit flips."""
    cfg = enforcement.config()
    now, params, flags = utcnow(), [], {}
    for outfall_id, tests in new_tests.items():
        stored = before[outfall_id].recent_tests
        kept = [tuple(t) for t in json.loads(stored)] if stored and stored != "[]" else []
        recent = enforcement.merge_recent(kept, tests, cfg)
        verdict = enforcement.assess_recent(recent, cfg)
        flags[outfall_id] = verdict.flagged
        params.append(
            {
                "b_id": outfall_id,
                "b_tests": len(tests),
                "b_tasks": task_delta.get(outfall_id, 0),
                "b_latest": recent[0][2],
                "b_flag": verdict.flagged,
                "b_reason": verdict.reason,
                "b_recent": json.dumps(recent),
                "b_now": now,
            }
        )
        if verdict.flagged != bool(before[outfall_id].enforcement_flag):
            audit.record(
                session,
                caller=caller,
                action="enforcement_flag" if verdict.flagged else "enforcement_cleared",
                entity_type="outfall",
                entity_id=outfall_id,
                division=before[outfall_id].jurisdiction_code,
                reason=verdict.reason,
                data={
                    "magnitude_count": verdict.magnitude_count,
                    "chronic_count": verdict.chronic_count,
                },
            )
    bulk.update_summaries(session, params)
    return flags


def record_rapid_test(
    *, session: Session, outfall_id: str, data: RapidTestIn, caller: Caller
) -> Accepted:
    outfall = session.get(Outfall, outfall_id)
    if outfall is None or not caller.covers(outfall.jurisdiction_code):
        raise NotFound(f"outfall {outfall_id} not found")
    if lifecycle.is_ended(outfall.status):
        raise Conflict(
            f"outfall {outfall_id} is {outfall.status}: no more tests",
            code="outfall_ended",
            state=outfall.status,
        )

    def record_audit(accepted: list[Accepted]) -> None:
        (row,) = accepted
        audit.record(
            session,
            caller=caller,
            action="rapid_test",
            entity_type="outfall",
            entity_id=outfall_id,
            division=outfall.jurisdiction_code,
            data={
                "test_id": row.test_id,
                "abnormal": row.evaluation.abnormal,
                "lab_task_id": row.lab_task_id,
                "exceedances": json.loads(exceedances_json(row.evaluation)),
            },
        )

    (row,) = ingest_rapid_tests(
        session=session,
        rows=[(outfall_id, data)],
        caller=caller,
        field_prefix="body.",
        record_audit=record_audit,
    )
    session.commit()
    return row


def record_batch(
    *, session: Session, rows: Sequence[tuple[str, RapidTestIn]], caller: Caller, batch_id: str
) -> list[Accepted]:
    def record_audit(accepted: list[Accepted]) -> None:
        audit.record(
            session,
            caller=caller,
            action="rapid_test_batch",
            entity_type="test_batch",
            entity_id=batch_id,
            division=batch_division(caller),
            data={
                "rows": len(accepted),
                "outfalls": len({row.outfall_id for row in accepted}),
                "abnormal": sum(1 for row in accepted if row.evaluation.abnormal),
                "first_test_id": accepted[0].test_id,
                "last_test_id": accepted[-1].test_id,
            },
        )

    accepted = ingest_rapid_tests(
        session=session,
        rows=rows,
        caller=caller,
        field_prefix="body.items.{index}.",
        record_audit=record_audit,
    )
    session.commit()
    return accepted
