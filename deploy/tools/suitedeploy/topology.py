"""Turn the compose model into local processes: each compose host becomes 127.0.0.1 (its
ports remapped consistently), Postgres databases and roles get a per-run prefix, named
volumes and files baked into the images become local paths. Pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import SplitResult, urlsplit, urlunsplit

LOOPBACK = "127.0.0.1"
POSTGRES_SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")


@dataclass(frozen=True)
class HostMap:
    """How compose addresses and paths appear on this machine."""

    ports: Mapping[tuple[str, int], int]  # (compose service, its port) -> local port
    db_prefix: str = ""
    paths: Mapping[str, str] = field(default_factory=dict)  # container path -> local path

    def local_port(self, host: str, port: int) -> int:
        try:
            return self.ports[(host, port)]
        except KeyError:
            raise KeyError(f"no local port for compose address {host}:{port}") from None


def rewrite_url(value: str, hosts: HostMap, compose_services: set[str]) -> str:
    parts = urlsplit(value)
    if not parts.scheme or parts.hostname not in compose_services:
        return value
    port = parts.port or _default_port(parts.scheme)
    netloc = f"{LOOPBACK}:{hosts.local_port(parts.hostname, port)}"
    path = parts.path
    if parts.scheme in POSTGRES_SCHEMES:
        if parts.username:
            user = f"{hosts.db_prefix}{parts.username}"
            credentials = f"{user}:{parts.password}" if parts.password is not None else user
            netloc = f"{credentials}@{netloc}"
        path = f"/{hosts.db_prefix}{path.lstrip('/')}" if path.strip("/") else path
    elif parts.username:
        netloc = f"{parts.netloc.rsplit('@', 1)[0]}@{netloc}"
    return urlunsplit(SplitResult(parts.scheme, netloc, path, parts.query, parts.fragment))


def rewrite_path(value: str, hosts: HostMap) -> str:
    for container_path, local_path in hosts.paths.items():
        if value == container_path or value.startswith(container_path.rstrip("/") + "/"):
            return local_path + value[len(container_path) :]
    return value


def process_environment(
    service_name: str,
    service: Mapping[str, Any],
    hosts: HostMap,
    compose_services: set[str],
    *,
    image_env: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment one compose service's process gets here: the image's ENV, then the
    compose `environment`, each value with compose addresses and paths made local."""
    merged = {**(image_env or {}), **(service.get("environment") or {})}
    result: dict[str, str] = {}
    for key, raw in merged.items():
        if raw is None:
            continue
        value = str(raw)
        if value == "0.0.0.0":
            value = LOOPBACK
        elif (
            key.endswith("_PORT")
            and value.isdigit()
            and (service_name, int(value)) in (hosts.ports)
        ):
            value = str(hosts.local_port(service_name, int(value)))
        else:
            value = rewrite_path(rewrite_url(value, hosts, compose_services), hosts)
        result[key] = value
    return result


def rewrite_command(
    command: list[str], service_name: str, hosts: HostMap, compose_services: set[str]
) -> list[str]:
    """A healthcheck or job command with its URLs and paths made local; the container's own
    loopback (`http://127.0.0.1:<port>`) becomes this service's local port."""
    local = []
    for arg in command:
        arg = rewrite_path(arg, hosts)
        if urlsplit(arg).hostname == LOOPBACK:
            local.append(own_loopback_url(arg, service_name, hosts))
        else:
            local.append(rewrite_url(arg, hosts, compose_services))
    return local


def own_loopback_url(url: str, service_name: str, hosts: HostMap) -> str:
    parts = urlsplit(url)
    if parts.port is None or (service_name, parts.port) not in hosts.ports:
        return url
    netloc = f"{LOOPBACK}:{hosts.local_port(service_name, parts.port)}"
    return urlunsplit(SplitResult(parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def start_order(services: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Compose's start order: every service after what it depends on (cycles rejected)."""
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order:
            return
        if name in visiting:
            raise ValueError(f"depends_on cycle through {name}")
        visiting.add(name)
        for dependency in sorted((services[name].get("depends_on") or {}).keys()):
            visit(dependency)
        visiting.discard(name)
        order.append(name)

    for name in sorted(services):
        visit(name)
    return order


def start_waves(services: Mapping[str, Mapping[str, Any]]) -> list[list[str]]:
    """Services grouped by dependency depth: compose starts each wave's members together."""
    depth: dict[str, int] = {}
    for name in start_order(services):
        dependencies = (services[name].get("depends_on") or {}).keys()
        depth[name] = 1 + max((depth[d] for d in dependencies), default=-1)
    return [
        sorted(n for n in depth if depth[n] == level) for level in range(max(depth.values()) + 1)
    ]


def _default_port(scheme: str) -> int:
    defaults = {"http": 80, "https": 443, "redis": 6379}
    if scheme in POSTGRES_SCHEMES:
        return 5432
    return defaults[scheme]
