"""Phase actions (design, start, complete, accept, handover) and the archive submission."""

from sqlmodel import Session

from renovation import refdata
from renovation.common import local_today
from renovation.finance import service as finance_service
from renovation.projects.access import load_project
from renovation.projects.models import Project
from renovation.projects.schemas import ActionRequest, ArchiveRequest
from renovation.projects.service import consultations_of
from renovation.publicity import service as publicity_service
from renovation.rules.consent import agree_missing
from renovation.rules.lifecycle import (
    ARCHIVE_PHASES,
    Action,
    Phase,
    ProjectFacts,
    action_missing,
    actions_possible,
    allowed_actions,
    needs_facts,
    next_phase,
)
from renovation.rules.phases import archive_deadline
from renovation.rules.property import PropertyManagementMode
from suitekit import audit
from suitekit.errors import Conflict, InvalidInput, invalid_transition
from suitekit.identity import Caller


def gather_facts(session: Session, project: Project, request: ActionRequest) -> ProjectFacts:
    consultations = consultations_of(session, project)
    contributions = finance_service.contributions_of(session, project.id)
    parties = request.parties if request.parties is not None else project.acceptance_parties
    mode = request.property_mode or project.property_mode
    return ProjectFacts(
        households=project.households,
        consent_agree=consultations[-1].agree if consultations else None,
        contribution=finance_service.contribution_status(project, contributions),
        publicity=publicity_service.summarise(publicity_service.boards_of(session, project.id)),
        acceptance_parties=frozenset(parties),
        required_acceptance_parties=refdata.acceptance_parties(),
        property_mode=PropertyManagementMode(mode) if mode else None,
        contract_filing_ref=request.contract_filing_ref or project.contract_filing_ref,
    )


def allowed_now(session: Session, project: Project) -> list[str]:
    """The actions that would succeed now, for `allowed_actions` (the phase's steps whose
    recorded preconditions hold)."""
    phase = Phase(project.phase)
    if not needs_facts(phase):
        return allowed_actions(phase)
    return actions_possible(phase, gather_facts(session, project, ActionRequest()))


def _refusal(project: Project, action: Action, facts: ProjectFacts, missing: list[str]) -> Conflict:
    extra: dict[str, object] = {"action": action.value, "missing": missing}
    if action is Action.DESIGN and facts.consent_agree is not None:
        extra["agree_missing"] = agree_missing(
            agree=facts.consent_agree, households=facts.households
        )
    if action is Action.START:
        extra["contribution_gap_yuan"] = str(facts.contribution.gap)
    return Conflict(
        f"cannot {action.value} project {project.id}: missing " + "; ".join(missing),
        code="preconditions_unmet",
        **extra,
    )


def _validate(action: Action, request: ActionRequest) -> None:
    if action is Action.ACCEPT and request.parties is not None:
        unknown = sorted(set(request.parties) - refdata.acceptance_parties())
        if unknown:
            raise InvalidInput(
                f"unknown acceptance parties {unknown}",
                errors=[{"field": "body.parties", "message": f"unknown: {unknown}"}],
            )


def run_action(
    *, session: Session, project_id: str, action: Action, request: ActionRequest, caller: Caller
) -> Project:
    project = load_project(session, project_id, caller, for_update=True)
    target = next_phase(Phase(project.phase), action)
    if target is None:
        raise invalid_transition(project.phase, action.value, allowed_actions(Phase(project.phase)))
    _validate(action, request)
    facts = gather_facts(session, project, request)
    missing = action_missing(action, facts)
    if missing:
        raise _refusal(project, action, facts, missing)
    _record_outcome(project, action, request, facts)
    previous = project.phase
    project.phase = target.value
    project.touch()
    session.add(project)
    audit.record(
        session,
        caller=caller,
        action=action.value,
        entity_type="project",
        entity_id=project.id,
        division=project.district,
        reason=request.reason,
        data={"from": previous, "to": target.value},
    )
    session.commit()
    session.refresh(project)
    return project


def _record_outcome(
    project: Project, action: Action, request: ActionRequest, facts: ProjectFacts
) -> None:
    if action is Action.ACCEPT:
        project.accepted_on = request.on_date or local_today()
        project.acceptance_parties = sorted(facts.acceptance_parties)
    elif action is Action.HANDOVER:
        assert facts.property_mode is not None
        project.property_mode = facts.property_mode.value
        project.contract_filing_ref = facts.contract_filing_ref


def submit_archive(
    *, session: Session, project_id: str, data: ArchiveRequest, caller: Caller
) -> Project:
    """§四(三)2: the construction archive reaches the city archive within 3 months."""
    project = load_project(session, project_id, caller, for_update=True)
    if Phase(project.phase) not in ARCHIVE_PHASES or project.accepted_on is None:
        raise Conflict("the archive follows the acceptance of the works", code="not_accepted")
    if project.archived_on is not None:
        raise Conflict("the archive was already submitted", code="already_archived")
    if data.archived_on < project.accepted_on:
        raise InvalidInput(
            "the archive cannot precede the acceptance",
            errors=[{"field": "body.archived_on", "message": "before accepted_on"}],
        )
    project.archived_on = data.archived_on
    project.touch()
    session.add(project)
    late = data.archived_on > archive_deadline(project.accepted_on)
    audit.record(
        session,
        caller=caller,
        action="archive",
        entity_type="project",
        entity_id=project.id,
        division=project.district,
        data={"archived_on": data.archived_on.isoformat(), "late": late},
    )
    session.commit()
    session.refresh(project)
    return project
