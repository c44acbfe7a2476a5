"""Secrets come only from the environment or files, never from defaults (issue 9, part 6)."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from pydantic_settings import BaseSettings
from relkit.harness import free_port_block

from suitekit.supervisor import GATEWAY, SERVICES
from suitekit.testing import create_postgres_database, postgres_available

SECRET_NAME = re.compile(r"(secret|password|passwd|token|api_key|private|registry_key)$|_key$")


def settings_classes() -> list[type[BaseSettings]]:
    found = []
    for m in (GATEWAY, *SERVICES):
        try:
            module = importlib.import_module(f"{m.package}.settings")
        except ImportError:
            continue
        found += [
            cls
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, BaseSettings) and cls.__module__ == module.__name__
        ]
    return found


def test_no_settings_field_that_holds_a_secret_has_a_literal_default() -> None:
    classes = settings_classes()
    literal_defaults = [
        f"{cls.__module__}.{cls.__name__}.{name} = {field.default!r}"
        for cls in classes
        for name, field in cls.model_fields.items()
        if SECRET_NAME.search(name) and isinstance(field.default, str) and field.default
    ]
    assert len(classes) >= 2, classes
    assert not literal_defaults, literal_defaults


def test_lawyer_query_refuses_to_start_on_postgres_without_a_registry_key(
    tmp_path: Path,
) -> None:
    if not postgres_available():
        pytest.skip("no Postgres server answers at TEST_DATABASE_URL or 127.0.0.1:5432")
    url, drop = create_postgres_database()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAWYER_QUERY_")} | {
        "LAWYER_QUERY_DATABASE_URL": url,
        "LAWYER_QUERY_DEV_MODE": "false",
        "LAWYER_QUERY_PORT": str(free_port_block(1)),
        "LAWYER_QUERY_DATA_DIR": str(tmp_path),
        "LAWYER_QUERY_IDENTITY_JWKS": '{"keys": []}',
    }
    try:
        done = subprocess.run(
            [sys.executable, "-m", "lawyer_query", "serve"],
            env=env,
            capture_output=True,
            text=True,
            timeout=90,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("lawyer-query kept running on Postgres without LAWYER_QUERY_REGISTRY_KEY")
    finally:
        with contextlib.suppress(psycopg.Error):
            drop()
    assert done.returncode != 0
    assert "REGISTRY_KEY" in done.stdout + done.stderr
    assert not list(tmp_path.glob("*.key")), "a key file was generated outside the embedded mode"
