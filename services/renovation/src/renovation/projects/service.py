"""Use cases of projects: register, read, edit, consult residents, survey satisfaction."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from fastapi import Request
from sqlmodel import Session, col, select

from renovation import refdata
from renovation.common import local_today, raise_if_errors
from renovation.programme.models import Programme
from renovation.projects.access import load_project
from renovation.projects.models import Consultation, Project, SatisfactionSurvey
from renovation.projects.schemas import (
    ConsultationCreate,
    ProjectCreate,
    ProjectFlags,
    ProjectPublic,
    ProjectUpdate,
    SurveyCreate,
)
from renovation.rules import consent, satisfaction
from renovation.rules.funding import plan_errors
from renovation.rules.lifecycle import SURVEY_PHASES, Phase, allowed_actions
from renovation.rules.phases import archive_deadline, archive_late
from renovation.rules.workdays import (
    CalendarUnavailable,
    approval_deadline,
    approval_overdue,
)
from suitekit import audit
from suitekit.errors import Conflict, InvalidInput, invalid_transition
from suitekit.etag import require_if_match
from suitekit.identity import Caller
from suitekit.pagination import paginate
from suitekit.timeutil import new_id, utcnow


def _content_errors(data: dict[str, Any]) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    unknown_items = set(data.get("checklist") or []) - set(refdata.checklist_items())
    if unknown_items:
        errors.append(("checklist", f"unknown annex-2 items: {sorted(unknown_items)}"))
    unknown_flags = set(data.get("demonstration") or []) - set(refdata.demonstration_flags())
    if unknown_flags:
        errors.append(("demonstration", f"unknown demonstration flags: {sorted(unknown_flags)}"))
    total = data["courtyard_investment_yuan"] + data["building_investment_yuan"]
    errors += plan_errors(
        total=total,
        utility_facilities=data["utility_facility_investment_yuan"],
        weak_current_lines=data["weak_current_investment_yuan"],
    )
    submitted, completed = data.get("approval_submitted_on"), data.get("approval_completed_on")
    if completed and (not submitted or completed < submitted):
        errors.append(("approval_completed_on", "must follow approval_submitted_on"))
    return errors


def _ensure_demonstration_free(session: Session, project: Project) -> None:
    """§三(三): one project per district for each demonstration flag."""
    others = session.exec(
        select(Project).where(
            Project.district == project.district,
            Project.programme_year == project.programme_year,
            Project.id != project.id,
        )
    ).all()
    taken = {flag for other in others for flag in other.demonstration}
    clash = sorted(set(project.demonstration) & taken)
    if clash:
        raise Conflict(
            f"district {project.district} already has a project with {', '.join(clash)} "
            "(one per district, §三(三))",
            code="demonstration_taken",
            flags=clash,
        )


def create_project(*, session: Session, data: ProjectCreate, caller: Caller) -> Project:
    caller.ensure_may_write(data.district)
    values = data.model_dump()
    raise_if_errors(_content_errors(values), "the project has invalid fields")
    if session.get(Programme, data.programme_year) is None:
        raise InvalidInput(
            f"no programme for {data.programme_year}",
            errors=[{"field": "body.programme_year", "message": "create the programme first"}],
        )
    project = Project(**values, id=new_id("pj"), phase=Phase.PREPARATION.value)
    _ensure_demonstration_free(session, project)
    session.add(project)
    audit.record(
        session,
        caller=caller,
        action="register",
        entity_type="project",
        entity_id=project.id,
        division=project.district,
        data={"district": project.district, "name": project.name},
    )
    session.commit()
    session.refresh(project)
    return project


def update_project(
    *, session: Session, project_id: str, data: ProjectUpdate, caller: Caller, request: Request
) -> Project:
    project = load_project(session, project_id, caller, for_update=True)
    require_if_match(request, project.version)
    changes = data.model_dump(exclude_unset=True)
    merged = project.model_dump() | changes
    raise_if_errors(_content_errors(merged), "the project has invalid fields")
    for field, value in changes.items():
        setattr(project, field, value)
    if "demonstration" in changes:
        _ensure_demonstration_free(session, project)
    project.touch()
    session.add(project)
    audit.record(
        session,
        caller=caller,
        action="update",
        entity_type="project",
        entity_id=project.id,
        division=project.district,
        data={k: str(v) for k, v in changes.items()},
    )
    session.commit()
    session.refresh(project)
    return project


def list_projects(
    *,
    session: Session,
    caller: Caller,
    district: str | None,
    year: int | None,
    phase: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Project], str | None]:
    statement = select(Project)
    if not caller.city_wide:
        statement = statement.where(col(Project.district).in_(caller.jurisdiction))
    if district:
        statement = statement.where(Project.district == district)
    if year:
        statement = statement.where(Project.programme_year == year)
    if phase:
        statement = statement.where(Project.phase == phase)
    rows, next_cursor = paginate(
        session, statement, key=Project.id, key_of=lambda p: p.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor


def latest_surveys(session: Session, project_ids: Iterable[str]) -> dict[str, SatisfactionSurvey]:
    rows = session.exec(
        select(SatisfactionSurvey)
        .where(col(SatisfactionSurvey.project_id).in_(list(project_ids)))
        .order_by(col(SatisfactionSurvey.surveyed_on), col(SatisfactionSurvey.created_at))
    ).all()
    return {row.project_id: row for row in rows}  # later rows overwrite earlier ones


def _approval_flags(project: Project, today: dt.date) -> tuple[dt.date | None, bool | None]:
    """Deadline and lateness of the approval (§五(三)2); None when the statutory calendar has
    no data for the dates involved (never guessed)."""
    submitted = project.approval_submitted_on
    if submitted is None:
        return None, False
    try:
        deadline = approval_deadline(submitted)
        late = approval_overdue(
            submitted_on=submitted, completed_on=project.approval_completed_on, today=today
        )
    except CalendarUnavailable:
        return None, None
    return deadline, late


def project_flags(project: Project, survey: SatisfactionSurvey | None) -> ProjectFlags:
    today = local_today()
    accepted = project.accepted_on
    deadline, late = _approval_flags(project, today)
    return ProjectFlags(
        approval_deadline=deadline,
        approval_overdue=late,
        archive_deadline=archive_deadline(accepted) if accepted else None,
        archive_late=bool(accepted)
        and archive_late(accepted_on=accepted, archived_on=project.archived_on, today=today),
        satisfaction_below_target=None
        if survey is None
        else not satisfaction.satisfaction_meets_target(
            surveyed=survey.surveyed, satisfied=survey.satisfied
        ),
    )


def to_public(
    project: Project, survey: SatisfactionSurvey | None, allowed: list[str] | None = None
) -> ProjectPublic:
    """`allowed`: the actions that would succeed now (projects.actions.allowed_now); without
    it, the phase's steps."""
    return ProjectPublic(
        **project.model_dump(),
        district_name=refdata.district_names()[project.district],
        total_investment_yuan=project.total_investment_yuan,
        allowed_actions=allowed_actions(Phase(project.phase)) if allowed is None else allowed,
        flags=project_flags(project, survey),
    )


