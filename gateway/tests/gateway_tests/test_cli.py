"""The CLI in-process (typer's runner): keys and clients against a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gateway.cli import app


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GATEWAY_DATABASE_URL", f"sqlite:///{tmp_path / 'gw.db'}")
    monkeypatch.setenv("GATEWAY_SIGNING_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("GATEWAY_KEY_ACTIVATION_SECONDS", "45")
    migrated = CliRunner().invoke(app, ["migrate"])
    assert migrated.exit_code == 0, migrated.output
    return tmp_path


@pytest.mark.parametrize(
    "command",
    [["clients", "list"], ["clients", "add", "dongan-outfall", "--scopes", "outfall:read"]],
    ids=["list", "add"],
)
def test_commands_other_than_migrate_refuse_a_schema_behind_and_change_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """Issue 21: every command ran the migrations first; only `migrate` does now."""
    database = tmp_path / "gw.db"
    monkeypatch.setenv("GATEWAY_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("GATEWAY_SIGNING_KEY_DIR", str(tmp_path / "keys"))
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 2
    assert "schema is behind" in result.output and "suite migrate" in result.output
    with sqlite3.connect(database) as conn:
        tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert tables == []


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


def test_granian_is_no_longer_a_server_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 21: GATEWAY_SERVER=granian was documented but granian was not installed (an
    ImportError at start); the option is gone and the setting is refused up front."""
    from pydantic import ValidationError

    from gateway.settings import load_settings

    monkeypatch.setenv("GATEWAY_SERVER", "granian")
    with pytest.raises(ValidationError, match="uvicorn"):
        load_settings()
