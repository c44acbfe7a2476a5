"""Issue 14 item 3: a task's audit entries are read only where the task is."""

import pytest

from suitekit.testing import TestIdentity

pytestmark = pytest.mark.anyio
DAIRY = [("dairy", "melamine")]


async def test_a_231003_client_cannot_read_a_231002_task_audit(
    client, make_lab, make_task, identity: TestIdentity
) -> None:
    lab = await make_lab(0, DAIRY)
    task = await make_task(lab["id"], "dairy", ["melamine"], jurisdiction_code="231002")
    query = {"entity_type": "task", "entity_id": task["id"]}
    yangming = identity.headers("labs", ["labs:read"], jurisdiction=["231003"], sub="yangming")
    dongan = identity.headers("labs", ["labs:read"], jurisdiction=["231002"], sub="dongan")
    assert (await client.get("/v1/audit", params=query, headers=yangming)).json()["items"] == []
    own = (await client.get("/v1/audit", params=query, headers=dongan)).json()["items"]
    assert [e["division"] for e in own] == ["231002"]
    lab_entries = {"entity_type": "lab", "entity_id": lab["id"]}  # a city-level lab (231000)
    assert (await client.get("/v1/audit", params=lab_entries, headers=dongan)).json()["items"] == []
