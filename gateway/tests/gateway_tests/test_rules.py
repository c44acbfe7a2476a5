"""Pure rules: token requests (RFC 6749), the scope catalogue, jurisdictions, client states."""

from __future__ import annotations

import base64

import pytest

from gateway.clients import rules
from gateway.oauth.rules import (
    TokenRequestError,
    basic_credentials,
    parse_form,
    token_request,
)


def _basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def test_form_credentials() -> None:
    form = parse_form(b"grant_type=client_credentials&client_id=a&client_secret=s&scope=x")
    request = token_request(form, None)
    assert (request.client_id, request.client_secret, request.scope) == ("a", "s", "x")


def test_basic_credentials_are_form_decoded_rfc6749_2_3_1() -> None:
    assert basic_credentials(_basic("city%3Aadmin", "p%40ss")) == ("city:admin", "p@ss")
    request = token_request({"grant_type": "client_credentials"}, _basic("a", "s"))
    assert (request.client_id, request.client_secret, request.scope) == ("a", "s", None)


@pytest.mark.parametrize(
    ("form", "authorization", "error"),
    [
        ({"grant_type": "password"}, None, "unsupported_grant_type"),
        ({}, None, "unsupported_grant_type"),
        ({"grant_type": "client_credentials"}, None, "invalid_client"),
        ({"grant_type": "client_credentials", "client_id": "a"}, None, "invalid_client"),
        (
            {"grant_type": "client_credentials", "client_id": "a", "client_secret": "s"},
            _basic("a", "s"),
            "invalid_request",
        ),
        ({"grant_type": "client_credentials"}, "Bearer x", "invalid_client"),
        ({"grant_type": "client_credentials"}, "Basic !!!", "invalid_client"),
        ({"grant_type": "client_credentials"}, "Basic " + base64.b64encode(b"x").decode(),
         "invalid_client"),
    ],
)  # fmt: skip
def test_bad_token_requests(form: dict[str, str], authorization: str | None, error: str) -> None:
    with pytest.raises(TokenRequestError) as caught:
        token_request(form, authorization)
    assert caught.value.error == error


def test_repeated_parameter_is_refused_rfc6749_3_2() -> None:
    with pytest.raises(TokenRequestError, match="repeated"):
        parse_form(b"grant_type=client_credentials&grant_type=client_credentials")


def test_scope_catalogue_has_read_write_per_service_specials_and_admin() -> None:
    for service in ("outfall", "renovation", "credits", "labs", "lawyer-query"):
        assert {f"{service}:read", f"{service}:write"} <= set(rules.ALL_SCOPES)
    for special in ("lawyer-query:process", "labs:assess", "credits:recognize", "admin"):
        assert special in rules.ALL_SCOPES


def test_scopes_are_checked_against_the_catalogue() -> None:
    assert rules.parse_scopes("outfall:read, labs:assess outfall:read") == [
        "outfall:read",
        "labs:assess",
    ]
    with pytest.raises(rules.RuleViolation, match="outfall:delete"):
        rules.parse_scopes("outfall:read outfall:delete")
    with pytest.raises(rules.RuleViolation):
        rules.parse_scopes("")


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("*", ["*"]),
        ("231002", ["231002"]),
        ("231002,231083", ["231002", "231083"]),
        ("231086", ["231086"]),
        ("231000", ["231000"]),  # the city itself
        ("MDJ-01", ["MDJ-01"]),  # a school code (credits)
    ],
)
def test_jurisdiction_codes(raw: str, parsed: list[str]) -> None:
    assert rules.parse_jurisdiction(raw) == parsed


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "* 231002",
        "23 10 02 ;",
        "a" * 33,
        "2310",  # issue 14 item 8: a prefix, not a division (matched all of the city)
        "23",
        "23100",  # five digits
        "2310020",  # seven digits
        "231001",  # six digits, not a division of the city
        "231099",
        "230100",  # 哈尔滨市: a real code, outside 牡丹江市
        "110101",  # outside the province
        "２３１００２",  # full-width digits
        "1234",  # digits only: read as a division, not a school code
    ],
)
def test_bad_jurisdictions(raw: str) -> None:
    with pytest.raises(rules.RuleViolation):
        rules.parse_jurisdiction(raw)


def test_division_list_is_the_suites() -> None:
    """The gateway's list equals lawyer-query's reference data (one list in the suite)."""
    import json
    from pathlib import Path

    from gateway.clients.divisions import CITY_CODE, COUNTY_DIVISIONS

    root = Path(__file__).resolve().parents[3]
    refdata = root / "services/lawyer-query/src/lawyer_query/refdata/divisions.json"
    divisions = json.loads(refdata.read_text(encoding="utf-8"))
    assert divisions["city_divisions"] == COUNTY_DIVISIONS
    assert CITY_CODE.startswith(divisions["city_prefix"])


def test_requested_scope_must_be_a_subset_rfc6749_3_3() -> None:
    allowed = ["outfall:read", "outfall:write"]
    assert rules.granted_scopes(allowed, None) == allowed
    assert rules.granted_scopes(allowed, "  ") == allowed
    assert rules.granted_scopes(allowed, "outfall:read") == ["outfall:read"]
    with pytest.raises(rules.RuleViolation):
        rules.granted_scopes(allowed, "outfall:read admin")


@pytest.mark.parametrize("client_id", ["dongan-outfall", "a.b_c", "x" * 64])
def test_valid_client_ids(client_id: str) -> None:
    assert rules.check_client_id(client_id) == client_id


@pytest.mark.parametrize("client_id", ["ab", "-lead", "has space", "x" * 65, "中文"])
def test_invalid_client_ids(client_id: str) -> None:
    with pytest.raises(rules.RuleViolation):
        rules.check_client_id(client_id)


def test_client_state_machine() -> None:
    assert rules.allowed_actions(True) == ["disable", "rotate-secret"]
    assert rules.allowed_actions(False) == ["enable", "rotate-secret"]
