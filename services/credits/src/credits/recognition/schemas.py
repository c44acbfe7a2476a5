"""Recognition steps, publications and appeals."""

from dataclasses import dataclass
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from credits.common import Credits
from credits.rules.appeals import AppealOutcome, AppealState
from credits.rules.module_credit import Remedy
from credits.rules.recognition import Opinion
from suitekit.inputs import IsoDate, JsonBool


class StepCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reviewer: str = Field(min_length=1, max_length=64, description="the person taking the step")
    opinion: Opinion
    note: str | None = Field(default=None, max_length=2000, description="reason when refusing")


class CommitteeDecision(StepCreate):
    signed_by: str = Field(min_length=1, max_length=64, description="the committee's head")


class StepPublic(BaseModel):
    step: str
    opinion: str | None
    reviewer: str
    note: str | None
    actor: str
    at: datetime


class RecognitionPublic(BaseModel):
    id: str
    enrollment_id: str
    school_id: str
    student_id: str
    state: str
    granted: bool | None
    credits: Credits
    reason: str | None
    signed_by: str | None
    publication_id: str | None
    published_on: date | None
    appeal_deadline: date | None
    allowed_steps: list[str]
    allowed_actions: list[str] = Field(
        default=[], description="the next step, or `appeal` while the appeal window is open"
    )
    version: int
    steps: list[StepPublic] = []


class RecognitionsPublic(BaseModel):
    items: list[RecognitionPublic]
    next_cursor: str | None = None


class PublicationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    published_on: IsoDate | None = Field(default=None, description="defaults to today")


class PublishedLine(BaseModel):
    recognition_id: str
    student_id: str
    student_name: str
    module_name: str
    credits: Credits
    via_appeal: bool = False


class RefusalNotice(BaseModel):
    """附件4 二(三)4: written notice to a refused student, with the reason."""

    recognition_id: str
    student_id: str
    student_name: str
    module_name: str
    reason: str
    remedies: list[str]
    via_appeal: bool = False


class PublicationSummary(BaseModel):
    id: str
    school_id: str
    published_on: date
    appeal_deadline: date = Field(description="last day an appeal is received (附件4 二(三)5)")
    granted_count: int
    refused_count: int


class PublicationPublic(PublicationSummary):
    granted: list[PublishedLine]
    notices: list[RefusalNotice]


class PublicationsPublic(BaseModel):
    items: list[PublicationSummary]
    next_cursor: str | None = None


class AppealCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    appellant_student_id: str
    reason: str = Field(min_length=1, max_length=2000)
    received_on: IsoDate | None = Field(default=None, description="defaults to today")


class AppealDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: AppealOutcome
    decision: str = Field(min_length=1, max_length=2000, description="the written resolution")
    guidance: list[Remedy] = Field(default_factory=list)
    explained_in_person: JsonBool = False
    decided_on: IsoDate | None = Field(default=None, description="defaults to today")


class AppealPublic(BaseModel):
    id: str
    recognition_id: str
    school_id: str
    appellant_student_id: str
    received_on: date
    decision_deadline: date
    reason: str
    state: str
    outcome: str | None
    decided_on: date | None
    decided_late: bool
    decision: str | None
    guidance: list[str]
    explained_in_person: bool
    created_at: datetime
    allowed_actions: list[str] = []


@dataclass(frozen=True)
class AppealFilters:
    school_id: str | None = None
    state: AppealState | None = None
    recognition_id: str | None = None
    decision_due_by: date | None = None


class AppealsPublic(BaseModel):
    items: list[AppealPublic]
    next_cursor: str | None = None
