"""The reliability run: one suite of real processes per pytest session, loopback only.

Not part of `make test`; `tests/reliability/run.sh` runs it and renders docs/reliability.md.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench" / "load"))

from relkit import figures
from relkit.contract import declared_scopes
from relkit.harness import SuiteUnderTest, attach_suite, start_suite
from relkit.seed import harvest_ids, seed_records

ORDER = (
    "test_authz_matrix.py",
    "test_concurrency.py",
    "test_fuzz_contract.py",
    "test_load.py",
    "test_faults.py",
    "test_backup_restore.py",
    "test_dependency_audit.py",
    "test_secret_sources.py",
    "test_secrets_in_logs.py",  # last: it scans every log line the run produced
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return ORDER.index(name) if name in ORDER else len(ORDER)

    items.sort(key=rank)


def _suite_dir() -> Path:
    """Not under pytest's basetemp: other members' pytest runs prune old basetemp directories,
    which would delete this suite's stores and logs while it runs."""
    out = os.environ.get("RELIABILITY_OUT")
    if out:
        path = (Path(out) / "suite").resolve()
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return Path(tempfile.mkdtemp(prefix="reliability-suite-"))


@pytest.fixture(scope="session")
def sut() -> Iterator[SuiteUnderTest]:
    if os.environ.get("RELIABILITY_ATTACH"):
        yield attach_suite(Path(os.environ["RELIABILITY_ATTACH"]))
        return
    on_stop: list[Callable[[], Any]] = []
    data_dir = _suite_dir()
    try:
        yield start_suite(data_dir, on_stop)
    finally:
        for stop in on_stop:
            stop()
        if not os.environ.get("RELIABILITY_OUT"):
            shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def merged_openapi(sut: SuiteUnderTest) -> dict[str, Any]:
    response = httpx.get(f"{sut.gateway_url}/openapi.json", timeout=30)
    response.raise_for_status()
    document: dict[str, Any] = response.json()
    return document


@pytest.fixture(scope="session")
def ops_openapi(sut: SuiteUnderTest) -> dict[str, Any]:
    """The operations listener's own document: the admin API (not on the public port)."""
    response = httpx.get(f"{sut.ops_url}/openapi.json", timeout=30)
    response.raise_for_status()
    document: dict[str, Any] = response.json()
    return document


@pytest.fixture
def gateway(sut: SuiteUnderTest) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sut.gateway_url, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def all_scopes(merged_openapi: dict[str, Any]) -> list[str]:
    """Every service scope the gateway knows (not `admin`)."""
    return [s for s in declared_scopes(merged_openapi) if s != "admin"]


@pytest.fixture
def full_headers(sut: SuiteUnderTest, all_scopes: list[str]) -> dict[str, str]:
    """A city-wide client with every scope, `admin` too (bulk rate tier): some services keep
    their audit trail for `admin` only."""
    return sut.headers([*all_scopes, "admin"])


@pytest.fixture(scope="session")
def known_ids(
    sut: SuiteUnderTest, merged_openapi: dict[str, Any], all_scopes: list[str]
) -> dict[str, dict[str, str]]:
    """Records created through the gateway, and one real id per path parameter per service."""
    full_headers = sut.headers([*all_scopes, "admin"])
    with httpx.Client(base_url=sut.gateway_url, timeout=30) as client:
        outcome = seed_records(client, full_headers)
        known = harvest_ids(client, merged_openapi, full_headers)
    figures.record("seed", **outcome, ids_known={k: sorted(v) for k, v in known.items()})
    return known
