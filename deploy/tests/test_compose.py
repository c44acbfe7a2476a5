"""Wiring checks of docker-compose.yml (+ the dev override), rendered without an engine."""

from __future__ import annotations

import importlib
import os
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy.engine import make_url
from suitedeploy.compose_model import active_services, render
from suitedeploy.interpolation import InterpolationError
from suitedeploy.members import MEMBERS, SERVICES
from suitedeploy.paths import COMPOSE_DEV_FILE, COMPOSE_FILE

MIGRATE_SUFFIX = "-migrate"


def _long_running(model: dict) -> dict:
    return {
        name: svc
        for name, svc in model["services"].items()
        if not name.endswith(MIGRATE_SUFFIX) and svc.get("restart") != "no"
    }


def _env(model: dict, service: str) -> dict:
    return model["services"][service]["environment"]


def test_every_member_has_a_service_built_from_its_own_dockerfile(prod_model: dict) -> None:
    for member in MEMBERS:
        service = prod_model["services"][member.name]
        assert service["build"] == {"context": ".", "dockerfile": member.dockerfile}
        assert service["image"].endswith(f"/{member.name}:0.1.0")
        assert service["command"] == ["serve"]


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_database_url_names_its_own_database_and_role(
    prod_model: dict, compose_env: dict, member
) -> None:
    url = make_url(_env(prod_model, member.name)[f"{member.prefix}_DATABASE_URL"])
    assert url.drivername == "postgresql+psycopg"
    assert (url.username, url.database) == (member.database, member.database)
    assert (url.host, url.port) == ("postgres", 5432)
    assert url.password == compose_env[f"{member.prefix}_DB_PASSWORD"]


def test_database_urls_are_pairwise_distinct(prod_model: dict) -> None:
    urls = {
        make_url(_env(prod_model, m.name)[f"{m.prefix}_DATABASE_URL"]).database for m in MEMBERS
    }
    assert len(urls) == len(MEMBERS)


def test_postgres_receives_the_password_of_every_role_the_init_script_creates(
    prod_model: dict, compose_env: dict, repo
) -> None:
    postgres = prod_model["services"]["postgres"]
    assert (
        "./deploy/postgres/init-databases.sh:/docker-entrypoint-initdb.d/10-init-databases.sh:ro"
        in postgres["volumes"]
    )
    script = (repo / "deploy/postgres/init-databases.sh").read_text()
    default_members = re.search(r"SUITE_DB_MEMBERS:-([a-z_ ]+)\}", script).group(1).split()
    assert sorted(default_members) == sorted(m.database for m in MEMBERS)
    for member in MEMBERS:
        variable = f"{member.database.upper()}_DB_PASSWORD"
        assert postgres["environment"][variable] == compose_env[variable]


def test_gateway_upstreams_resolve_to_compose_services_and_their_ports(prod_model: dict) -> None:
    upstreams = {
        key.removeprefix("GATEWAY_UPSTREAM_"): value
        for key, value in _env(prod_model, "gateway").items()
        if key.startswith("GATEWAY_UPSTREAM_")
    }
    assert set(upstreams) == {m.prefix for m in SERVICES}
    for member in SERVICES:
        url = urlsplit(upstreams[member.prefix])
        assert url.scheme == "http"
        assert url.hostname == member.name
        assert url.hostname in prod_model["services"]
        assert url.port == int(_env(prod_model, member.name)[f"{member.prefix}_PORT"])
        assert url.port == member.port


