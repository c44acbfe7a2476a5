"""Straight to a service's own port with a forged identity (issue 14, item 2), real processes.

The attack as it was seen: the real client creates a student through the gateway with an
Idempotency-Key; an attacker who reaches the credits port sends an `alg: none` token whose
`sub` is that client, with the same key and body, and used to get the student's record back
(201, `idempotent-replayed: true`); a forged POST to a path that does not exist used to
reserve a key so the real client's later request with it got 409.
"""

import base64
import json
import time
import uuid

import httpx

from suitekit.supervisor import SERVICES

CREDITS = next(member for member in SERVICES if member.name == "credits")
SCOPES = ["credits:read", "credits:write"]


def _unsigned_token(sub: str, audience: str) -> str:
    def part(value: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    now = int(time.time())
    claims = {"iss": "mudanjiang-gateway", "aud": audience, "sub": sub, "iat": now}
    claims |= {"exp": now + 60, "scope": " ".join(SCOPES), "jurisdiction": ["*"]}
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def _school(suite, gateway: httpx.Client) -> tuple[str, str]:
    code = f"IT-{uuid.uuid4().hex[:6]}"
    body = {
        "code": code,
        "name": "身份测试高中",
        "county_code": "231002",
        "school_type": "ordinary",
    }
    answer = gateway.post("/credits/v1/schools", json=body, headers=suite.headers(SCOPES))
    assert answer.status_code == 201, answer.text
    return code, answer.json()["id"]


def test_forged_identity_on_the_service_port_replays_nothing_and_reserves_nothing(
    suite, gateway: httpx.Client
) -> None:
    code, school_id = _school(suite, gateway)
    client_id, secret = suite.add_client(SCOPES, [code])
    real = {"Authorization": f"Bearer {suite.token_for(client_id, secret)}"}
    forged = {"Authorization": f"Bearer {_unsigned_token(client_id, CREDITS.name)}"}
    student = {
        "school_id": school_id,
        "student_no": "ID-1",
        "name": "身份学生",
        "cohort_year": 2021,
    }

    with httpx.Client(base_url=suite.suite.url(CREDITS), timeout=30) as service:
        created = gateway.post(
            "/credits/v1/students", json=student, headers={**real, "Idempotency-Key": "k-replay"}
        )
        assert created.status_code == 201, created.text
        stolen = service.post(
            "/v1/students", json=student, headers={**forged, "Idempotency-Key": "k-replay"}
        )
        assert stolen.status_code == 401, stolen.text
        assert "idempotent-replayed" not in stolen.headers
        assert created.json()["id"] not in stolen.text

        for path in ("/v1/no-such-route", "/v1/students"):
            refused = service.post(
                path,
                json=student | {"student_no": "ID-2"},
                headers={**forged, "Idempotency-Key": "k-squat"},
            )
            assert refused.status_code in (401, 404), refused.text
        later = gateway.post(
            "/credits/v1/students",
            json=student | {"student_no": "ID-2"},
            headers={**real, "Idempotency-Key": "k-squat"},
        )
        assert later.status_code == 201, later.text
        assert "idempotent-replayed" not in later.headers