def record_consultation(
    *, session: Session, project_id: str, data: ConsultationCreate, caller: Caller
) -> Consultation:
    project = load_project(session, project_id, caller, for_update=True)
    if project.phase != Phase.PREPARATION:
        raise invalid_transition(project.phase, "consult residents", allowed_actions_of(project))
    tally = consent.ConsultationTally(
        households=project.households,
        **data.model_dump(include={"polled", "agree", "disagree", "abstain"}),
    )
    raise_if_errors(consent.tally_errors(tally), "the consultation does not add up")
    reached = consent.consent_reached(agree=data.agree, households=project.households)
    row = Consultation(
        **data.model_dump(),
        id=new_id("cs"),
        project_id=project.id,
        households=project.households,
        reached=reached,
    )
    session.add(row)
    audit.record(
        session,
        caller=caller,
        action="consult",
        entity_type="project",
        entity_id=project.id,
        division=project.district,
        data={"agree": data.agree, "households": project.households, "reached": reached},
    )
    session.commit()
    session.refresh(row)
    return row


def allowed_actions_of(project: Project) -> list[str]:
    return allowed_actions(Phase(project.phase))


def consultations_of(session: Session, project: Project) -> list[Consultation]:
    return list(
        session.exec(
            select(Consultation)
            .where(Consultation.project_id == project.id)
            .order_by(col(Consultation.held_on), col(Consultation.created_at))
        ).all()
    )


def record_survey(
    *, session: Session, project_id: str, data: SurveyCreate, caller: Caller
) -> SatisfactionSurvey:
    project = load_project(session, project_id, caller, for_update=True)
    if Phase(project.phase) not in SURVEY_PHASES:
        raise Conflict(
            "the satisfaction survey follows the completion of the works",
            code="survey_too_early",
            phase=project.phase,
        )
    errors = satisfaction.survey_errors(surveyed=data.surveyed, satisfied=data.satisfied)
    raise_if_errors(errors, "the survey counts are inconsistent")
    row = SatisfactionSurvey(**data.model_dump(), id=new_id("sv"), project_id=project.id)
    session.add(row)
    project.updated_at = utcnow()
    audit.record(
        session,
        caller=caller,
        action="survey",
        entity_type="project",
        entity_id=project.id,
        division=project.district,
        data={"surveyed": data.surveyed, "satisfied": data.satisfied},
    )
    session.commit()
    session.refresh(row)
    return row


def percent(survey: SatisfactionSurvey) -> Decimal:
    return satisfaction.satisfaction_percent(surveyed=survey.surveyed, satisfied=survey.satisfied)


def surveys_of(
    session: Session, project: Project, *, limit: int, cursor: str | None
) -> tuple[list[SatisfactionSurvey], str | None]:
    """A project's satisfaction surveys (§四(一)4), in the order they were recorded."""
    statement = select(SatisfactionSurvey).where(SatisfactionSurvey.project_id == project.id)
    rows, next_cursor = paginate(
        session,
        statement,
        key=SatisfactionSurvey.id,
        key_of=lambda r: r.id,
        limit=limit,
        cursor=cursor,
    )
    return list(rows), next_cursor
