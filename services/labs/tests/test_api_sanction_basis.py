"""Art. 16 recovers a contract's fees once; art. 17(一) only after a suspension and a failed
re-inspection after rectification -- through HTTP."""

from datetime import date, timedelta

import pytest

pytestmark = pytest.mark.anyio

DAIRY = [("dairy", "melamine")]
DECIDED = date.today() - timedelta(days=2)


def violation(article: int, item: int, decided_on: date = DECIDED, **extra) -> dict:
    return {"article": article, "item": item, "description": "考核发现", "evidence": "检查记录",
            "found_on": (decided_on - timedelta(days=10)).isoformat(),
            "decided_on": decided_on.isoformat(), **extra}  # fmt: skip


async def _post(client, bureau, lab_id: str, body: dict):
    return await client.post(f"/v1/labs/{lab_id}/violations", json=body, headers=bureau)


async def test_art16_fees_are_recovered_once_per_contract(client, bureau, make_lab) -> None:
    lab = await make_lab(0, DAIRY)
    first = await _post(client, bureau, lab["id"], violation(16, 3))
    assert first.status_code == 201, first.text
    assert first.json()["violation"]["fee_to_recover"] == "480000.00"
    second = await _post(client, bureau, lab["id"], violation(16, 4))
    assert second.status_code == 201, second.text
    assert second.json()["violation"]["recover_fees"] is True
    assert second.json()["violation"]["fee_to_recover"] is None
    assert second.json()["violation"]["fees_recovered_under"] == first.json()["violation"]["id"]
    third = await _post(client, bureau, lab["id"], violation(16, 1))
    assert third.json()["violation"]["fee_to_recover"] is None
    history = (await client.get(f"/v1/labs/{lab['id']}/violations", headers=bureau)).json()
    fees = [v["fee_to_recover"] for v in history["items"] if v["fee_to_recover"] is not None]
    assert fees == ["480000.00"]  # one contract, one fee


async def test_art16_fee_recovers_again_once_the_first_recovery_is_lifted(
    client, bureau, make_lab
) -> None:
    lab = await make_lab(0, DAIRY)
    first = (await _post(client, bureau, lab["id"], violation(16, 3))).json()["violation"]
    lift = {"lifted_on": date.today().isoformat(), "reason": "复议撤销"}
    assert (
        await client.post(f"/v1/violations/{first['id']}/lift", json=lift, headers=bureau)
    ).status_code == 200
    again = await _post(client, bureau, lab["id"], violation(16, 5))
    assert again.json()["violation"]["fee_to_recover"] == "480000.00"


async def test_art17_1_refused_for_a_lab_never_suspended(client, bureau, make_lab) -> None:
    lab = await make_lab(0, DAIRY)
    bare = await _post(client, bureau, lab["id"], violation(17, 1))
    assert bare.status_code == 422, bare.text
    assert bare.json()["errors"][0]["field"] == "body.suspension_id"
    other_lab = await make_lab(1, DAIRY)
    elsewhere = await _post(
        client,
        bureau,
        other_lab["id"],
        violation(18, 1, DECIDED - timedelta(days=90), suspension_months=3),
    )
    borrowed = violation(17, 1, suspension_id=elsewhere.json()["violation"]["id"])
    refused = await _post(client, bureau, lab["id"], borrowed)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.suspension_id"
    history = (await client.get(f"/v1/labs/{lab['id']}/violations", headers=bureau)).json()
    assert history["items"] == []  # nothing written
    assert (await client.get(f"/v1/labs/{lab['id']}", headers=bureau)).json()["status"] == "active"


async def test_art17_1_after_suspension_and_failed_reinspection(client, bureau, make_lab) -> None:
    lab = await make_lab(0, DAIRY)
    suspended_on = DECIDED - timedelta(days=100)
    suspension = await _post(
        client, bureau, lab["id"], violation(18, 2, suspended_on, suspension_months=3)
    )
    suspension_id = suspension.json()["violation"]["id"]

    async def inspect(on: date) -> str:
        body = {"inspected_on": on.isoformat(), "score": "40", "summary": "整改后现场复查未通过"}
        created = await client.post(f"/v1/labs/{lab['id']}/inspections", json=body, headers=bureau)
        assert created.status_code == 201, created.text
        return created.json()["id"]

    no_reinspection = await _post(
        client, bureau, lab["id"], violation(17, 1, suspension_id=suspension_id)
    )
    assert no_reinspection.status_code == 422
    assert no_reinspection.json()["errors"][0]["field"] == "body.reinspection_id"
    before = await inspect(suspended_on - timedelta(days=1))
    too_early = violation(17, 1, suspension_id=suspension_id, reinspection_id=before)
    assert (await _post(client, bureau, lab["id"], too_early)).status_code == 422

    after = await inspect(suspended_on + timedelta(days=60))
    body = violation(17, 1, suspension_id=suspension_id, reinspection_id=after)
    accepted = await _post(client, bureau, lab["id"], body)
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["lab_status"] == "barred_for_contract"
    assert accepted.json()["violation"]["suspension_id"] == suspension_id
    assert accepted.json()["violation"]["reinspection_id"] == after


async def test_suspension_refs_on_another_article_are_refused(client, bureau, make_lab) -> None:
    lab = await make_lab(0, DAIRY)
    stray = await _post(client, bureau, lab["id"], violation(17, 2, suspension_id="vi_x"))
    assert stray.status_code == 422
