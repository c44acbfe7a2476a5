"""Replays each Dockerfile's builder stage without an engine: its COPY instructions (through
.dockerignore) into a scratch directory, then its `uv sync` commands, and checks that the
resulting virtualenv holds the member and the kit and no other member.

Uses uv and its package cache (PyPI is reached only for packages not cached yet).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("dockerfile", reason="Dockerfile parser missing: pip install dockerfile")
from suitedeploy.dockerfiles import DockerIgnore, flag, parse
from suitedeploy.members import MEMBERS
from suitedeploy.paths import REPO

UV = shutil.which("uv")
pytestmark = pytest.mark.skipif(UV is None, reason="uv is not on PATH")
# What gets installed is unchanged by these; they only skip the image's bytecode compile and
# full-file copies, which take most of the time on this 2-core machine.
FAST = {"UV_COMPILE_BYTECODE": "0", "UV_LINK_MODE": "hardlink"}


def _context_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    ignore = DockerIgnore((REPO / ".dockerignore").read_text())
    return [f for f in listed if ignore.is_included(f) and (REPO / f).is_file()]


def _copy_into(context: list[str], source: str, destination: Path) -> None:
    for relative in context:
        if relative == source:
            target = destination if not destination.is_dir() else destination / Path(source).name
        elif relative.startswith(source + "/"):
            target = destination / relative.removeprefix(source + "/")
        else:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / relative, target)


def _replay_builder(member, scratch: Path) -> Path:
    builder = parse(REPO / member.dockerfile).stage("builder")
    workdir = scratch / "src"
    venv = scratch / "venv"
    env = {**os.environ, **builder.env(), "UV_PROJECT_ENVIRONMENT": str(venv), **FAST}
    env.pop("VIRTUAL_ENV", None)
    context = _context_files()
    for instruction in builder.instructions:
        if instruction.cmd == "WORKDIR":
            workdir.mkdir(parents=True, exist_ok=True)
        elif instruction.cmd == "COPY" and not flag(instruction, "from"):
            *sources, dest = instruction.value
            destination = workdir / dest
            if dest.endswith("/"):
                destination.mkdir(parents=True, exist_ok=True)
            for source in sources:
                _copy_into(context, source, destination)
        elif instruction.cmd == "RUN" and instruction.value[0].startswith("uv sync"):
            args = instruction.value[0].split()
            completed = subprocess.run(
                [UV, *args[1:]], cwd=workdir, env=env, capture_output=True, text=True
            )
            assert completed.returncode == 0, completed.stderr
    return venv


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_builder_stage_installs_the_member_and_the_kit_only(member, tmp_path: Path) -> None:
    venv = _replay_builder(member, tmp_path)
    (site_packages,) = venv.glob("lib/python3.*/site-packages")
    installed = {p.name.split("-")[0] for p in site_packages.glob("*.dist-info")}
    assert {member.package, "suitekit"} <= installed
    others = {m.package for m in MEMBERS} - {member.package}
    assert not others & installed
    assert not list(site_packages.glob("_editable_impl_*"))
    python = venv / "bin" / "python"
    imported = subprocess.run(
        [str(python), "-c", f"import {member.package}, suitekit"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert imported.returncode == 0, imported.stderr
