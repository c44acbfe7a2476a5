"""Prometheus scrape configs, alert rules (with promtool's own checker and unit tests) and the
Grafana dashboard, cross-checked against the metrics the code really exports and the runbook."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from suitedeploy.members import MEMBERS
from suitedeploy.paths import REPO

PROMETHEUS = REPO / "deploy" / "prometheus"
DASHBOARD = REPO / "deploy" / "grafana" / "dashboards" / "suite.json"
RUNBOOK = REPO / "docs" / "runbook.md"
PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None, reason="promtool not installed (Debian package `prometheus`)"
)
STANDARD_METRICS = {"up", "process_resident_memory_bytes", "process_cpu_seconds_total"}
SUITE_METRIC = re.compile(r"\b((?:suite|gateway|process)_[a-z_]+|up)\b(?=\s*[{\[)]|\s*[=<>!])")


def _promtool(*args: str, cwd: Path = PROMETHEUS) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PROMTOOL, *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )


def _alert_rules() -> list[dict]:
    groups = yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def _dashboard_exprs() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    return [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]


def _exported_metric_names() -> set[str]:
    names: set[str] = set()
    for root in (REPO / "libs", REPO / "gateway" / "src"):
        for source in root.rglob("*.py"):
            names.update(re.findall(r'"((?:suite|gateway)_[a-z_]+)"', source.read_text()))
    # the backup script's textfile metrics (read by node-exporter)
    backup = (REPO / "deploy" / "backup" / "pg-backup.sh").read_text()
    names.update(re.findall(r"^\s*echo \"(suite_[a-z_]+) ", backup, flags=re.MULTILINE))
    return names


def _base_name(metric: str) -> str:
    return re.sub(r"_(bucket|count|sum)$", "", metric)


@needs_promtool
def test_promtool_accepts_the_compose_scrape_config() -> None:
    completed = _promtool("check", "config", "prometheus.yml")
    assert completed.returncode == 0, completed.stdout + completed.stderr


@needs_promtool
def test_promtool_accepts_the_alert_rules() -> None:
    completed = _promtool("check", "rules", "alerts.yml")
    assert completed.returncode == 0, completed.stdout + completed.stderr


@needs_promtool
def test_alert_unit_tests_pass_below_and_above_each_threshold() -> None:
    completed = _promtool("test", "rules", "alerts.test.yml")
    assert completed.returncode == 0, completed.stdout + completed.stderr


@needs_promtool
def test_promtool_fails_a_wrong_expectation(tmp_path: Path) -> None:
    shutil.copy(PROMETHEUS / "alerts.yml", tmp_path / "alerts.yml")
    broken = (PROMETHEUS / "alerts.test.yml").read_text().replace("0+6x20", "0+4x20", 1)
    (tmp_path / "alerts.test.yml").write_text(broken)
    assert _promtool("test", "rules", "alerts.test.yml", cwd=tmp_path).returncode != 0


def test_every_alert_has_a_unit_test() -> None:
    tests = yaml.safe_load((PROMETHEUS / "alerts.test.yml").read_text())["tests"]
    tested = {case["alertname"] for test in tests for case in test["alert_rule_test"]}
    assert tested == {rule["alert"] for rule in _alert_rules()}


def test_every_alert_has_a_severity_and_a_runbook_section() -> None:
    headings = {
        re.sub(r"[^a-z0-9-]", "", line.lstrip("#").strip().lower().replace(" ", "-"))
        for line in RUNBOOK.read_text().splitlines()
        if line.startswith("#")
    }
    for rule in _alert_rules():
        assert rule["labels"]["severity"] in {"critical", "warning", "info"}
        anchor = rule["annotations"]["runbook"].split("#", 1)[1]
        assert anchor == rule["alert"].lower()
        assert anchor in headings, f"docs/runbook.md has no section '{rule['alert']}'"


def test_alerts_and_dashboard_use_only_metrics_the_code_exports() -> None:
    exported = _exported_metric_names() | STANDARD_METRICS
    used = {
        _base_name(name)
        for expr in [r["expr"] for r in _alert_rules()] + _dashboard_exprs()
        for name in SUITE_METRIC.findall(expr)
    }
    assert used, "no metric found in the expressions"
    assert used <= exported, sorted(used - exported)


@needs_promtool
def test_every_dashboard_query_is_valid_promql(tmp_path: Path) -> None:
    substitutions = {"$__rate_interval": "5m", "$upstream": ".*", "$service": ".*"}
    rules = []
    for index, expr in enumerate(_dashboard_exprs()):
        for variable, value in substitutions.items():
            expr = expr.replace(variable, value)
        rules.append({"record": f"dashboard:query_{index}", "expr": expr})
    document = {"groups": [{"name": "dashboard", "rules": rules}]}
    (tmp_path / "queries.yml").write_text(yaml.safe_dump(document))
    completed = _promtool("check", "rules", "queries.yml", cwd=tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_dashboard_panels_are_unique_and_do_not_overlap() -> None:
    panels = json.loads(DASHBOARD.read_text())["panels"]
    ids = [p["id"] for p in panels]
    assert len(ids) == len(set(ids))
    cells: set[tuple[int, int]] = set()
    for panel in panels:
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24
        area = {
            (x, y)
            for x in range(grid["x"], grid["x"] + grid["w"])
            for y in range(grid["y"], grid["y"] + grid["h"])
        }
        assert not area & cells, panel["title"]
        cells |= area


def test_compose_scrape_targets_are_the_members_on_their_ports() -> None:
    config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
    targets = {
        static["labels"]["member"]: static["targets"]
        for job in config["scrape_configs"]
        for static in job.get("static_configs", [])
        if "member" in static.get("labels", {})
    }
    assert targets == {m.name: [f"{m.name}:{m.metrics_port}"] for m in MEMBERS}


def test_k8s_scrape_config_follows_the_pod_annotations() -> None:
    config = yaml.safe_load((PROMETHEUS / "prometheus-k8s.yml").read_text())
    (job,) = config["scrape_configs"]
    labels = {tuple(r.get("source_labels", [])): r for r in job["relabel_configs"]}
    scrape = labels[("__meta_kubernetes_pod_annotation_prometheus_io_scrape",)]
    assert (scrape["action"], scrape["regex"]) == ("keep", "true")
    for rule in job["relabel_configs"]:
        re.compile(rule.get("regex", ".*"))
    deployment = yaml.safe_load((REPO / "deploy/k8s/base/outfall/deployment.yaml").read_text())
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert annotations == {
        "prometheus.io/scrape": "true",
        "prometheus.io/port": "8001",
        "prometheus.io/path": "/metrics",
    }
