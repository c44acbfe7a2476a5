"""The yuan type: exact decimals in, Decimals inside, two-decimal strings out (issue 16)."""

import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

from suitekit.money import MAX_YUAN, DecimalStr, PositiveYuan, Yuan, YuanOut, fen

YUAN = TypeAdapter(Yuan)
POSITIVE = TypeAdapter(PositiveYuan)


def _refusal(adapter: TypeAdapter[Any], value: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python(value)
    return caught.value.errors()[0]["type"]


@pytest.mark.parametrize(
    ("text", "amount"),
    [("0", "0.00"), ("1", "1.00"), ("1.5", "1.50"), ("0.01", "0.01"), ("999999999999.99", None)],
)
def test_decimal_strings_are_read_exactly(text: str, amount: str | None) -> None:
    assert YUAN.validate_python(text) == Decimal(amount or text)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (1.5, "yuan_type"),  # a float is never money: 0.1 is not exact in binary
        (3, "yuan_type"),  # the wire form is a string
        (True, "yuan_type"),
        ("NaN", "yuan_type"),
        ("Infinity", "yuan_type"),
        ("1e3", "yuan_type"),
        (" 1", "yuan_type"),
        ("01", "yuan_type"),
        ("1.005", "yuan_precision"),
        ("1.500", "yuan_precision"),
        ("-1", "yuan_sign"),
        ("-0.01", "yuan_sign"),
        ("1000000000000", "yuan_too_large"),
        (Decimal("NaN"), "yuan_finite"),
        (Decimal("Infinity"), "yuan_finite"),
    ],
)
def test_anything_but_an_exact_non_negative_amount_is_refused(value: Any, kind: str) -> None:
    assert _refusal(YUAN, value) == kind


def test_the_largest_amount_a_money_column_holds_is_accepted_a_fen_more_is_not() -> None:
    assert YUAN.validate_python(str(MAX_YUAN)) == MAX_YUAN
    assert _refusal(YUAN, str(MAX_YUAN + Decimal("0.01"))) == "yuan_too_large"


def test_positive_yuan_refuses_zero_and_accepts_one_fen() -> None:
    assert _refusal(POSITIVE, "0") == "yuan_sign"
    assert _refusal(POSITIVE, "0.00") == "yuan_sign"
    assert POSITIVE.validate_python("0.01") == Decimal("0.01")


class _Plan(BaseModel):
    total: Yuan
    part: Yuan


def test_amounts_stay_decimals_in_python_and_are_strings_in_json() -> None:
    plan = _Plan(total="3000000", part="500000")
    dumped = plan.model_dump()
    assert dumped["part"] < dumped["total"]  # as strings "500000.00" > "3000000.00"
    assert isinstance(dumped["total"], Decimal)
    assert plan.model_dump(mode="json") == {"total": "3000000.00", "part": "500000.00"}


def test_schema_publishes_a_string_with_the_accepted_pattern() -> None:
    schema = YUAN.json_schema()
    assert schema["type"] == "string"
    assert re.fullmatch(schema["pattern"].strip("^$"), "1000.50")
    assert not re.fullmatch(schema["pattern"].strip("^$"), "-1")


@given(st.decimals(min_value=0, max_value=MAX_YUAN, places=2, allow_nan=False))
def test_every_fen_amount_round_trips_through_its_wire_form(amount: Decimal) -> None:
    wire = TypeAdapter(YuanOut).dump_python(amount, mode="json")
    assert re.fullmatch(YUAN.json_schema()["pattern"], wire)
    assert YUAN.validate_python(wire) == amount


@given(st.from_regex(TypeAdapter(PositiveYuan).json_schema()["pattern"], fullmatch=True))
def test_every_string_the_positive_pattern_allows_is_accepted_and_above_zero(text: str) -> None:
    assert POSITIVE.validate_python(text) > 0


@given(st.decimals(min_value=0, max_value=MAX_YUAN, places=3))
def test_sub_fen_precision_is_refused_never_rounded(amount: Decimal) -> None:
    if amount != fen(amount):
        assert _refusal(YUAN, format(amount, "f")) == "yuan_precision"


def test_computed_amounts_round_half_up_to_the_fen() -> None:
    assert fen(Decimal("0.005")) == Decimal("0.01")
    assert TypeAdapter(YuanOut).dump_python(Decimal("2.675"), mode="json") == "2.68"


def test_decimal_str_is_the_exact_decimal_in_json_and_a_decimal_in_python() -> None:
    adapter = TypeAdapter(DecimalStr)
    assert adapter.dump_python(Decimal("0.60"), mode="json") == "0.60"
    assert adapter.dump_python(Decimal("0.60")) == Decimal("0.60")
