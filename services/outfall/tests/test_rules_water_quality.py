"""§五(一)2: rapid-test limits at, just below and just above each threshold."""

from decimal import Decimal

import pytest

from outfall.rules import RuleViolation
from outfall.rules.water_quality import check_flow, evaluate

D = Decimal


@pytest.mark.parametrize(
    ("value", "abnormal"),
    [
        (D("5.99"), True),
        (D("6"), False),
        (D("6.01"), False),
        (D("8.99"), False),
        (D("9"), False),
        (D("9.01"), True),
    ],
)
def test_ph_outside_6_to_9_is_abnormal_s5_1_2(value: Decimal, abnormal: bool) -> None:
    result = evaluate({"ph": value})
    assert result.abnormal is abnormal
    if abnormal:
        (exc,) = result.exceedances
        assert exc.parameter == "ph"
        assert exc.limit == (D(6) if value < 6 else D(9))


@pytest.mark.parametrize(
    ("parameter", "limit"),
    [("cod_mg_l", D("100")), ("nh3n_mg_l", D("10")), ("tp_mg_l", D("1"))],
)
@pytest.mark.parametrize(
    ("delta", "abnormal"), [(D("-0.01"), False), (D("0"), False), (D("0.01"), True)]
)
def test_concentration_above_limit_is_abnormal_s5_1_2(
    parameter: str, limit: Decimal, delta: Decimal, abnormal: bool
) -> None:
    result = evaluate({parameter: limit + delta})
    assert result.abnormal is abnormal
    assert [e.parameter for e in result.exceedances] == ([parameter] if abnormal else [])
    if abnormal:
        assert result.exceedances[0].limit == limit
        assert result.exceedances[0].value == limit + delta


def test_every_exceedance_is_listed_with_its_limit_s5_1_2() -> None:
    result = evaluate(
        {"ph": D("10"), "cod_mg_l": D("150"), "nh3n_mg_l": D("11"), "tp_mg_l": D("0.5")}
    )
    assert {(e.parameter, e.limit) for e in result.exceedances} == {
        ("ph", D(9)),
        ("cod_mg_l", D(100)),
        ("nh3n_mg_l", D(10)),
    }


@pytest.mark.parametrize(("color", "odor"), [(True, False), (False, True), (True, True)])
def test_abnormal_colour_or_odour_is_abnormal_without_exceedance_s5_1_2(
    color: bool, odor: bool
) -> None:
    result = evaluate({"ph": D("7")}, abnormal_color=color, abnormal_odor=odor)
    assert result.abnormal
    assert result.exceedances == []
    assert ("abnormal_color" in result.observations) is color
    assert ("abnormal_odor" in result.observations) is odor


def test_normal_sample_is_not_abnormal_s5_1_2() -> None:
    result = evaluate({"ph": D("7"), "cod_mg_l": D("20"), "nh3n_mg_l": D("1"), "tp_mg_l": D("0.1")})
    assert not result.abnormal


@pytest.mark.parametrize(
    ("parameter", "value", "impossible"),
    [
        ("ph", D("-0.01"), True),
        ("ph", D("0"), False),
        ("ph", D("14"), False),
        ("ph", D("14.01"), True),
        ("cod_mg_l", D("-0.01"), True),
        ("cod_mg_l", D("0"), False),
        ("nh3n_mg_l", D("-1"), True),
        ("tp_mg_l", D("-0.001"), True),
        ("tp_mg_l", D("NaN"), True),
    ],
)
def test_physically_impossible_values_are_refused_s5_1_2(
    parameter: str, value: Decimal, impossible: bool
) -> None:
    if impossible:
        with pytest.raises(RuleViolation) as caught:
            evaluate({parameter: value})
        assert caught.value.code == "impossible_value"
        assert caught.value.field_name == parameter
    else:
        evaluate({parameter: value})


def test_test_without_any_measurement_is_refused_s5_1_2() -> None:
    with pytest.raises(RuleViolation):
        evaluate({"ph": None, "cod_mg_l": None})


@pytest.mark.parametrize(
    ("flow", "method", "ok"),
    [
        (D("10"), "volumetric", True),
        (D("10"), "float", True),
        (D("0"), "float", True),
        (D("-1"), "float", False),
        (D("10"), None, False),
        (D("10"), "guess", False),
        (None, None, True),
    ],
)
def test_flow_is_estimated_by_volumetric_or_float_method_s5_1_2(
    flow: Decimal | None, method: str | None, ok: bool
) -> None:
    if ok:
        check_flow(flow, method)
    else:
        with pytest.raises(RuleViolation):
            check_flow(flow, method)
