"""Rapid water-quality tests and laboratory results (§五(一)2 监测要求)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cache

from outfall.reference import load
from outfall.rules.errors import RuleViolation

CLAUSE = "§五(一)2"


@dataclass(frozen=True)
class Limit:
    name: str
    lower: Decimal | None
    upper: Decimal | None
    physical_min: Decimal | None
    physical_max: Decimal | None
    unit: str


@dataclass(frozen=True)
class Exceedance:
    parameter: str
    value: Decimal
    limit: Decimal
    bound: str  # "upper" or "lower"

    @property
    def ratio(self) -> Decimal:
        """How far beyond the limit (1.4 = 40 % above an upper limit)."""
        if self.bound == "lower":
            return self.limit / self.value if self.value else Decimal("Infinity")
        return self.value / self.limit


@dataclass(frozen=True)
class Evaluation:
    exceedances: list[Exceedance] = field(default_factory=list)
    observations: list[str] = field(default_factory=list)

    @property
    def abnormal(self) -> bool:
        return bool(self.exceedances or self.observations)


def _dec(raw: str | None) -> Decimal | None:
    return None if raw is None else Decimal(raw)


@cache
def limits() -> dict[str, Limit]:
    return {
        p["name"]: Limit(
            name=p["name"],
            lower=_dec(p["lower_limit"]),
            upper=_dec(p["upper_limit"]),
            physical_min=_dec(p["physical_min"]),
            physical_max=_dec(p["physical_max"]),
            unit=p["unit"],
        )
        for p in load("limits")["parameters"]
    }


class FlowMethod(StrEnum):
    """§五(一)2 流量...采用容积法、浮标法等方式进行估算 (refdata/limits.json)."""

    VOLUMETRIC = "volumetric"  # 容积法
    FLOAT = "float"  # 浮标法
    OTHER = "other"  # 其他


def flow_methods() -> list[str]:
    return list(load("limits")["flow_methods"]["methods"])


def check_physical(values: dict[str, Decimal | None]) -> None:
    """Refuse values no water sample can have (pH outside 0-14, negative amounts)."""
    for name, value in values.items():
        if value is None:
            continue
        if not value.is_finite():
            raise RuleViolation("impossible_value", f"{name} must be a finite number", name, CLAUSE)
        limit = limits()[name]
        if limit.physical_min is not None and value < limit.physical_min:
            raise RuleViolation(
                "impossible_value",
                f"{name} {value} is below the physical minimum {limit.physical_min}",
                name,
                CLAUSE,
            )
        if limit.physical_max is not None and value > limit.physical_max:
            raise RuleViolation(
                "impossible_value",
                f"{name} {value} is above the physical maximum {limit.physical_max}",
                name,
                CLAUSE,
            )


def check_flow(flow_m3_d: Decimal | None, flow_method: str | None) -> None:
    if flow_m3_d is not None and (not flow_m3_d.is_finite() or flow_m3_d < 0):
        raise RuleViolation("impossible_value", "flow_m3_d cannot be negative", "flow_m3_d", CLAUSE)
    if flow_m3_d is not None and flow_method is None:
        raise RuleViolation(
            "flow_method_required", "an estimated flow needs its method", "flow_method", CLAUSE
        )
    if flow_method is not None and flow_method not in flow_methods():
        raise RuleViolation(
            "invalid_flow_method",
            f"flow_method must be one of {', '.join(flow_methods())}",
            "flow_method",
            CLAUSE,
        )


def exceedances(values: dict[str, Decimal | None]) -> list[Exceedance]:
    """Every parameter beyond its limit; the bounds themselves are normal."""
    found: list[Exceedance] = []
    for name, value in values.items():
        if value is None:
            continue
        limit = limits()[name]
        if limit.lower is not None and value < limit.lower:
            found.append(Exceedance(name, value, limit.lower, "lower"))
        elif limit.upper is not None and value > limit.upper:
            found.append(Exceedance(name, value, limit.upper, "upper"))
    return found


def evaluate(
    values: dict[str, Decimal | None], *, abnormal_color: bool = False, abnormal_odor: bool = False
) -> Evaluation:
    """Check then evaluate one sample; an abnormal one calls for lab sampling (HJ 91.1-2019)."""
    unknown = set(values) - set(limits())
    if unknown:
        raise RuleViolation("unknown_parameter", f"unknown parameter(s): {sorted(unknown)}")
    check_physical(values)
    if all(v is None for v in values.values()) and not (abnormal_color or abnormal_odor):
        raise RuleViolation(
            "empty_test", "a test needs at least one measured parameter", None, CLAUSE
        )
    observations = [
        flag
        for flag, seen in (("abnormal_color", abnormal_color), ("abnormal_odor", abnormal_odor))
        if seen
    ]
    return Evaluation(exceedances=exceedances(values), observations=observations)
