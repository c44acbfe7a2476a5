"""GET /v1/reference: every code list of the API in one place (issue 16). Request fields are
enums in the OpenAPI document too; the annex lists (checklist items, demonstration flags,
acceptance parties) come from refdata/ and are checked against it."""

from typing import get_args

from fastapi import APIRouter
from pydantic import BaseModel

from renovation import refdata
from renovation.auth import READ
from renovation.finance.schemas import DemolitionKindIn, SourceIn
from renovation.projects.schemas import ContentClass, District, PropertyMode
from renovation.rules.change_control import ChangeStatus, ChangeWork
from renovation.rules.funding import FundingKind
from renovation.rules.lifecycle import Action, Phase
from renovation.rules.publicity import BoardKind
from renovation.rules.tasks import ProgressKind, TaskStatus
from suitekit.identity import Caller

router = APIRouter(prefix="/v1", tags=["reference"])


class ReferencePublic(BaseModel):
    districts: dict[str, str]
    phases: list[str]
    actions: list[str]
    content_classes: list[str]
    checklist_items: list[str]
    demonstration_flags: list[str]
    acceptance_parties: list[str]
    property_modes: list[str]
    contribution_kinds: list[str]
    demolition_kinds: list[str]
    funding_sources: list[str]
    funding_kinds: list[str]
    change_works: list[str]
    change_statuses: list[str]
    change_actions: list[str]
    board_kinds: list[str]
    task_statuses: list[str]
    progress_kinds: list[str]


def reference() -> ReferencePublic:
    names = refdata.district_names()
    return ReferencePublic(
        districts={code: names.get(code, code) for code in get_args(District)},
        phases=list(Phase),
        actions=list(Action),
        content_classes=list(get_args(ContentClass)),
        checklist_items=refdata.checklist_items(),
        demonstration_flags=refdata.demonstration_flags(),
        acceptance_parties=sorted(refdata.acceptance_parties()),
        property_modes=list(get_args(PropertyMode)),
        contribution_kinds=["payment", "reduction"],
        demolition_kinds=list(get_args(DemolitionKindIn)),
        funding_sources=list(get_args(SourceIn)),
        funding_kinds=list(FundingKind),
        change_works=list(ChangeWork),
        change_statuses=list(ChangeStatus),
        change_actions=["approve", "reject", "spend"],
        board_kinds=list(BoardKind),
        task_statuses=list(TaskStatus),
        progress_kinds=list(ProgressKind),
    )


@router.get("/reference", response_model=ReferencePublic, summary="every code list of the API")
def get_reference(_caller: Caller = READ) -> ReferencePublic:
    return reference()
