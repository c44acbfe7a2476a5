"""Structure of each member's Dockerfile and of the root .dockerignore."""

from __future__ import annotations

import re
import subprocess

import pytest

pytest.importorskip("dockerfile", reason="Dockerfile parser missing: pip install dockerfile")
from suitedeploy.dockerfiles import DockerIgnore, flag, parse
from suitedeploy.members import MEMBERS
from suitedeploy.paths import REPO

SECRETISH = re.compile(r"PASSWORD|SECRET|TOKEN|PRIVATE|_KEY\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def dockerignore() -> DockerIgnore:
    return DockerIgnore((REPO / ".dockerignore").read_text())


@pytest.fixture(scope="module")
def tracked_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


def _parsed(member):
    return parse(REPO / member.dockerfile)


def _project(member) -> str:
    return member.name  # the distribution name in the member's pyproject


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_multi_stage_on_a_slim_python_base(member) -> None:
    parsed = _parsed(member)
    names = [s.name for s in parsed.stages]
    assert names[-2:] == ["builder", "runtime"]
    for stage in ("builder", "runtime"):
        base = parsed.resolve(parsed.stage(stage).base)
        assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm", base), base


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_uv_installs_only_the_member_and_the_kit_from_the_lock(member) -> None:
    builder = _parsed(member).stage("builder")
    syncs = [i.value[0] for i in builder.all("RUN") if i.value[0].startswith("uv sync")]
    assert len(syncs) == 2
    for command in syncs:
        assert "--frozen" in command and "--no-dev" in command
        assert command.endswith(f"--package {_project(member)}")
    assert "--no-install-workspace" in syncs[0]
    assert "--no-editable" in syncs[1]
    sources = [i.value[0] for i in builder.all("COPY") if i.value[0].endswith("/src")]
    assert sources == ["libs/suitekit/src", f"{member.directory}/src"]


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_runtime_copies_only_the_virtualenv_and_the_probe(member) -> None:
    runtime = _parsed(member).stage("runtime")
    copies = [(flag(i, "from"), i.value) for i in runtime.all("COPY")]
    assert copies == [
        ("builder", ("/app/.venv", "/app/.venv")),
        (None, ("deploy/docker/healthcheck.py", "/opt/suite/healthcheck.py")),
    ]
    assert runtime.env()["PATH"].startswith("/app/.venv/bin:")


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_runs_as_a_non_root_user(member) -> None:
    runtime = _parsed(member).stage("runtime")
    user = runtime.last("USER")
    assert user is not None
    uid = user.value[0].split(":")[0]
    assert uid.isdigit() and int(uid) >= 1000
    assert any(f"--uid {uid}" in i.value[0] for i in runtime.all("RUN"))
    last_user_index = runtime.instructions.index(user)
    entrypoint = runtime.last("ENTRYPOINT")
    assert runtime.instructions.index(entrypoint) > last_user_index


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_serves_with_python_dash_m_and_probes_readyz(member) -> None:
    runtime = _parsed(member).stage("runtime")
    assert runtime.last("ENTRYPOINT").value == ("python", "-m", member.package)
    assert runtime.last("CMD").value == ("serve",)
    assert runtime.last("EXPOSE").value == (str(member.port),)
    healthcheck = runtime.last("HEALTHCHECK")
    assert healthcheck.value[0] == "CMD"
    assert healthcheck.value[-1] == f"http://127.0.0.1:{member.port}/readyz"
    env = runtime.env()
    assert env[f"{member.prefix}_HOST"] == "0.0.0.0"
    assert env[f"{member.prefix}_PORT"] == str(member.port)


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_no_secret_is_baked_into_the_image(member) -> None:
    parsed = _parsed(member)
    names = list(parsed.global_args)
    for stage in parsed.stages:
        names += list(stage.env())
        names += [i.value[0].split("=")[0] for i in stage.all("ARG")]
    assert not [n for n in names if SECRETISH.search(n)]


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_every_copied_source_is_in_the_build_context(member, dockerignore, tracked_files) -> None:
    parsed = _parsed(member)
    for stage in parsed.stages:
        for copy in stage.all("COPY"):
            if flag(copy, "from"):
                continue
            for source in copy.value[:-1]:
                under = [f for f in tracked_files if f == source or f.startswith(source + "/")]
                assert under, f"{source} does not exist"
                assert all(dockerignore.is_included(f) for f in under if "__pycache__" not in f)


@pytest.mark.parametrize(
    "path",
    [
        ".env",
        "deploy/.env",
        "var/outfall.db",
        "services/outfall/src/outfall/local.db",
        "gateway/src/gateway/keys/signing.pem",
        ".venv/bin/python",
        ".git/config",
        "services/outfall/tests/test_rules.py",
        "deploy/env.example",
        "bench/results/run.json",
        "libs/suitekit/src/suitekit/__pycache__/db.cpython-311.pyc",
    ],
)
def test_dockerignore_keeps_secrets_state_and_tests_out(dockerignore, path: str) -> None:
    assert not dockerignore.is_included(path)


@pytest.mark.parametrize(
    "path",
    ["uv.lock", "services/lawyer-query/src/lawyer_query/app.py", "libs/suitekit/pyproject.toml"],
)
def test_dockerignore_lets_the_sources_in(dockerignore, path: str) -> None:
    assert dockerignore.is_included(path)