def test_services_fetch_the_gateway_jwks_from_the_gateway_service(prod_model: dict) -> None:
    gateway_port = int(_env(prod_model, "gateway")["GATEWAY_PORT"])
    for member in SERVICES:
        jwks = _env(prod_model, member.name)[f"{member.prefix}_IDENTITY_JWKS_URL"]
        assert jwks == f"http://gateway:{gateway_port}/.well-known/jwks.json"


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_member_listens_on_its_conventional_port_on_all_interfaces(prod_model, member) -> None:
    env = _env(prod_model, member.name)
    assert env[f"{member.prefix}_HOST"] == "0.0.0.0"
    assert env[f"{member.prefix}_PORT"] == str(member.port)


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_member_healthcheck_hits_readyz_on_its_own_port(prod_model: dict, member) -> None:
    test = prod_model["services"][member.name]["healthcheck"]["test"]
    assert test[0] == "CMD"
    assert test[-1] == f"http://127.0.0.1:{member.port}/readyz"


def test_every_long_running_service_has_a_healthcheck(prod_model: dict) -> None:
    for name, service in _long_running(prod_model).items():
        assert service.get("healthcheck", {}).get("test"), name


def test_postgres_health_is_pg_isready(prod_model: dict) -> None:
    assert prod_model["services"]["postgres"]["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_member_waits_for_its_own_one_shot_migrate_job(prod_model: dict, member) -> None:
    job_name = member.name + MIGRATE_SUFFIX
    job = prod_model["services"][job_name]
    service = prod_model["services"][member.name]
    assert job["command"] == ["migrate"]
    assert job["restart"] == "no"
    assert (job["image"], job["build"]) == (service["image"], service["build"])
    assert job["environment"] == service["environment"]
    assert job["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert service["depends_on"][job_name]["condition"] == "service_completed_successfully"


def test_depends_on_waits_for_health_or_completion_never_just_start(prod_model: dict) -> None:
    services = prod_model["services"]
    for name, service in services.items():
        for target, spec in service.get("depends_on", {}).items():
            assert target in services, (name, target)
            expected = (
                "service_completed_successfully"
                if target.endswith(MIGRATE_SUFFIX)
                else "service_healthy"
            )
            assert spec["condition"] == expected, (name, target)


def test_only_the_gateway_publishes_a_port(prod_model: dict) -> None:
    every_profile = {p for s in prod_model["services"].values() for p in s.get("profiles", [])}
    publishing = {
        name
        for name, service in active_services(prod_model, every_profile).items()
        if service.get("ports")
    }
    assert publishing == {"gateway"}
    assert prod_model["services"]["gateway"]["ports"] == ["0.0.0.0:8000:8000"]


def test_restart_policies(prod_model: dict) -> None:
    for name, service in prod_model["services"].items():
        expected = "no" if name.endswith(MIGRATE_SUFFIX) or name == "backup" else "unless-stopped"
        assert service["restart"] == expected, name


def test_logs_rotate_and_resources_are_limited_everywhere(prod_model: dict) -> None:
    for name, service in prod_model["services"].items():
        assert service["logging"]["driver"] == "json-file", name
        assert service["logging"]["options"]["max-size"], name
        if name != "backup":
            limits = service["deploy"]["resources"]["limits"]
            assert limits["memory"] and limits["cpus"], name


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_members_run_non_root_read_only_without_capabilities(prod_model: dict, member) -> None:
    for name in (member.name, member.name + MIGRATE_SUFFIX):
        service = prod_model["services"][name]
        assert service["user"] == "10001:10001"
        assert service["read_only"] is True
        assert service["cap_drop"] == ["ALL"]
        assert "no-new-privileges:true" in service["security_opt"]


def test_networks_keep_postgres_and_services_off_the_edge(prod_model: dict) -> None:
    networks = {name: set(s["networks"]) for name, s in prod_model["services"].items()}
    assert networks["postgres"] == {"data"}
    assert "edge" in networks["gateway"]
    for member in SERVICES:
        assert "edge" not in networks[member.name]
    assert prod_model["networks"]["backend"]["internal"] is True
    assert prod_model["networks"]["data"]["internal"] is True


def test_every_secret_is_required_from_the_environment(compose_env: dict) -> None:
    secret_names = [k for k in compose_env if k.endswith(("_PASSWORD", "_KEY"))]
    assert len(secret_names) >= len(MEMBERS) + 1
    for name in secret_names:
        env = {k: v for k, v in compose_env.items() if k != name}
        with pytest.raises(InterpolationError, match=name):
            render([COMPOSE_FILE], env)


def test_no_literal_secret_in_the_compose_files() -> None:
    for path in (COMPOSE_FILE, COMPOSE_DEV_FILE):
        for line in path.read_text().splitlines():
            if re.search(r"PASSWORD|SECRET|_KEY\b|://[^/\s]+:[^@\s]+@", line):
                assert "${" in line and ":?" in line, f"{path.name}: {line.strip()}"


def test_gateway_signing_keys_live_on_a_volume_not_in_the_image(prod_model: dict) -> None:
    gateway = prod_model["services"]["gateway"]
    key_dir = gateway["environment"]["GATEWAY_SIGNING_KEY_DIR"]
    assert f"gateway-keys:{key_dir}" in gateway["volumes"]
    assert "gateway-keys" in prod_model["volumes"]


def test_dev_override_publishes_only_on_loopback_and_turns_on_dev_mode(dev_model: dict) -> None:
    for name, service in dev_model["services"].items():
        extra = [p for p in service.get("ports", []) if p != "0.0.0.0:8000:8000"]
        for port in extra:
            assert port.startswith("127.0.0.1:"), (name, port)
    for member in MEMBERS:
        assert _env(dev_model, member.name)[f"{member.prefix}_DEV_MODE"] == "true"
        assert _env(dev_model, member.name)[f"{member.prefix}_LOG_LEVEL"] == "DEBUG"
    assert _env(dev_model, "outfall")["OUTFALL_DATABASE_URL"].endswith("@postgres:5432/outfall")


def test_postgres_max_connections_covers_every_members_full_pool(prod_model: dict) -> None:
    from suitekit.db import make_engine

    engine = make_engine("postgresql+psycopg://user:pw@postgres:5432/db")  # connects lazily
    per_process = engine.pool.size() + engine.pool._max_overflow
    engine.dispose()
    command = prod_model["services"]["postgres"]["command"]
    (setting,) = [arg for arg in command if arg.startswith("max_connections=")]
    max_connections = int(setting.split("=")[1])
    reserved = 3 + len(MEMBERS) + 10  # superuser slots, a migrate job each, backup/psql
    assert per_process * len(MEMBERS) + reserved <= max_connections


def _settings_fields(member) -> set[str]:
    from pydantic_settings import BaseSettings

    module = importlib.import_module(f"{member.package}.settings")
    (settings,) = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, BaseSettings)
        and value.__module__ == module.__name__
    ]
    assert settings.model_config["env_prefix"] == f"{member.prefix}_"
    return set(settings.model_fields)


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_every_compose_variable_is_a_setting_the_member_reads(prod_model: dict, member) -> None:
    """Settings ignore unknown variables, so a misspelt name would be silently dropped."""
    fields = _settings_fields(member)
    for key in _env(prod_model, member.name):
        name = key.removeprefix(f"{member.prefix}_").lower()
        if member.name == "gateway" and name.startswith("upstream_"):
            continue  # GATEWAY_UPSTREAM_<NAME> is parsed by the gateway's settings loader
        assert name in fields, f"{key} is not a setting of {member.name}"


def test_every_bind_mount_source_exists_in_the_repository(prod_model: dict, repo) -> None:
    named = set(prod_model["volumes"])
    for name, service in prod_model["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source in named or source.startswith("./backups"):  # made on first backup
                continue
            if name == "node-exporter" and source == "/":  # the host's disks, read-only
                assert volume.endswith(":ro,rslave")
                continue
            assert (repo / source).exists(), (name, source)
    backup = prod_model["services"]["backup"]
    script = repo / "deploy" / "backup" / backup["entrypoint"][0].removeprefix("/opt/backup/")
    assert script.is_file() and os.access(script, os.X_OK)
