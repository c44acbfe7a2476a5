"""Request and response models of proficiency-testing rounds."""

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from labs.common import DecimalStr, OptionalDecimalStr
from labs.rules.proficiency import AssignedValueSource
from suitekit.inputs import IsoDate, JsonInt

Measured = Field(max_digits=24, decimal_places=10)


class AnalyteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=128)
    unit: str = Field(min_length=1, max_length=32)
    assigned_value: Decimal | None = Field(default=None, max_digits=24, decimal_places=10)
    sigma_pt: Decimal | None = Field(default=None, gt=0, max_digits=24, decimal_places=10)


class RoundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: JsonInt = Field(ge=2000, le=2100)
    name: str = Field(min_length=1, max_length=200)
    food_category: str = Field(min_length=1, max_length=64)
    source: AssignedValueSource = Field(
        description="scheme: X and sigma_pt given; algorithm_a: from the participants"
    )
    analytes: list[AnalyteIn] = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def values_match_source(self) -> "RoundCreate":
        names = [a.name for a in self.analytes]
        if len(set(names)) != len(names):
            raise ValueError("analyte names must be unique")
        given = [a.assigned_value is not None and a.sigma_pt is not None for a in self.analytes]
        if self.source is AssignedValueSource.SCHEME and not all(given):
            raise ValueError("a scheme round gives assigned_value and sigma_pt for every analyte")
        partly = [a.assigned_value is not None or a.sigma_pt is not None for a in self.analytes]
        if self.source is AssignedValueSource.ALGORITHM_A and any(partly):
            raise ValueError("an algorithm_a round computes assigned_value and sigma_pt itself")
        return self


class ResultIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    analyte: str = Field(min_length=1, max_length=128)
    value: Decimal = Measured


class ResultsCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lab_id: str = Field(min_length=1, max_length=32)
    results: list[ResultIn] = Field(min_length=1, max_length=50)


class EvaluateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: IsoDate


class ResultPublic(BaseModel):
    lab_id: str
    value: DecimalStr
    z: OptionalDecimalStr
    band: str | None
    score: OptionalDecimalStr


class AnalytePublic(BaseModel):
    name: str
    unit: str
    assigned_value: OptionalDecimalStr
    sigma_pt: OptionalDecimalStr
    iterations: int | None
    results: list[ResultPublic]


class RoundPublic(BaseModel):
    id: str
    year: int
    name: str
    food_category: str
    source: str
    state: str
    evaluated_on: date | None
    analytes: list[AnalytePublic]


class RoundsPublic(BaseModel):
    items: list[RoundPublic]
    next_cursor: str | None = None
