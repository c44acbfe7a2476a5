"""Kubernetes for real clusters (issue 21): nightly backup with retention and a restore Job in
prod, ServiceMonitors / PrometheusRule / Alertmanager in the prod-operator overlay; rendered
with the real kustomize and validated offline."""

from __future__ import annotations

import pytest
import yaml

kubernetes_validate = pytest.importorskip("kubernetes_validate")
from suitedeploy import generated  # noqa: E402
from suitedeploy.k8s import find_kubectl, kustomize, objects  # noqa: E402
from suitedeploy.members import MEMBERS  # noqa: E402
from suitedeploy.paths import K8S_DIR, REPO  # noqa: E402

PINNED_KUBERNETES = "1.32.0"
OPERATOR_KINDS = {"ServiceMonitor", "PrometheusRule"}
KUBECTL = find_kubectl()
pytestmark = pytest.mark.skipif(KUBECTL is None, reason="kubectl (with kustomize) not installed")


@pytest.fixture(scope="module")
def prod() -> list[dict]:
    return kustomize(KUBECTL, K8S_DIR / "overlays" / "prod")


@pytest.fixture(scope="module")
def operator() -> list[dict]:
    return kustomize(KUBECTL, K8S_DIR / "overlays" / "prod-operator")


def test_generated_objects_match_their_sources() -> None:
    """Run `python deploy/tools/suitedeploy/generated.py` after changing alerts or scripts."""
    for path, text in generated.outputs().items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale"


def test_prod_backs_up_nightly_then_applies_the_retention(prod: list[dict]) -> None:
    cron = objects(prod, "CronJob")["postgres-backup"]
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    pod = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    (backup,) = pod["initContainers"]
    (prune,) = pod["containers"]
    assert backup["command"] == ["/opt/backup/pg-backup.sh", "/backups"]
    assert prune["command"][-2:] == ["/backups", "--apply"]
    scripts = objects(prod, "ConfigMap")["suite-backup-scripts"]["data"]
    assert {"pg-backup.sh", "pg-restore.sh", "prune.py", "retention.py"} <= set(scripts)
    assert "YEARLY_YEARS = 5" in scripts["retention.py"]  # the outfall ledger's minimum
    policy = objects(prod, "NetworkPolicy")["postgres-backup"]
    assert policy["spec"]["egress"][0]["to"][0]["ipBlock"]["cidr"] == "10.40.12.0/28"
    for doc in prod:
        kubernetes_validate.validate(doc, PINNED_KUBERNETES, strict=True)


def test_the_restore_job_is_valid_and_not_applied_by_kustomize(prod: list[dict]) -> None:
    job = yaml.safe_load((K8S_DIR / "components/backup/restore-job.yaml").read_text())
    kubernetes_validate.validate(job, PINNED_KUBERNETES, strict=True)
    assert job["spec"]["template"]["spec"]["containers"][0]["command"][0].endswith("pg-restore.sh")
    assert not any(
        d["kind"] == "Job" and "restore" in d["metadata"].get("generateName", "") for d in prod
    )


def test_operator_overlay_scrapes_every_member_and_carries_every_alert(
    operator: list[dict],
) -> None:
    monitors = objects(operator, "ServiceMonitor")
    assert set(monitors) == {m.name for m in MEMBERS}
    services = objects(operator, "Service")
    for name, monitor in monitors.items():
        ports = {p["name"] for p in services[name]["spec"]["ports"]}
        assert monitor["spec"]["endpoints"][0]["port"] in ports
    (rule,) = objects(operator, "PrometheusRule").values()
    alerts = yaml.safe_load((REPO / "deploy/prometheus/alerts.yml").read_text())["groups"]
    assert rule["spec"]["groups"] == alerts
    assert "alertmanager" in objects(operator, "Deployment")
    for doc in operator:
        if doc["kind"] not in OPERATOR_KINDS:
            kubernetes_validate.validate(doc, PINNED_KUBERNETES, strict=True)
