"""HTTP routes of weights, the annual evaluation and the flags report (thin)."""

from fastapi import APIRouter, Request, Response
from sqlmodel import select

from labs.common import ASSESS, READ, OptionalYearQuery, YearPath, YearQuery, today
from labs.evaluation import service
from labs.evaluation.flags import flags_report
from labs.evaluation.schemas import (
    EvaluationPublic,
    FlagsPublic,
    PublishIn,
    WeightsIn,
    WeightsPublic,
)
from labs.registry.models import Lab
from suitekit.db import SessionDep
from suitekit.etag import set_etag
from suitekit.identity import Caller
from suitekit.inputs import IsoDate

router = APIRouter(prefix="/v1", tags=["evaluation"])


@router.get("/weights/{year}", response_model=WeightsPublic)
def get_weights(
    year: YearPath, session: SessionDep, response: Response, _caller: Caller = READ
) -> WeightsPublic:
    view, version = service.weights_view(session, year)
    set_etag(response, version)
    return view


@router.put("/weights/{year}", response_model=WeightsPublic)
def set_weights(
    year: YearPath,
    data: WeightsIn,
    request: Request,
    session: SessionDep,
    response: Response,
    caller: Caller = ASSESS,
) -> WeightsPublic:
    version = service.set_weights(
        session=session, year=year, data=data, caller=caller, request=request
    )
    set_etag(response, version)
    return service.weights_view(session, year)[0]


@router.get("/evaluations", response_model=EvaluationPublic)
def get_evaluation(year: YearQuery, session: SessionDep, caller: Caller = READ) -> EvaluationPublic:
    return service.get_evaluation(session=session, year=year, caller=caller)


@router.post("/evaluations/{year}/publish", response_model=EvaluationPublic)
def publish(
    year: YearPath, data: PublishIn, session: SessionDep, caller: Caller = ASSESS
) -> EvaluationPublic:
    return service.publish(session=session, year=year, data=data, caller=caller)


@router.get("/reports/flags", response_model=FlagsPublic)
def flags(
    session: SessionDep,
    caller: Caller = READ,
    year: OptionalYearQuery = None,
    on: IsoDate | None = None,
) -> FlagsPublic:
    day = on or today()
    visible = {
        lab.id for lab in session.exec(select(Lab)).all() if caller.covers(lab.jurisdiction_code)
    }
    return flags_report(session=session, year=year or day.year, on=day, visible=visible)
