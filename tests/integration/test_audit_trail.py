"""Issue 14 through the real processes: audit reads scoped like the entity (item 3), and signed
checkpoints kept by a witness that catch a consistently rewritten chain offline."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
from sqlmodel import Session, select

from suitekit.audit import AuditEntry, AuditHead, entry_digest
from suitekit.db import make_engine

RENOVATION = ["renovation:read", "renovation:write"]
CREDITS = ["credits:read", "credits:write"]


def project(name: str, district: str = "231002") -> dict:
    return {
        "programme_year": 2022,
        "district": district,
        "name": name,
        "buildings": 3,
        "households": 90,
        "floor_area_m2": "6000",
        "content_class": "basic",
        "checklist": ["building_body"],
        "courtyard_investment_yuan": "900000",
        "building_investment_yuan": "600000",
    }


def audit_of(gateway: httpx.Client, service: str, entity_id: str, headers: dict) -> list:
    answer = gateway.get(f"/{service}/v1/audit", params={"entity_id": entity_id}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def test_a_231003_client_cannot_read_231002_audit(suite, gateway: httpx.Client) -> None:
    dongan = suite.headers(RENOVATION, ["231002"])
    yangming = suite.headers(["renovation:read"], ["231003"])
    created = gateway.post(
        "/renovation/v1/projects", json=project("东安区审计范围"), headers=dongan
    )
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    assert audit_of(gateway, "renovation", pid, yangming) == []
    assert [e["division"] for e in audit_of(gateway, "renovation", pid, dongan)] == ["231002"]

    code = f"IT-{uuid.uuid4().hex[:6]}"
    school = gateway.post(
        "/credits/v1/schools",
        json={
            "code": code,
            "name": "审计范围高中",
            "county_code": "231002",
            "school_type": "ordinary",
        },
        headers=suite.headers(CREDITS),
    ).json()
    student = gateway.post(
        "/credits/v1/students",
        json={"school_id": school["id"], "student_no": "A-1", "name": "学生", "cohort_year": 2021},
        headers=suite.headers(CREDITS, [code]),
    )
    assert student.status_code == 201, student.text
    sid = student.json()["id"]
    assert audit_of(gateway, "credits", sid, suite.headers(["credits:read"], ["231003"])) == []
    seen = audit_of(gateway, "credits", sid, suite.headers(["credits:read"], ["231002"]))
    assert [(e["division"], e["unit"]) for e in seen] == [("231002", code)]


def suite_cli(*args: str, secret: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "SUITE_WITNESS_CLIENT_SECRET": secret}
    return subprocess.run(
        [sys.executable, "-m", "gateway", "audit", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def rewrite_consistently(database: Path, seq: int) -> None:
    """What an attacker with database access does: alter one entry and recompute every hash
    after it, and the head, so the service's own verification still says ok."""
    engine = make_engine(f"sqlite:///{database}")
    with Session(engine) as session:
        rows = session.exec(
            select(AuditEntry).where(AuditEntry.seq >= seq).order_by(AuditEntry.seq)
        ).all()
        prev = session.exec(select(AuditEntry.hash).where(AuditEntry.seq == seq - 1)).first()
        for entry in rows:
            if entry.seq == seq:
                entry.actor = "someone-else"
            entry.prev_hash = prev or "0" * 64
            entry.hash = prev = entry_digest(entry)
            session.add(entry)
        head = session.get(AuditHead, 1)
        assert head is not None
        head.last_hash = prev
        session.add(head)
        session.commit()
    engine.dispose()


def test_witnessed_checkpoints_catch_a_consistent_rewrite(
    suite, gateway: httpx.Client, tmp_path: Path
) -> None:
    admin_id, admin_secret = suite.add_client(["admin", "renovation:read"])
    admin = {"Authorization": f"Bearer {suite.token_for(admin_id, admin_secret)}"}
    city = suite.headers(RENOVATION)
    witness = [
        "witness", "--service", "renovation", "--store", str(tmp_path / "witness"),
        "--gateway-url", suite.gateway_url, "--client-id", admin_id,
    ]  # fmt: skip
    first = gateway.post("/renovation/v1/projects", json=project("检查点一"), headers=city)
    target = audit_of(gateway, "renovation", first.json()["id"], city)[0]["seq"]
    assert gateway.post("/renovation/v1/audit/checkpoints", headers=admin).status_code in (200, 201)
    assert suite_cli(*witness, secret=admin_secret).returncode == 0
    gateway.post("/renovation/v1/projects", json=project("检查点二"), headers=city)
    assert gateway.post("/renovation/v1/audit/checkpoints", headers=admin).status_code in (200, 201)
    assert suite_cli(*witness, secret=admin_secret).returncode == 0
    saved = tmp_path / "witness" / "renovation.checkpoints.json"

    def verify_now() -> subprocess.CompletedProcess:
        export = tmp_path / "export.jsonl"
        answer = gateway.get("/renovation/v1/audit/export", headers=admin)
        assert answer.status_code == 200
        export.write_text(answer.text, encoding="utf-8")
        verify = ["verify", "--service", "renovation", "--checkpoints", str(saved)]
        return suite_cli(*verify, "--export", str(export))

    intact = verify_now()
    assert intact.returncode == 0, intact.stdout + intact.stderr
    rewrite_consistently(suite.suite.data_dir / "renovation.db", target)
    own_check = gateway.get("/renovation/v1/audit/verify", headers=admin).json()
    assert own_check["ok"] is True  # the service alone cannot tell: that is the point
    caught = verify_now()
    assert caught.returncode == 1
    assert f"first bad entry: {target})" in caught.stdout
    assert suite_cli(*witness, secret=admin_secret).returncode == 2  # the witness alarms too
