"""Shared fixtures of the deploy checks: repository paths and a rendered compose model."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "deploy" / "tools"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from suitedeploy.compose_model import load_env_file, render  # noqa: E402
from suitedeploy.members import MEMBERS  # noqa: E402
from suitedeploy.paths import COMPOSE_DEV_FILE, COMPOSE_FILE, ENV_EXAMPLE  # noqa: E402


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def compose_env() -> dict[str, str]:
    """The variables of deploy/env.example with a fresh random value for every CHANGE_ME."""
    values = load_env_file(ENV_EXAMPLE)
    return {k: secrets.token_urlsafe(32) if v == "CHANGE_ME" else v for k, v in values.items()}


@pytest.fixture(scope="session")
def prod_model(compose_env: dict[str, str]) -> dict:
    return render([COMPOSE_FILE], compose_env)


@pytest.fixture(scope="session")
def dev_model(compose_env: dict[str, str]) -> dict:
    return render([COMPOSE_FILE, COMPOSE_DEV_FILE], compose_env)


@pytest.fixture(scope="session")
def members():
    return MEMBERS
