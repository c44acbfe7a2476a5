"""Alerts reach a person (issue 21): Alertmanager's config is valid, routes pages to the
webhook and the mailbox, tickets to the mailbox, and inhibits what a root cause explains."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml
from suitedeploy.paths import REPO

CONFIG = REPO / "deploy" / "k8s" / "components" / "monitoring" / "alertmanager.yml"
AMTOOL = shutil.which("amtool")
needs_amtool = pytest.mark.skipif(
    AMTOOL is None, reason="amtool not installed (Debian package prometheus-alertmanager)"
)


def _amtool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([AMTOOL, *args], capture_output=True, text=True, timeout=60, check=False)


@needs_amtool
def test_amtool_accepts_the_config() -> None:
    completed = _amtool("check-config", str(CONFIG))
    assert completed.returncode == 0, completed.stdout + completed.stderr


@needs_amtool
@pytest.mark.parametrize(
    ("labels", "receivers"),
    [
        (["severity=critical", "alertname=PostgresDown"], "oncall-webhook,oncall-email"),
        (["severity=warning", "alertname=BackupTooOld"], "oncall-email"),
        (["severity=info", "alertname=ClientsRateLimited"], "null"),
    ],
)
def test_pages_go_to_the_webhook_and_the_mailbox_tickets_to_the_mailbox(
    labels: list[str], receivers: str
) -> None:
    completed = _amtool("config", "routes", "test", f"--config.file={CONFIG}", *labels)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == receivers


def test_grouping_and_inhibition_follow_the_suite_s_labels() -> None:
    config = yaml.safe_load(CONFIG.read_text())
    assert {"alertname", "member", "service"} <= set(config["route"]["group_by"])
    sources = {tuple(rule["source_matchers"]) for rule in config["inhibit_rules"]}
    assert ('alertname="SuiteMemberDown"',) in sources
    assert ('alertname="PostgresDown"',) in sources
    alerts = {
        rule["alert"]
        for group in yaml.safe_load((REPO / "deploy/prometheus/alerts.yml").read_text())["groups"]
        for rule in group["rules"]
    }
    for rule in config["inhibit_rules"]:
        for matcher in rule["source_matchers"] + rule["target_matchers"]:
            if matcher.startswith('alertname="'):
                assert matcher.split('"')[1] in alerts, matcher


def test_prometheus_sends_to_the_compose_alertmanager() -> None:
    prometheus = yaml.safe_load((REPO / "deploy/prometheus/prometheus.yml").read_text())
    (manager,) = prometheus["alerting"]["alertmanagers"]
    assert manager["static_configs"][0]["targets"] == ["alertmanager:9093"]
