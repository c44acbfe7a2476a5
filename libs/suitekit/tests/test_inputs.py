"""The contract input types: what the OpenAPI schema allows passes, lax coercions are refused."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from pydantic import AwareDatetime, BaseModel, TypeAdapter, ValidationError

from suitekit.input_audit import lax_route_inputs
from suitekit.inputs import (
    IsoAwareDateTime,
    IsoDate,
    IsoDateTime,
    JsonBool,
    JsonInt,
    JsonNumber,
    QueryBool,
)


def _accepts(kind: Any, value: Any) -> Any:
    return TypeAdapter(kind).validate_python(value)


def _refuses(kind: Any, value: Any) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(kind).validate_python(value)


@pytest.mark.parametrize("value", ["2022-03-01", date(2022, 3, 1)])
def test_iso_date_accepts_iso_strings_and_dates(value: Any) -> None:
    assert _accepts(IsoDate, value) == date(2022, 3, 1)


@pytest.mark.parametrize(
    "value", [0, 0.5, "0", "1700000000", "2022-3-1", "2022-02-30", True, "20220301", None]
)
def test_iso_date_refuses_timestamps_and_malformed_strings(value: Any) -> None:
    _refuses(IsoDate, value)


@pytest.mark.parametrize("value", ["2022-03-01T08:00:00Z", "2022-03-01T16:00:00+08:00"])
def test_iso_datetime_accepts_rfc3339(value: Any) -> None:
    assert _accepts(IsoDateTime, value) == datetime(2022, 3, 1, 8, tzinfo=UTC)


@pytest.mark.parametrize("value", [0, 0.5, "0", "0.5", "2022-03-01", True])
def test_iso_datetime_refuses_numbers_and_bare_dates(value: Any) -> None:
    _refuses(IsoDateTime, value)


def test_iso_aware_datetime_needs_a_time_zone_and_an_iso_string() -> None:
    assert _accepts(IsoAwareDateTime, "2022-03-01T16:00:00+08:00") == datetime(
        2022, 3, 1, 8, tzinfo=UTC
    )
    for value in ("2022-03-01T16:00:00", 0, "0", 1.5):
        _refuses(IsoAwareDateTime, value)


def test_query_bool_takes_only_true_and_false() -> None:
    assert _accepts(QueryBool, "true") is True
    assert _accepts(QueryBool, "false") is False
    for value in ("0", "1", "yes", "on", "True", 1):
        _refuses(QueryBool, value)


def test_json_scalars_refuse_other_json_types() -> None:
    assert _accepts(JsonBool, True) is True
    assert _accepts(JsonInt, 3) == 3
    assert _accepts(JsonNumber, 3) == 3.0
    assert _accepts(JsonNumber, 44.6) == 44.6
    for kind, value in [
        (JsonBool, 0),
        (JsonBool, "true"),
        (JsonInt, True),
        (JsonInt, "5"),
        (JsonNumber, False),
        (JsonNumber, "1.5"),
    ]:
        _refuses(kind, value)


@pytest.mark.parametrize(
    "value",
    [float("nan"), float("inf"), float("-inf"), 10**400, -(10**400)],
    ids=["nan", "inf", "-inf", "400-digits", "-400-digits"],
)
def test_json_number_refuses_non_finite_and_overflowing_numbers(value: Any) -> None:
    """python's json.loads reads NaN, Infinity and 1e400; a 400-digit integer used to raise
    OverflowError (an uncaught 500) instead of a validation error."""
    with pytest.raises(ValidationError) as refused:
        TypeAdapter(JsonNumber).validate_python(value)
    assert refused.value.errors()[0]["type"] == "finite_number"


def test_contract_types_keep_the_published_schema() -> None:
    assert TypeAdapter(IsoDate).json_schema() == {"type": "string", "format": "date"}
    assert TypeAdapter(IsoDateTime).json_schema() == {"type": "string", "format": "date-time"}
    assert TypeAdapter(JsonNumber).json_schema() == {"type": "number"}
    assert TypeAdapter(JsonInt).json_schema() == {"type": "integer"}


class _Lax(BaseModel):
    due: date
    count: int
    taken_at: AwareDatetime


class _Strict(BaseModel):
    due: IsoDate
    count: JsonInt
    taken_at: IsoAwareDateTime
    ratio: JsonNumber | None = None


def test_lax_route_inputs_names_every_coercing_field_and_query_parameter() -> None:
    app = FastAPI()

    @app.post("/lax")
    def lax(body: _Lax, flag: bool = False, day: date | None = None, page: int = 1) -> None: ...

    @app.post("/strict")
    def strict(body: _Strict, flag: QueryBool = False, day: IsoDate | None = None) -> None: ...

    found = lax_route_inputs(app)
    assert any(item.endswith("_Lax.due: date") for item in found)
    assert any(item.endswith("_Lax.count: int") for item in found)
    assert any(item.endswith("_Lax.taken_at: AwareDatetime") for item in found)
    assert "POST /lax query flag: bool" in found
    assert "POST /lax query day: date" in found
    assert not any("page" in item or "/strict" in item or "_Strict" in item for item in found)


def test_refusals_read_as_plain_messages() -> None:
    with pytest.raises(ValidationError) as refused:
        TypeAdapter(IsoDate).validate_python(0)
    (error,) = refused.value.errors()
    assert error["msg"] == "must be a date string in ISO 8601 form, YYYY-MM-DD"
    assert error["type"] == "date_type"
