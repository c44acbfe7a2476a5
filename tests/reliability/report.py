"""Render the figures of a reliability run into docs/reliability.md (generated section) and print.

    .venv/bin/python tests/reliability/report.py --figures var/reliability/figures.json \
        --junit var/reliability/junit.xml --seconds 900 --doc docs/reliability.md
"""

from __future__ import annotations

import argparse
import json
import platform
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

START = "<!-- generated:start (tests/reliability/report.py) -->"
END = "<!-- generated:end -->"
SECTIONS = (
    ("fuzz", "1. Fuzzing from the contract (schemathesis)"),
    ("auth", "2. Authorisation matrix"),
    ("faults", "3. Faults"),
    ("load", "4. Load"),
    ("concurrency", "5. Concurrency"),
    ("secrets", "6a. Secrets and personal data in logs"),
    ("dependencies", "6b. Dependency audit (pip-audit)"),
    ("backup", "7. Backup and restore"),
    ("seed", "Records the run created to test against"),
)


def junit_summary(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"tests": 0, "note": "no junit report (pytest did not finish)"}
    root = ET.parse(path).getroot()
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    assert suite is not None
    outcomes: dict[str, list[str]] = {"failed": [], "skipped": [], "passed": []}
    for case in suite.iter("testcase"):
        name = f"{Path(case.get('classname', '').replace('.', '/')).name}::{case.get('name')}"
        if case.find("failure") is not None or case.find("error") is not None:
            outcomes["failed"].append(name)
        elif case.find("skipped") is not None:
            skipped = case.find("skipped")
            reason = skipped.get("message", "") if skipped is not None else ""
            outcomes["skipped"].append(f"{name} ({reason})")
        else:
            outcomes["passed"].append(name)
    return {
        "names": [n.split(" (")[0] for v in outcomes.values() for n in v],
        "tests": sum(len(v) for v in outcomes.values()),
        "passed": len(outcomes["passed"]),
        "failed": outcomes["failed"],
        "skipped": outcomes["skipped"],
        "pytest_seconds": round(float(suite.get("time", 0)), 1),
    }


def _cell(value: Any) -> str:
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return "<br>".join(value)
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) < 400 else text[:397] + "..."
    return str(value)


def _rows(section: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Large nested dicts become one row per key (`free.test_cases`)."""
    rows: list[tuple[str, Any]] = []
    for name, value in section.items():
        if isinstance(value, dict) and len(json.dumps(value, ensure_ascii=False)) > 400:
            rows += _rows(value, f"{prefix}{name}.")
        else:
            rows.append((f"{prefix}{name}", value))
    return rows


def headline(figures: dict[str, Any], summary: dict[str, Any]) -> list[str]:
    """The figures issue 9 asks for, one line each."""
    fuzz, auth = figures.get("fuzz", {}), figures.get("auth", {})
    load, faults = figures.get("load", {}), figures.get("faults", {})
    passes = [fuzz[p] for p in ("free", "pinned") if p in fuzz]
    auth_cases = sum(v for k, v in auth.items() if k.endswith("_cases") and isinstance(v, int))
    auth_failures = sum(v for k, v in auth.items() if k.endswith("_failures"))
    fault_tests = [n for n in summary.get("names", []) if "test_faults::" in n]
    fault_failed = [n for n in summary.get("failed", []) if "test_faults::" in n]
    return [
        "| headline | value |",
        "|---|---|",
        "| operations fuzzed (free pass) / examples (both passes) | "
        + (
            f"{passes[0]['operations_tested']} of {passes[0]['operations_total']} / "
            f"{sum(p['test_cases'] for p in passes)}; unique failures "
            f"{sum(p['unique_failures'] for p in passes)} |"
            if passes
            else "not run |"
        ),
        f"| authorisation cases / violations | {auth_cases} / {auth_failures} |",
        f"| faults injected / survived | {len(fault_tests)} / "
        f"{len(fault_tests) - len(fault_failed)} "
        f"(kill, Postgres connection loss, read-only file, disk full) |",
        "| load: requests/s, p50, p99, 5xx, transport errors | "
        + (
            f"{load.get('throughput_rps')} rps, {load.get('p50_ms')} ms, {load.get('p99_ms')} ms, "
            f"{load.get('server_errors')}, {load.get('transport_errors')} "
            f"({load.get('concurrency')} connections, {load.get('seconds')} s) |"
            if load
            else "not run |"
        ),
        "| acknowledged writes / read back (load) | "
        + (
            f"{load.get('read_back_written')} / {load.get('read_back_read_back')} |"
            if load
            else "- |"
        ),
        "| acknowledged writes / read back (kill, Postgres faults) | "
        + (
            f"{faults.get('kill_writes_acknowledged')} / {faults.get('kill_writes_read_back')}, "
            f"{faults.get('pg_writes_acknowledged')} / {faults.get('pg_writes_read_back')} |"
        ),
        "",
    ]


def render(figures: dict[str, Any], summary: dict[str, Any], seconds: int) -> str:
    lines = [
        START,
        f"Run at {datetime.now(UTC).isoformat(timespec='seconds')} on {platform.node()} "
        f"({platform.machine()}, Python {platform.python_version()}), wall time {seconds} s.",
        "",
        f"Tests: {summary.get('tests', 0)} run, {summary.get('passed', 0)} passed, "
        f"{len(summary.get('failed', []))} failed, {len(summary.get('skipped', []))} skipped.",
    ]
    for label in ("failed", "skipped"):
        for name in summary.get(label, []):
            lines.append(f"- {label}: `{name}`")
    lines.append("")
    lines += headline(figures, summary)
    for key, title in SECTIONS:
        section = figures.get(key)
        lines += [f"### {title}", ""]
        if not section:
            lines += ["(not measured in this run)", ""]
            continue
        lines += ["| figure | value |", "|---|---|"]
        for name, value in _rows(section):
            lines.append(f"| {name} | {_cell(value).replace('|', '/')} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def write_doc(doc: Path, generated: str) -> None:
    text = doc.read_text() if doc.exists() else f"# Reliability and security\n\n{START}\n{END}\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        text = head + generated + tail
    else:
        text = text.rstrip() + "\n\n## Figures of the last run\n\n" + generated + "\n"
    doc.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--figures", type=Path, required=True)
    parser.add_argument("--junit", type=Path, required=True)
    parser.add_argument("--seconds", type=int, default=0)
    parser.add_argument("--doc", type=Path, required=True)
    args = parser.parse_args()
    figures = json.loads(args.figures.read_text()) if args.figures.exists() else {}
    generated = render(figures, junit_summary(args.junit), args.seconds)
    write_doc(args.doc, generated)
    print(generated)


if __name__ == "__main__":
    main()
