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
        "tests": sum(len(v) for v in outcomes.values()),
        "passed": len(outcomes["passed"]),
        "failed": outcomes["failed"],
        "skipped": outcomes["skipped"],
        "pytest_seconds": round(float(suite.get("time", 0)), 1),
    }


def _cell(value: Any) -> str:
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) < 400 else text[:397] + "..."
    return str(value)


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
    for key, title in SECTIONS:
        section = figures.get(key)
        lines += [f"### {title}", ""]
        if not section:
            lines += ["(not measured in this run)", ""]
            continue
        lines += ["| figure | value |", "|---|---|"]
        for name, value in section.items():
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
