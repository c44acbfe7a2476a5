"""Locked dependencies scanned with pip-audit (issue 9, part 6).

`uv export` turns uv.lock into pinned requirements; pip-audit checks each pin against the
PyPI vulnerability data. A package it could not look up is counted, never taken as clean.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from relkit import figures

ROOT = Path(__file__).resolve().parents[2]


def export_requirements(target: Path) -> None:
    uv = shutil.which("uv") or str(Path.home() / ".local/bin/uv")
    subprocess.run(
        [
            uv,
            "export",
            "--frozen",
            "--all-packages",
            "--all-groups",
            "--no-emit-workspace",
            "--no-hashes",
            "--format",
            "requirements.txt",
            "--quiet",
            "-o",
            str(target),
        ],
        cwd=ROOT,
        check=True,
        timeout=120,
    )


def pip_audit(requirements: Path, output: Path) -> dict[str, Any]:
    tool = Path(sys.executable).parent / "pip-audit"
    if not tool.exists():
        pytest.fail("pip-audit is not installed in .venv (it belongs in the dev group)")
    command = [
        str(tool),
        "-r",
        str(requirements),
        "--no-deps",
        "--disable-pip",
        "--format",
        "json",
        "--progress-spinner",
        "off",
        "-o",
        str(output),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert output.exists(), run.stderr[-2000:]
    return json.loads(output.read_text())  # type: ignore[no-any-return]


def test_locked_dependencies_have_no_known_vulnerability(tmp_path: Path) -> None:
    requirements = tmp_path / "requirements.txt"
    export_requirements(requirements)
    report = pip_audit(requirements, tmp_path / "pip-audit.json")
    deps = report["dependencies"]
    skipped = [d for d in deps if "skip_reason" in d]
    vulnerable = [
        f"{d['name']}=={d['version']}: {', '.join(v['id'] for v in d['vulns'])}"
        for d in deps
        if d.get("vulns")
    ]
    figures.record(
        "dependencies",
        locked_packages=len(deps),
        audited=len(deps) - len(skipped),
        not_audited=len(skipped),
        not_audited_reason=skipped[0]["skip_reason"] if skipped else None,
        vulnerable=vulnerable,
    )
    assert not vulnerable, vulnerable
    if len(skipped) == len(deps):
        pytest.skip(
            f"pip-audit could look up none of the {len(deps)} locked packages here "
            f"(first reason: {skipped[0]['skip_reason']}); rerun with PyPI reachable"
        )
