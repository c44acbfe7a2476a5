"""Render a compose model without a Docker engine: YAML (anchors, `<<` merges), interpolation,
override files merged the way `docker compose -f a.yml -f b.yml` merges them, short forms
normalised to long forms (environment, depends_on, networks).

It covers the subset of the Compose Specification this repository uses; the tests cross-check
it against `docker compose config` when a compose binary is installed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from dotenv import dotenv_values

from .interpolation import interpolate

# Sequences that compose merges by appending unique entries; every other sequence is replaced.
_APPENDED_SEQUENCES = frozenset(
    {"ports", "expose", "volumes", "tmpfs", "security_opt", "cap_add", "cap_drop", "dns"}
)


def load_env_file(path: Path) -> dict[str, str]:
    return {k: v or "" for k, v in dotenv_values(path, interpolate=False).items()}


def render(files: Iterable[Path], env: Mapping[str, str]) -> dict[str, Any]:
    """The merged, interpolated, normalised model of these compose files."""
    model: dict[str, Any] = {}
    for path in files:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        document = _interpolate_tree(raw, env)
        model = _merge(model, _normalise(document), key="")
    return {k: v for k, v in model.items() if not str(k).startswith("x-")}


def active_services(model: Mapping[str, Any], profiles: Iterable[str] = ()) -> dict[str, Any]:
    """Services that `docker compose up` starts with these profiles enabled."""
    enabled = set(profiles)
    return {
        name: service
        for name, service in model.get("services", {}).items()
        if not service.get("profiles") or enabled & set(service["profiles"])
    }


def _interpolate_tree(node: Any, env: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, dict):
        return {key: _interpolate_tree(value, env) for key, value in node.items()}
    if isinstance(node, list):
        return [_interpolate_tree(item, env) for item in node]
    return node


def _normalise(document: dict[str, Any]) -> dict[str, Any]:
    services = document.get("services") or {}
    for service in services.values():
        if "environment" in service:
            service["environment"] = _environment_mapping(service["environment"])
        if "depends_on" in service:
            service["depends_on"] = _depends_on_mapping(service["depends_on"])
        if isinstance(service.get("networks"), list):
            service["networks"] = {name: None for name in service["networks"]}
    return document


def _environment_mapping(environment: Any) -> dict[str, str | None]:
    if isinstance(environment, dict):
        return {k: None if v is None else str(v) for k, v in environment.items()}
    pairs = (item.split("=", 1) if "=" in item else (item, None) for item in environment)
    return {key: value for key, value in pairs}


def _depends_on_mapping(depends_on: Any) -> dict[str, dict[str, Any]]:
    if isinstance(depends_on, dict):
        return {
            name: {"condition": "service_started", "required": True, **(spec or {})}
            for name, spec in depends_on.items()
        }
    return {name: {"condition": "service_started", "required": True} for name in depends_on}


def _merge(base: Any, override: Any, *, key: str) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for name, value in override.items():
            merged[name] = _merge(base[name], value, key=name) if name in base else value
        return merged
    if isinstance(base, list) and isinstance(override, list) and key in _APPENDED_SEQUENCES:
        return base + [item for item in override if item not in base]
    return override
