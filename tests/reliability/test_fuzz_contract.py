"""Fuzzing from the contract: schemathesis against the gateway's merged OpenAPI (part 1).

Every operation of every service (and the gateway's own), with a city-wide client holding every
scope. Checks: no 5xx, responses match their declared schema, no 2xx for input the schema
forbids. Path parameters get real ids (harvested from the lists) so the generated requests
reach each service's logic instead of stopping at 404. Bounded: RELIABILITY_FUZZ_EXAMPLES
examples per operation (default 10) and a hard timeout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from relkit import figures
from relkit.harness import SuiteUnderTest

CHECKS = "not_a_server_error,response_schema_conformance,negative_data_rejection"
# Failed token requests are throttled per source address (gateway spec): fuzzing /oauth/token
# from 127.0.0.1 would lock every later step of the run out of new tokens.
EXCLUDED_PATHS = "^/oauth/token$"
TIMEOUT_SECONDS = 900


def schemathesis_config(known_ids: dict[str, dict[str, str]]) -> str:
    """One [[operations]] block per service, pinning its path parameters to real ids."""
    blocks = []
    for service, ids in sorted(known_ids.items()):
        if not ids:
            continue
        pinned = ", ".join(f'"path.{name}" = {json.dumps(value)}' for name, value in ids.items())
        blocks.append(
            f'[[operations]]\ninclude-path-regex = "^/{service}/"\nparameters = {{ {pinned} }}\n'
        )
    return "\n".join(blocks)


def run_schemathesis(sut: SuiteUnderTest, token: str, config: Path, report_dir: Path) -> Path:
    examples = os.environ.get("RELIABILITY_FUZZ_EXAMPLES", "10")
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--config-file",
        str(config),
        "run",
        f"{sut.gateway_url}/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        CHECKS,
        "--max-examples",
        examples,
        "--exclude-path-regex",
        EXCLUDED_PATHS,
        "--request-timeout",
        "30",
        "--workers",
        os.environ.get("RELIABILITY_FUZZ_WORKERS", "2"),
        "--seed",
        os.environ.get("RELIABILITY_FUZZ_SEED", "20220301"),
        "--report",
        "json",
        "--report-dir",
        str(report_dir),
        "--no-color",
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    (report_dir / "output.txt").write_text(run.stdout + run.stderr)
    reports = sorted(report_dir.glob("json-*.json"))
    assert reports, f"schemathesis wrote no report:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    return reports[-1]


def summarise(report: dict[str, Any]) -> dict[str, Any]:
    return {
        "operations_total": report["operations"]["total"],
        "operations_tested": report["operations"]["tested"],
        "operations_errored": report["operations"]["errored"],
        "test_cases": report["test_cases"]["generated"],
        "cases_with_failures": report["test_cases"]["with_failures"],
        "unique_failures": report["test_cases"]["unique_failures"],
        "errors": len(report["errors"]),
        "phases": {name: phase["status"] for name, phase in report["phases"].items()},
        "seconds": round(report["running_time"], 1),
        "checks": CHECKS,
        "excluded": EXCLUDED_PATHS,
        "missing_test_data": len(report["warnings"].get("missing_test_data", [])),
    }


def test_schemathesis_finds_no_server_error_schema_break_or_accepted_bad_input(
    sut: SuiteUnderTest,
    all_scopes: list[str],
    known_ids: dict[str, dict[str, str]],
    tmp_path: Path,
) -> None:
    config = tmp_path / "schemathesis.toml"
    config.write_text(schemathesis_config(known_ids))
    report_dir = Path(os.environ.get("RELIABILITY_OUT", tmp_path)) / "schemathesis"
    report_dir.mkdir(parents=True, exist_ok=True)
    for old in report_dir.glob("json-*.json"):
        old.unlink()
    token = sut.token([*all_scopes, "admin"])
    report = json.loads(run_schemathesis(sut, token, config, report_dir).read_text())
    summary = summarise(report)
    failures = [
        f"{f.get('label') or f.get('operation')}: {f.get('title') or f.get('check')}"
        for f in report["failures"]
    ]
    errors = [json.dumps(e, ensure_ascii=False)[:300] for e in report["errors"]]
    figures.record("fuzz", **summary, failures=failures[:50], error_samples=errors[:20])
    assert summary["operations_tested"] > 0
    assert not failures, "\n".join(failures)
    assert not errors, "\n".join(errors)
