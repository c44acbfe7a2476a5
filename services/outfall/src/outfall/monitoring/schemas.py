"""Requests and responses of rapid tests, lab tasks and lab results (§五(一)2)."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from outfall.rules.water_quality import FlowMethod
from suitekit.inputs import IsoAwareDateTime, JsonBool
from suitekit.money import DecimalStr

MAX_BATCH = 10_000  # field devices upload a day's tests at once (issue 4)

Measured = Annotated[Decimal | None, Field(default=None, max_digits=14, decimal_places=4)]


class Measurements(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ph: Measured = None
    cod_mg_l: Measured = None
    nh3n_mg_l: Measured = None
    tp_mg_l: Measured = None
    sampled_at: IsoAwareDateTime
    sampler: str | None = Field(default=None, max_length=100)

    def values(self) -> dict[str, Decimal | None]:
        return {
            "ph": self.ph,
            "cod_mg_l": self.cod_mg_l,
            "nh3n_mg_l": self.nh3n_mg_l,
            "tp_mg_l": self.tp_mg_l,
        }


class RapidTestIn(Measurements):
    flow_m3_d: Measured = None
    flow_method: FlowMethod | None = None
    abnormal_color: JsonBool = False
    abnormal_odor: JsonBool = False


class BatchRow(RapidTestIn):
    outfall_id: str = Field(min_length=1, max_length=32)


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[BatchRow] = Field(min_length=1, max_length=MAX_BATCH)


class LabResultIn(Measurements):
    laboratory: str = Field(min_length=1, max_length=200)
    report_no: str | None = Field(default=None, max_length=100)
    abnormal_color: JsonBool = False
    abnormal_odor: JsonBool = False


class ExceedancePublic(BaseModel):
    parameter: str
    value: DecimalStr
    limit: DecimalStr
    bound: str


class TestResult(BaseModel):
    id: str
    outfall_id: str
    kind: str
    abnormal: bool
    exceedances: list[ExceedancePublic]
    observations: list[str]
    lab_task_id: str | None
    enforcement_flag: bool


class BatchRowResult(BaseModel):
    id: str
    outfall_id: str
    abnormal: bool
    lab_task_id: str | None


class BatchResult(BaseModel):
    batch_id: str
    accepted: int
    abnormal: int
    lab_tasks_created: int
    outfalls_flagged: int
    first_test_id: str
    last_test_id: str
    abnormal_items: list[BatchRowResult] = Field(
        description="only the abnormal rows, each with its lab-sampling task"
    )


class LabTaskPublic(BaseModel):
    id: str
    outfall_id: str
    rapid_test_id: str
    status: str
    reason: str
    method_standard: str = "HJ 91.1-2019"
    created_at: datetime
    completed_at: datetime | None
    result_test_id: str | None


class LabTasksPublic(BaseModel):
    items: list[LabTaskPublic]
    next_cursor: str | None = None


class WaterTestPublic(BaseModel):
    id: str
    kind: str
    sampled_at: datetime
    sampler: str | None
    ph: DecimalStr | None
    cod_mg_l: DecimalStr | None
    nh3n_mg_l: DecimalStr | None
    tp_mg_l: DecimalStr | None
    flow_m3_d: DecimalStr | None
    flow_method: str | None
    abnormal: bool
    exceedances: list[ExceedancePublic]
    lab_task_id: str | None


class WaterTestsPublic(BaseModel):
    items: list[WaterTestPublic]
    next_cursor: str | None = None
