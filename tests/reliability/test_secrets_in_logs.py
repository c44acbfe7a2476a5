"""No secret, token, ID number or name in any log line of the whole run (issue 9, part 6).

Runs last (conftest orders it), over every process's log file (<data_dir>/<member>.log),
after fuzzing, faults and load have produced their traffic.
"""

from __future__ import annotations

import re
from pathlib import Path

from relkit import figures, payloads
from relkit.harness import SuiteUnderTest

JWT = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
BEARER = re.compile(r"(?i)bearer\s+[A-Za-z0-9._~+/-]{12,}")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")


def secrets_of(sut: SuiteUnderTest) -> dict[str, str]:
    """Literal secrets the run knows: client secrets and key material on disk."""
    found = {"bootstrap client secret": sut.suite.client_secret}
    for client in sut.registered_clients():
        found[f"secret of {client.client_id}"] = client.secret
    for key_file in sut.data_dir.glob("*.key"):
        found[f"key file {key_file.name}"] = key_file.read_text().strip()
    return {label: value for label, value in found.items() if len(value) >= 8}


def scan_line(line: str, literals: dict[str, str], names: list[str]) -> list[str]:
    hits = [label for label, value in literals.items() if value in line]
    for label, pattern in (
        ("JWT", JWT),
        ("bearer token", BEARER),
        ("ID number", ID_NUMBER),
        ("private key", PRIVATE_KEY),
    ):
        if pattern.search(line):
            hits.append(label)
    hits += [f"name {name}" for name in names if name in line]
    return hits


def test_no_secret_token_id_number_or_name_in_any_log_line(sut: SuiteUnderTest) -> None:
    literals = secrets_of(sut)
    names = [name for name, _ in payloads.demo_people(payloads.PEOPLE_USED)]
    logs: list[Path] = sut.log_paths()
    lines, findings = 0, []
    for log in logs:
        for number, line in enumerate(log.read_text(errors="replace").splitlines(), 1):
            lines += 1
            findings += [f"{log.name}:{number}: {hit}" for hit in scan_line(line, literals, names)]
    figures.record(
        "secrets",
        log_files=[log.name for log in logs],
        lines_scanned=lines,
        literal_secrets_checked=len(literals),
        names_checked=len(names),
        findings=len(findings),
        finding_samples=findings[:20],
    )
    assert lines > 0 and len(logs) >= 2
    assert not findings, findings[:50]


def test_scanner_catches_what_it_looks_for() -> None:
    """The scan itself can fail: each pattern fires on a planted line."""
    planted = {
        "JWT": "token eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0x.c2lnbmF0dXJlMTIz",
        "bearer token": 'authorization: "Bearer abcdefghijklmnop"',
        "ID number": '"id_number": "23100419560921602X"',
        "private key": "-----BEGIN PRIVATE KEY-----",
    }
    for label, line in planted.items():
        assert label in scan_line(line, {}, []), label
    assert scan_line("client s3cr3t-value-123 used", {"secret": "s3cr3t-value-123"}, []) == [
        "secret"
    ]
    assert scan_line("query for 武鑫", {}, ["武鑫"]) == ["name 武鑫"]
    assert scan_line('{"uscc": "91231007MA0000005H", "status": 200}', {}, []) == []
