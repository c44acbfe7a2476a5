"""The CLI in-process (typer's runner): keys and clients against a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gateway.cli import app


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GATEWAY_DATABASE_URL", f"sqlite:///{tmp_path / 'gw.db'}")
    monkeypatch.setenv("GATEWAY_SIGNING_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("GATEWAY_KEY_ACTIVATION_SECONDS", "45")
    return tmp_path


def _run(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output.splitlines()[-1])


def test_keys_rotate_prepublishes_and_now_switches_at_once(env: Path) -> None:
    first = _run("keys", "rotate")
    assert first["active"] != first["next"]  # published, signs in 45 s
    assert first["next"] in first["published"]
    urgent = _run("keys", "rotate", "--now")
    assert urgent["active"] == urgent["next"]
    manifest = json.loads((env / "keys" / "manifest.json").read_text())
    assert manifest["active"] == urgent["next"]


def test_clients_add_list_disable(env: Path) -> None:
    created = _run(
        "clients",
        "add",
        "dongan-outfall",
        "--scopes",
        "outfall:read",
        "--jurisdiction",
        "231002",
        "--tier",
        "bulk",
    )
    assert created["client_id"] == "dongan-outfall" and len(str(created["client_secret"])) > 30
    listed = _run("clients", "list")
    assert listed["jurisdiction"] == ["231002"] and listed["tier"] == "bulk"
    disabled = _run("clients", "disable", "dongan-outfall", "--reason", "moved")
    assert disabled["enabled"] is False
    again = CliRunner().invoke(app, ["clients", "disable", "dongan-outfall"])
    assert again.exit_code == 1 and "cannot disable" in again.output
    bad = CliRunner().invoke(app, ["clients", "add", "x-y-z", "--scopes", "outfall:delete"])
    assert bad.exit_code == 1 and "unknown scopes" in bad.output
