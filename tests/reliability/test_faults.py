"""Faults under load (part 3): a killed service, a lost Postgres connection, a read-only file.

Each fault is injected while the load script writes through the gateway; afterwards every
acknowledged write must read back and the audit chains must verify. The machine's Postgres
server is never stopped: one service's database refuses connections and its backends are
terminated (ALTER DATABASE ... ALLOW_CONNECTIONS false + pg_terminate_backend).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import suiteload
from relkit import figures
from relkit.harness import SuiteUnderTest, member
from relkit.seed import all_items

from suitekit.testing import postgres_admin_url

FAST_SECONDS = 5.0  # a down upstream must be answered well within the upstream timeouts


@contextmanager
def background_load(
    sut: SuiteUnderTest, headers: dict[str, str], seconds: float, writes: tuple
) -> Iterator[suiteload.LoadResult]:
    result = suiteload.LoadResult()
    thread = threading.Thread(
        target=lambda: asyncio.run(
            suiteload.run_load(
                sut.gateway_url,
                headers,
                duration=seconds,
                concurrency=8,
                writes=writes,
                result=result,
            )
        ),
        daemon=True,
    )
    thread.start()
    try:
        yield result
    finally:
        thread.join(timeout=seconds + 60)


def _writes(*names: str) -> tuple[suiteload.WriteKind, ...]:
    return tuple(k for k in suiteload.WRITES if k.name in names)


def _is_problem(response: httpx.Response) -> bool:
    return response.headers.get("content-type", "").startswith("application/problem+json")


def _wait_until(check: Any, seconds: float, step: float = 0.3) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if check():
            return time.monotonic() - started
        time.sleep(step)
    return None


def _status(url: str, headers: dict[str, str] | None = None) -> int:
    try:
        return httpx.get(url, headers=headers, timeout=10).status_code
    except httpx.HTTPError:
        return 0


def test_killed_service_is_503_fast_others_keep_serving_and_restart_loses_nothing(
    sut: SuiteUnderTest, full_headers: dict[str, str]
) -> None:
    victim = member("credits")
    probes: list[tuple[int, float, bool]] = []
    with background_load(
        sut, full_headers, 14, _writes("outfall", "labs", "credits", "lawyer-query")
    ) as load:
        time.sleep(3)
        process = sut.suite.processes[victim.name]
        os.killpg(process.pid, signal.SIGKILL)
        killed_at = time.monotonic()
        sut.suite.stop_member(victim)
        with httpx.Client(base_url=sut.gateway_url, timeout=30) as client:
            while time.monotonic() - killed_at < 4:
                started = time.monotonic()
                response = client.get("/credits/v1/schools", headers=full_headers)
                probes.append(
                    (response.status_code, time.monotonic() - started, _is_problem(response))
                )
                time.sleep(0.2)
        sut.suite.start_member(victim)
        sut.suite.wait_ready(victim)
    recovered = _wait_until(
        lambda: _status(f"{sut.gateway_url}/credits/v1/schools", full_headers) == 200, 30
    )
    read_back = suiteload.verify_writes(sut.gateway_url, full_headers, load.acknowledged)
    audit = suiteload.verify_audit_chains(sut.gateway_url, full_headers, ["credits"])
    others_5xx = {
        k: n for k, n in load.by_service.items() if not k.startswith("credits") and " 5" in k
    }
    figures.record(
        "faults",
        kill_service=victim.name,
        kill_probe_statuses=sorted({p[0] for p in probes}),
        kill_probe_max_seconds=round(max(p[1] for p in probes), 3),
        kill_others_5xx=others_5xx,
        kill_recovered_after_restart_seconds=recovered,
        kill_writes_acknowledged=read_back["written"],
        kill_writes_read_back=read_back["read_back"],
        kill_audit_ok=audit["credits"].get("ok"),
        kill_load_statuses=dict(load.statuses),
    )
    assert probes and all(p[0] in (502, 503) and p[2] for p in probes), probes
    assert max(p[1] for p in probes) < FAST_SECONDS, probes
    assert not others_5xx, others_5xx
    assert recovered is not None, "credits did not answer 200 through the gateway after restart"
    assert read_back["read_back"] == read_back["written"], read_back["missing"]
    assert read_back["content_mismatches"] == 0, read_back["mismatch_samples"]
    assert audit["credits"].get("ok"), audit


def _pg_database(sut: SuiteUnderTest, service: str) -> str | None:
    url = sut.suite.database_url(member(service))
    return url.rsplit("/", 1)[-1] if url.startswith("postgresql") else None


def _set_connections(database: str, allowed: bool) -> None:
    with psycopg.connect(postgres_admin_url(), autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {str(allowed).lower()}')
        if not allowed:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (database,),
            )


def test_postgres_connection_lost_mid_write_fails_cleanly_and_readyz_recovers(
    sut: SuiteUnderTest, full_headers: dict[str, str]
) -> None:
    database = _pg_database(sut, "outfall")
    if database is None:
        pytest.skip("outfall runs on SQLite in this run (RELIABILITY_POSTGRES=0 or no server)")
    readyz = f"{sut.service_url('outfall')}/readyz"
    with background_load(sut, full_headers, 12, _writes("outfall")) as load:
        time.sleep(2)
        _set_connections(database, allowed=False)
        try:
            went_red = _wait_until(lambda: _status(readyz) == 503, 10)
            with httpx.Client(base_url=sut.gateway_url, timeout=30) as client:
                during = client.post(
                    "/outfall/v1/outfalls",
                    json=suiteload.WRITES[0].make_body(0),
                    headers=full_headers,
                )
            time.sleep(2)
        finally:
            _set_connections(database, allowed=True)
        went_green = _wait_until(lambda: _status(readyz) == 200, 30)
    read_back = suiteload.verify_writes(sut.gateway_url, full_headers, load.acknowledged)
    audit = suiteload.verify_audit_chains(sut.gateway_url, full_headers, ["outfall"])
    orphans = _records_without_history(sut, full_headers, load)
    outfall_5xx = {k: n for k, n in load.by_service.items() if k.startswith("outfall 5")}
    figures.record(
        "faults",
        pg_service="outfall",
        pg_readyz_red_after_seconds=went_red,
        pg_readyz_green_after_seconds=went_green,
        pg_write_during_outage=[during.status_code, _is_problem(during)],
        pg_outfall_5xx_during_load=outfall_5xx,
        pg_writes_acknowledged=read_back["written"],
        pg_writes_read_back=read_back["read_back"],
        pg_records_without_audit=len(orphans),
        pg_audit_ok=audit["outfall"].get("ok"),
    )
    assert went_red is not None, "/readyz stayed green while the database refused connections"
    assert during.status_code == 503 and _is_problem(during), during.text
    assert "500" not in {k.split()[-1] for k in outfall_5xx}, outfall_5xx
    assert went_green is not None, "/readyz did not turn green after connections came back"
    assert read_back["read_back"] == read_back["written"], read_back["missing"]
    assert not orphans, orphans[:10]
    assert audit["outfall"].get("ok"), audit


def _records_without_history(
    sut: SuiteUnderTest, headers: dict[str, str], load: suiteload.LoadResult
) -> list[str]:
    """Every outfall the load created, acknowledged or not, has its audit history (one commit)."""
    missing = []
    with httpx.Client(base_url=sut.gateway_url, timeout=30) as client:
        for item in all_items(client, "/outfall/v1/outfalls", headers):
            if "负载测试点" not in str(item.get("name")):
                continue
            history = client.get(f"/outfall/v1/outfalls/{item['id']}/history", headers=headers)
            entries = history.json() if history.status_code == 200 else []
            if isinstance(entries, dict):
                entries = entries.get("items") or entries.get("entries") or []
            if not entries:
                missing.append(item["id"])
    return missing


def _chattr(flag: str, files: list[Path]) -> None:
    subprocess.run(["chattr", flag, *map(str, files)], check=True, capture_output=True)


def _sqlite_write_target(sut: SuiteUnderTest) -> tuple[suiteload.WriteKind, Path] | None:
    """A service with a load write kind whose store is a SQLite file on the ordinary disk
    (chattr +i does not stop writes through open files on tmpfs, the disk-full volume)."""
    for kind in suiteload.WRITES:
        url = sut.suite.database_url(member(kind.name))
        path = Path(url.split("///", 1)[-1])
        if url.startswith("sqlite") and path.parent == sut.data_dir.resolve() and path.exists():
            return kind, path
    return None


def _audit_entries(sut: SuiteUnderTest, headers: dict[str, str], service: str) -> int:
    verify = suiteload.verify_audit_chains(sut.gateway_url, headers, [service])[service]
    return int(verify.get("entries") or 0)


def test_read_only_sqlite_file_gives_clean_503_and_no_corruption(
    sut: SuiteUnderTest, full_headers: dict[str, str]
) -> None:
    target = _sqlite_write_target(sut)
    if target is None or shutil.which("chattr") is None:
        pytest.skip("no service with a load write on a SQLite file here, or no chattr")
    kind, db = target
    files = [f for f in (db, db.with_name(db.name + "-wal")) if f.exists()]
    before = _audit_entries(sut, full_headers, kind.name)
    try:
        _chattr("+i", files)  # immutable: even root cannot write (chmod would not stop root)
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"cannot make the file read-only here: {exc.stderr!r}")
    with httpx.Client(base_url=sut.gateway_url, timeout=30) as client:
        try:
            refused = client.post(
                kind.path, json=kind.make_body(1), headers=full_headers | kind.headers
            )
            read = client.get(f"/{kind.name}/v1/audit/verify", headers=full_headers)
        finally:
            _chattr("-i", files)
        after_refusal = _audit_entries(sut, full_headers, kind.name)
        recovered = _wait_until(
            lambda: (
                client.post(
                    kind.path, json=kind.make_body(2), headers=full_headers | kind.headers
                ).status_code
                == 201
            ),
            20,
            step=1,
        )
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    audit = suiteload.verify_audit_chains(sut.gateway_url, full_headers, [kind.name])
    figures.record(
        "faults",
        readonly_service=kind.name,
        readonly_write_status=[refused.status_code, _is_problem(refused)],
        readonly_read_status=read.status_code,
        readonly_audit_entries_before_after=[before, after_refusal],
        readonly_recovered_after_seconds=recovered,
        readonly_integrity=integrity,
        readonly_audit_ok=audit[kind.name].get("ok"),
    )
    assert refused.status_code == 503 and _is_problem(refused), refused.text
    assert read.status_code == 200, "reads must keep working on a read-only store"
    assert after_refusal == before, "the refused write left audit entries behind"
    assert recovered is not None, "writes did not recover after the file became writable"
    assert integrity == "ok"
    assert audit[kind.name].get("ok"), audit


def _fill(volume: Path) -> Path:
    """Write zeros until the volume has no space left."""
    filler = volume / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    chunk = b"\0" * (1 << 20)
    try:
        while True:
            os.write(fd, chunk)
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def test_full_disk_gives_clean_503_writes_nothing_and_recovers(
    sut: SuiteUnderTest, full_headers: dict[str, str]
) -> None:
    if sut.volume is None:
        pytest.skip("no small volume could be mounted for credits here (needs root for tmpfs)")
    db = Path(sut.suite.database_url(member("credits")).split("///", 1)[-1])
    with sqlite3.connect(db, timeout=30) as conn:  # empty the WAL, so a write must grow a file
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    filler = _fill(sut.volume)
    marker = f"FULL-{uuid.uuid4().hex[:6]}"
    attempts: list[httpx.Response] = []
    with httpx.Client(base_url=sut.gateway_url, timeout=30) as client:
        try:
            for n in range(30):
                body = suiteload.WRITES[2].make_body(n) | {"student_no": f"{marker}-{n}"}
                attempts.append(
                    client.post("/credits/v1/students", json=body, headers=full_headers)
                )
                if attempts[-1].status_code != 201:
                    break
            read = client.get("/credits/v1/schools", headers=full_headers)
        finally:
            filler.unlink()
        recovered = _wait_until(
            lambda: (
                client.post(
                    "/credits/v1/students",
                    json=suiteload.WRITES[2].make_body(3),
                    headers=full_headers,
                ).status_code
                == 201
            ),
            20,
            step=1,
        )
        stored = {
            s["student_no"]
            for s in all_items(client, "/credits/v1/students", full_headers)
            if str(s.get("student_no", "")).startswith(marker)
        }
    accepted = {f"{marker}-{n}" for n, r in enumerate(attempts) if r.status_code == 201}
    refused = [r for r in attempts if r.status_code != 201]
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    audit = suiteload.verify_audit_chains(sut.gateway_url, full_headers, ["credits"])
    figures.record(
        "faults",
        disk_full_service="credits",
        disk_full_accepted_before_refusal=len(accepted),
        disk_full_refusal=[(r.status_code, _is_problem(r)) for r in refused],
        disk_full_read_status=read.status_code,
        disk_full_recovered_after_seconds=recovered,
        disk_full_stored_equals_accepted=stored == accepted,
        disk_full_integrity=integrity,
        disk_full_audit_ok=audit["credits"].get("ok"),
    )
    assert refused, "the full volume never refused a write (nothing was tested)"
    assert all(r.status_code == 503 and _is_problem(r) for r in refused), refused[0].text
    assert stored == accepted, (stored, accepted)
    assert recovered is not None, "writes did not recover after space was freed"
    assert integrity == "ok"
    assert audit["credits"].get("ok"), audit
