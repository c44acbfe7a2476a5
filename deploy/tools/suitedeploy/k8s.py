"""Render kustomize overlays with the real kustomize (inside kubectl) and reason about the
result: object lookup and a small NetworkPolicy evaluator (Kubernetes semantics: a pod is
isolated in a direction once any policy selects it for that direction; traffic passes when
the source's egress and the destination's ingress both allow it)."""

from __future__ import annotations

import ipaddress
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


def find_kubectl() -> Path | None:
    beside_python = Path(sys.executable).parent / "kubectl"
    if beside_python.is_file():
        return beside_python
    found = shutil.which("kubectl")
    return Path(found) if found else None


def kustomize(kubectl: Path, directory: Path) -> list[dict[str, Any]]:
    completed = subprocess.run(
        [str(kubectl), "kustomize", str(directory)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"kustomize {directory} failed: {completed.stderr}")
    return [doc for doc in yaml.safe_load_all(completed.stdout) if doc]


def objects(docs: Iterable[dict], kind: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


@dataclass(frozen=True)
class Endpoint:
    """A pod (labels + namespace) or an address outside the cluster (ip)."""

    labels: Mapping[str, str] = field(default_factory=dict)
    namespace: str = ""
    namespace_labels: Mapping[str, str] = field(default_factory=dict)
    ip: str | None = None


def _selects(selector: Mapping[str, Any] | None, labels: Mapping[str, str]) -> bool:
    if selector is None:
        return True
    match_labels = selector.get("matchLabels") or {}
    if any(labels.get(k) != v for k, v in match_labels.items()):
        return False
    for expression in selector.get("matchExpressions") or []:
        key, operator, values = expression["key"], expression["operator"], expression.get("values")
        present = key in labels
        if operator == "In" and (not present or labels[key] not in values):
            return False
        if operator == "NotIn" and present and labels[key] in values:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return True


def _peer_matches(peer: Mapping[str, Any], other: Endpoint, policy_namespace: str) -> bool:
    if "ipBlock" in peer:
        if other.ip is None:
            return False
        block = peer["ipBlock"]
        address = ipaddress.ip_address(other.ip)
        if address not in ipaddress.ip_network(block["cidr"]):
            return False
        return all(address not in ipaddress.ip_network(e) for e in block.get("except", []))
    if other.ip is not None:
        return False
    if "namespaceSelector" in peer:
        if not _selects(peer["namespaceSelector"], other.namespace_labels):
            return False
    elif other.namespace != policy_namespace:
        return False
    return _selects(peer.get("podSelector"), other.labels)


def _port_matches(ports: list[Mapping[str, Any]] | None, port: int, protocol: str) -> bool:
    if not ports:
        return True
    return any(
        p.get("protocol", "TCP") == protocol and ("port" not in p or p["port"] == port)
        for p in ports
    )


def _rules_allow(
    policies: list[dict], pod: Endpoint, direction: str, other: Endpoint, port: int, proto: str
) -> bool:
    """Whether `pod` may send (Egress) to / receive (Ingress) from `other`."""
    selecting = [
        p
        for p in policies
        if p["metadata"].get("namespace", "") == pod.namespace
        and direction in p["spec"].get("policyTypes", ["Ingress"])
        and _selects(p["spec"]["podSelector"], pod.labels)
    ]
    if not selecting:
        return True
    peers_key = "to" if direction == "Egress" else "from"
    for policy in selecting:
        namespace = policy["metadata"].get("namespace", "")
        for rule in policy["spec"].get(direction.lower(), []) or []:
            peers = rule.get(peers_key)
            peer_ok = not peers or any(_peer_matches(p, other, namespace) for p in peers)
            if peer_ok and _port_matches(rule.get("ports"), port, proto):
                return True
    return False


def connection_allowed(
    policies: list[dict], source: Endpoint, destination: Endpoint, port: int, proto: str = "TCP"
) -> bool:
    if source.ip is None and not _rules_allow(policies, source, "Egress", destination, port, proto):
        return False
    if destination.ip is None:
        return _rules_allow(policies, destination, "Ingress", source, port, proto)
    return True
