"""Compose addresses and paths made local for the topology test (suitedeploy.topology)."""

from __future__ import annotations

import pytest
from suitedeploy.members import MEMBERS
from suitedeploy.topology import (
    HostMap,
    process_environment,
    rewrite_command,
    rewrite_url,
    start_order,
    start_waves,
)

SERVICES = {"gateway", "outfall", "lawyer-query", "postgres", "redis"}
HOSTS = HostMap(
    ports={
        ("gateway", 8000): 18100,
        ("outfall", 8001): 18101,
        ("lawyer-query", 8005): 18105,
        ("postgres", 5432): 5432,
        ("redis", 6379): 6379,
    },
    db_prefix="topo_ab12_",
    paths={"/var/lib/suite/keys": "/tmp/run/gateway-keys", "/opt/suite/healthcheck.py": "/r/h.py"},
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://outfall:8001", "http://127.0.0.1:18101"),
        ("http://lawyer-query:8005/v1/x?y=1", "http://127.0.0.1:18105/v1/x?y=1"),
        (
            "http://gateway:8000/.well-known/jwks.json",
            "http://127.0.0.1:18100/.well-known/jwks.json",
        ),
        (
            "postgresql+psycopg://lawyer_query:p%40ss@postgres:5432/lawyer_query",
            "postgresql+psycopg://topo_ab12_lawyer_query:p%40ss@127.0.0.1:5432/topo_ab12_lawyer_query",
        ),
        ("redis://redis:6379/0", "redis://127.0.0.1:6379/0"),
        ("http://example.org:8001/x", "http://example.org:8001/x"),
        ("INFO", "INFO"),
    ],
)
def test_compose_urls_become_loopback_urls(url: str, expected: str) -> None:
    assert rewrite_url(url, HOSTS, SERVICES) == expected


def test_an_unmapped_port_of_a_compose_host_is_an_error() -> None:
    with pytest.raises(KeyError, match="outfall:9999"):
        rewrite_url("http://outfall:9999", HOSTS, SERVICES)


def test_process_environment_maps_hosts_ports_and_volumes() -> None:
    service = {
        "environment": {
            "GATEWAY_HOST": "0.0.0.0",
            "GATEWAY_PORT": "8000",
            "GATEWAY_UPSTREAM_OUTFALL": "http://outfall:8001",
            "GATEWAY_SIGNING_KEY_DIR": "/var/lib/suite/keys",
            "GATEWAY_TOKEN_TTL_SECONDS": "900",
            "UNSET_IN_COMPOSE": None,
        }
    }
    env = process_environment(
        "gateway", service, HOSTS, SERVICES, image_env={"PYTHONUNBUFFERED": "1"}
    )
    assert env == {
        "PYTHONUNBUFFERED": "1",
        "GATEWAY_HOST": "127.0.0.1",
        "GATEWAY_PORT": "18100",
        "GATEWAY_UPSTREAM_OUTFALL": "http://127.0.0.1:18101",
        "GATEWAY_SIGNING_KEY_DIR": "/tmp/run/gateway-keys",
        "GATEWAY_TOKEN_TTL_SECONDS": "900",
    }


def test_healthcheck_command_probes_the_services_own_local_port() -> None:
    command = ["python", "/opt/suite/healthcheck.py", "http://127.0.0.1:8001/readyz"]
    assert rewrite_command(command, "outfall", HOSTS, SERVICES) == [
        "python",
        "/r/h.py",
        "http://127.0.0.1:18101/readyz",
    ]


def test_start_order_follows_depends_on() -> None:
    services = {
        "outfall": {"depends_on": {"outfall-migrate": {}, "postgres": {}}},
        "outfall-migrate": {"depends_on": {"postgres": {}}},
        "postgres": {},
        "gateway": {"depends_on": {"postgres": {}}},
    }
    order = start_order(services)
    assert order.index("postgres") < order.index("outfall-migrate") < order.index("outfall")
    assert order.index("postgres") < order.index("gateway")


def test_start_order_rejects_a_cycle() -> None:
    with pytest.raises(ValueError, match="cycle"):
        start_order({"a": {"depends_on": {"b": {}}}, "b": {"depends_on": {"a": {}}}})


def test_compose_start_order_has_no_cycle(prod_model: dict) -> None:
    order = start_order(prod_model["services"])
    for name, service in prod_model["services"].items():
        for dependency in service.get("depends_on", {}):
            assert order.index(dependency) < order.index(name)


def test_compose_starts_in_three_waves_databases_then_migrations_then_members(
    prod_model: dict,
) -> None:
    services = {n: s for n, s in prod_model["services"].items() if not s.get("profiles")}
    waves = start_waves(services)
    assert waves[0] == ["postgres", "redis"]
    assert waves[1] == sorted(f"{m.name}-migrate" for m in MEMBERS)
    assert waves[2] == sorted(m.name for m in MEMBERS)
