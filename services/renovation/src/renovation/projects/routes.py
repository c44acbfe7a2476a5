"""Projects: register, read, edit, consult, survey, phase actions, archive."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from renovation.auth import READ, WRITE
from renovation.projects import actions, service
from renovation.projects.access import load_project
from renovation.projects.schemas import (
    ActionRequest,
    ArchiveRequest,
    ConsentResult,
    ConsultationCreate,
    ConsultationPublic,
    ProjectCreate,
    ProjectPublic,
    ProjectsPublic,
    ProjectUpdate,
    SurveyCreate,
    SurveyPublic,
    SurveysPublic,
)
from renovation.rules import consent
from renovation.rules.lifecycle import Action, Phase
from renovation.rules.satisfaction import satisfaction_meets_target
from suitekit.db import SessionDep
from suitekit.etag import set_etag
from suitekit.identity import Caller
from suitekit.pagination import CursorQuery, LimitQuery

router = APIRouter(prefix="/v1/projects", tags=["projects"])


def _public(session: SessionDep, project: service.Project) -> ProjectPublic:
    surveys = service.latest_surveys(session, [project.id])
    allowed = actions.allowed_now(session, project)
    return service.to_public(project, surveys.get(project.id), allowed)


@router.post("", status_code=201, response_model=ProjectPublic)
def create_project(
    data: ProjectCreate, session: SessionDep, response: Response, caller: Caller = WRITE
) -> ProjectPublic:
    project = service.create_project(session=session, data=data, caller=caller)
    response.headers["Location"] = f"/v1/projects/{project.id}"
    set_etag(response, project.version)
    return _public(session, project)


@router.get("", response_model=ProjectsPublic)
def list_projects(
    session: SessionDep,
    caller: Caller = READ,
    district: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    year: int | None = None,
    phase: Phase | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> ProjectsPublic:
    rows, next_cursor = service.list_projects(
        session=session,
        caller=caller,
        district=district,
        year=year,
        phase=phase,
        limit=limit,
        cursor=cursor,
    )
    surveys = service.latest_surveys(session, [p.id for p in rows])
    return ProjectsPublic(
        items=[
            service.to_public(p, surveys.get(p.id), actions.allowed_now(session, p)) for p in rows
        ],
        next_cursor=next_cursor,
    )


@router.get("/{project_id}", response_model=ProjectPublic)
def get_project(
    project_id: str, session: SessionDep, response: Response, caller: Caller = READ
) -> ProjectPublic:
    project = load_project(session, project_id, caller)
    set_etag(response, project.version)
    return _public(session, project)


@router.patch("/{project_id}", response_model=ProjectPublic)
def update_project(
    project_id: str,
    data: ProjectUpdate,
    session: SessionDep,
    request: Request,
    response: Response,
    caller: Caller = WRITE,
) -> ProjectPublic:
    project = service.update_project(
        session=session, project_id=project_id, data=data, caller=caller, request=request
    )
    set_etag(response, project.version)
    return _public(session, project)


@router.post("/{project_id}/consultations", status_code=201, response_model=ConsultationPublic)
def record_consultation(
    project_id: str, data: ConsultationCreate, session: SessionDep, caller: Caller = WRITE
) -> ConsultationPublic:
    row = service.record_consultation(
        session=session, project_id=project_id, data=data, caller=caller
    )
    return ConsultationPublic.model_validate(row, from_attributes=True)


@router.get("/{project_id}/consultations", response_model=ConsentResult)
def consent_result(project_id: str, session: SessionDep, caller: Caller = READ) -> ConsentResult:
    project = load_project(session, project_id, caller)
    rows = service.consultations_of(session, project)
    latest = rows[-1] if rows else None
    agree = latest.agree if latest else 0
    return ConsentResult(
        households=project.households,
        agree_needed=consent.agree_needed(project.households),
        latest=ConsultationPublic.model_validate(latest, from_attributes=True) if latest else None,
        reached=consent.consent_reached(agree=agree, households=project.households),
        agree_missing=consent.agree_missing(agree=agree, households=project.households),
        consultations=[ConsultationPublic.model_validate(r, from_attributes=True) for r in rows],
    )


@router.post("/{project_id}/satisfaction", status_code=201, response_model=SurveyPublic)
def record_survey(
    project_id: str, data: SurveyCreate, session: SessionDep, caller: Caller = WRITE
) -> SurveyPublic:
    row = service.record_survey(session=session, project_id=project_id, data=data, caller=caller)
    return _survey_public(row)


@router.get("/{project_id}/satisfaction", response_model=SurveysPublic)
def list_surveys(
    project_id: str,
    session: SessionDep,
    caller: Caller = READ,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> SurveysPublic:
    project = load_project(session, project_id, caller)
    rows, next_cursor = service.surveys_of(session, project, limit=limit, cursor=cursor)
    return SurveysPublic(items=[_survey_public(r) for r in rows], next_cursor=next_cursor)


def _survey_public(row: service.SatisfactionSurvey) -> SurveyPublic:
    return SurveyPublic(
        **row.model_dump(),
        satisfaction_percent=service.percent(row),
        meets_target=satisfaction_meets_target(surveyed=row.surveyed, satisfied=row.satisfied),
    )


@router.post("/{project_id}/actions/{action}", response_model=ProjectPublic)
def run_action(
    project_id: str,
    action: Action,
    session: SessionDep,
    response: Response,
    caller: Caller = WRITE,
    data: ActionRequest | None = None,
) -> ProjectPublic:
    project = actions.run_action(
        session=session,
        project_id=project_id,
        action=action,
        request=data or ActionRequest(),
        caller=caller,
    )
    set_etag(response, project.version)
    return _public(session, project)


@router.post("/{project_id}/archive", response_model=ProjectPublic)
def submit_archive(
    project_id: str, data: ArchiveRequest, session: SessionDep, caller: Caller = WRITE
) -> ProjectPublic:
    project = actions.submit_archive(
        session=session, project_id=project_id, data=data, caller=caller
    )
    return _public(session, project)
