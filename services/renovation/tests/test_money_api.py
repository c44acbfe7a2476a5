"""Money of a project (issue 16): amounts compared as numbers, PATCH of money fields, and
property tests over create and patch of every money field of the service.

§五(一)4: utility-facility (20 %) and weak-current (50 %) shares are parts of the project's
total investment (courtyard + building), so their investments cannot exceed that total.
"""

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.anyio

MONEY_FIELDS = (
    "courtyard_investment_yuan",
    "building_investment_yuan",
    "utility_facility_investment_yuan",
    "weak_current_investment_yuan",
)
PROPERTY = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
AMOUNTS = st.decimals(min_value=0, max_value=Decimal("50000000"), places=2)


def _money(courtyard: str, building: str, utility: str, weak: str) -> dict[str, str]:
    return dict(zip(MONEY_FIELDS, (courtyard, building, utility, weak), strict=True))


@pytest.mark.parametrize(
    ("amounts", "status"),
    [
        (("1000000", "2000000", "500000", "100000"), 201),  # issue 16: refused as strings
        (("1000000", "2000000", "1", "1"), 201),  # "(1, 1) refused"
        (("1000000", "2000000", "1000000000", "0"), 422),  # "1,000,000,000 ... accepted"
    ],
)
async def test_issue_16_amounts_are_compared_as_numbers_s5_1_4(
    client: httpx.AsyncClient,
    city: dict[str, str],
    api: SimpleNamespace,
    amounts: tuple[str, str, str, str],
    status: int,
) -> None:
    body = api.PROJECT | _money(*amounts)
    response = await client.post("/v1/projects", json=body, headers=city)
    assert response.status_code == status, response.text


@pytest.mark.parametrize(
    ("utility", "status"),
    [("2999999.99", 201), ("3000000.00", 201), ("3000000.01", 422)],  # below / at / above
)
async def test_parts_up_to_the_total_to_the_fen_s5_1_4(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace, utility: str, status: int
) -> None:
    body = api.PROJECT | _money("1000000", "2000000", utility, "0")
    assert (await client.post("/v1/projects", json=body, headers=city)).status_code == status


@pytest.mark.parametrize("field", MONEY_FIELDS)
async def test_patch_of_each_money_field_is_stored_and_read_back(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace, field: str
) -> None:
    project = await api.create_project(client, city)  # 3,000,000 + 2,000,000; 1,000,000 + 100,000
    url = f"/v1/projects/{project['id']}"
    change = {field: "1100000.50"}
    response = await client.patch(url, json=change, headers=city | {"If-Match": '"1"'})
    assert response.status_code == 200, response.text  # issue 16: was a 500
    assert (await client.get(url, headers=city)).json()[field] == "1100000.50"


async def test_patch_that_makes_parts_exceed_the_total_is_refused_and_writes_nothing_s5_1_4(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace
) -> None:
    project = await api.create_project(client, city)
    url = f"/v1/projects/{project['id']}"
    too_small = {"courtyard_investment_yuan": "0", "building_investment_yuan": "1099999.99"}
    refused = await client.patch(url, json=too_small, headers=city | {"If-Match": '"1"'})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.utility_facility_investment"
    after = (await client.get(url, headers=city)).json()
    assert after["version"] == 1 and after["total_investment_yuan"] == "5000000.00"
    exact = {"courtyard_investment_yuan": "0", "building_investment_yuan": "1100000"}
    assert (await client.patch(url, json=exact, headers=city | {"If-Match": '"1"'})).is_success


@pytest.mark.parametrize("bad", [1000, 1000.5, "1000.505", "-1", "NaN", "1e6", True])
async def test_money_must_be_an_exact_non_negative_decimal_string(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace, bad: Any
) -> None:
    refused = await client.post(
        "/v1/projects", json=api.PROJECT | {"building_investment_yuan": bad}, headers=city
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.building_investment_yuan"
    project = await api.create_project(client, city)
    url = f"/v1/projects/{project['id']}"
    patch = await client.patch(
        url, json={"building_investment_yuan": bad}, headers=city | {"If-Match": '"1"'}
    )
    assert patch.status_code == 422
    assert (await client.get(url, headers=city)).json()["version"] == 1


@PROPERTY
@given(courtyard=AMOUNTS, building=AMOUNTS, utility=AMOUNTS, weak=AMOUNTS)
async def test_property_create_accepts_exactly_the_consistent_plans_s5_1_4(
    client: httpx.AsyncClient,
    city: dict[str, str],
    api: SimpleNamespace,
    courtyard: Decimal,
    building: Decimal,
    utility: Decimal,
    weak: Decimal,
) -> None:
    body = api.PROJECT | _money(*(str(a) for a in (courtyard, building, utility, weak)))
    response = await client.post("/v1/projects", json=body, headers=city)
    consistent = utility + weak <= courtyard + building
    assert response.status_code == (201 if consistent else 422), response.text
    if consistent:
        read = (await client.get(f"/v1/projects/{response.json()['id']}", headers=city)).json()
        for field, amount in zip(MONEY_FIELDS, (courtyard, building, utility, weak), strict=True):
            assert Decimal(read[field]) == amount and read[field] == f"{amount:.2f}"
        assert Decimal(read["total_investment_yuan"]) == courtyard + building


@PROPERTY
@given(field=st.sampled_from(MONEY_FIELDS), amount=AMOUNTS)
async def test_property_patch_of_any_money_field_keeps_the_plan_consistent_s5_1_4(
    client: httpx.AsyncClient,
    city: dict[str, str],
    api: SimpleNamespace,
    field: str,
    amount: Decimal,
) -> None:
    project = await api.create_project(client, city)
    url = f"/v1/projects/{project['id']}"
    plan = {f: Decimal(project[f]) for f in MONEY_FIELDS} | {field: amount}
    consistent = (
        plan["utility_facility_investment_yuan"] + plan["weak_current_investment_yuan"]
        <= plan["courtyard_investment_yuan"] + plan["building_investment_yuan"]
    )
    response = await client.patch(
        url, json={field: str(amount)}, headers=city | {"If-Match": '"1"'}
    )
    assert response.status_code == (200 if consistent else 422), response.text
    read = (await client.get(url, headers=city)).json()
    expected = amount if consistent else Decimal(project[field])
    assert Decimal(read[field]) == expected
    assert read["version"] == (2 if consistent else 1)


# Every other money field a client sends: (path under the project, body, field, field read back)
OTHER_MONEY_FIELDS = [
    ("contributions", {"kind": "payment", "on_date": "2022-06-01"}, "amount_yuan", "amount_yuan"),
    (
        "funding",
        {"source": "bonds", "kind": "receipt", "on_date": "2022-07-01"},
        "amount_yuan",
        "amount_yuan",
    ),
    ("demolitions", {"kind": "pump_room"}, "cost_amount_yuan", "compensation_yuan"),
    (
        "changes",
        {"work": "heat", "description": "泵房"},
        "new_investment_yuan",
        "new_investment_yuan",
    ),
]
POSITIVE_AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("400000"), places=2)
BAD_AMOUNTS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),  # JSON has no NaN: the string "NaN" is tried
    st.integers(),
    st.decimals(max_value=Decimal("-0.01"), places=2).map(str),
    st.decimals(min_value=0, max_value=10**6, places=3)
    .filter(lambda d: d % Decimal("0.01"))
    .map(str),
    st.sampled_from(["0", "0.00", "NaN", "Infinity", "1e3", "", "１００"]),
)


@PROPERTY
@given(case=st.sampled_from(OTHER_MONEY_FIELDS), amount=POSITIVE_AMOUNTS)
async def test_property_every_money_field_reads_back_the_exact_amount(
    client: httpx.AsyncClient,
    city: dict[str, str],
    api: SimpleNamespace,
    case: tuple[str, dict[str, Any], str, str],
    amount: Decimal,
) -> None:
    path, body, field, shown = case
    pid = (await api.create_project(client, city))["id"]
    response = await client.post(
        f"/v1/projects/{pid}/{path}", json=body | {field: str(amount)}, headers=city
    )
    assert response.status_code == 201, response.text
    assert response.json()[shown] == f"{amount:.2f}"


@PROPERTY
@given(case=st.sampled_from(OTHER_MONEY_FIELDS), bad=BAD_AMOUNTS)
async def test_property_every_money_field_refuses_inexact_and_non_positive_amounts(
    client: httpx.AsyncClient,
    city: dict[str, str],
    api: SimpleNamespace,
    case: tuple[str, dict[str, Any], str, str],
    bad: Any,
) -> None:
    path, body, field, _shown = case
    pid = (await api.create_project(client, city))["id"]
    url = f"/v1/projects/{pid}/{path}"
    response = await client.post(url, json=body | {field: bad}, headers=city)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == f"body.{field}"
    audit = (await client.get("/v1/audit", headers=city)).json()["items"]
    assert {entry["action"] for entry in audit} == {"register"}  # nothing else was written


NULLABLE = (
    "approval_submitted_on",
    "approval_completed_on",
    "property_mode",
    "contract_filing_ref",
)


@pytest.mark.parametrize("field", [*MONEY_FIELDS, "name", "households", "floor_area_m2", *NULLABLE])
async def test_patch_with_an_explicit_null_is_refused_or_clears_never_a_500(
    client: httpx.AsyncClient, city: dict[str, str], api: SimpleNamespace, field: str
) -> None:
    """The contract fuzzing, once it sent If-Match (issue 16), found a 500 on null fields."""
    project = await api.create_project(client, city)
    url = f"/v1/projects/{project['id']}"
    response = await client.patch(url, json={field: None}, headers=city | {"If-Match": '"1"'})
    if field in NULLABLE:
        assert response.status_code == 200 and response.json()[field] is None
    else:
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] == f"body.{field}"
        assert (await client.get(url, headers=city)).json()["version"] == 1
