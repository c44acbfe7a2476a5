"""Project phases as a state machine (§四), with the checks each phase action makes."""

from dataclasses import dataclass
from enum import StrEnum

from renovation.rules.consent import agree_missing, consent_reached
from renovation.rules.contribution import ContributionStatus
from renovation.rules.property import PropertyManagementMode, handover_missing
from renovation.rules.publicity import PublicitySummary, publicity_missing


class Phase(StrEnum):
    PREPARATION = "preparation"
    DESIGN = "design"
    CONSTRUCTION = "construction"
    COMPLETED = "completed"
    ACCEPTED = "accepted"
    HANDED_OVER = "handed_over"


class Action(StrEnum):
    DESIGN = "design"
    START = "start"
    COMPLETE = "complete"
    ACCEPT = "accept"
    HANDOVER = "handover"


TRANSITIONS: dict[Phase, dict[Action, Phase]] = {
    Phase.PREPARATION: {Action.DESIGN: Phase.DESIGN},
    Phase.DESIGN: {Action.START: Phase.CONSTRUCTION},
    Phase.CONSTRUCTION: {Action.COMPLETE: Phase.COMPLETED},
    Phase.COMPLETED: {Action.ACCEPT: Phase.ACCEPTED},
    Phase.ACCEPTED: {Action.HANDOVER: Phase.HANDED_OVER},
    Phase.HANDED_OVER: {},
}

# Phases in which a post-renovation satisfaction survey may be recorded (§四(一)4).
SURVEY_PHASES = frozenset({Phase.COMPLETED, Phase.ACCEPTED, Phase.HANDED_OVER})
# Phases after acceptance, when the construction archive goes to the city archive (§四(三)2).
ARCHIVE_PHASES = frozenset({Phase.ACCEPTED, Phase.HANDED_OVER})


def allowed_actions(phase: Phase) -> list[str]:
    return [action.value for action in TRANSITIONS[phase]]


def next_phase(phase: Phase, action: Action) -> Phase | None:
    return TRANSITIONS[phase].get(action)


@dataclass(frozen=True)
class ProjectFacts:
    """Everything the phase checks look at, gathered by the service."""

    households: int
    consent_agree: int | None  # latest consultation, None when there was none
    contribution: ContributionStatus
    publicity: PublicitySummary
    acceptance_parties: frozenset[str]
    required_acceptance_parties: frozenset[str]
    property_mode: PropertyManagementMode | None
    contract_filing_ref: str | None


def consent_missing(facts: ProjectFacts) -> list[str]:
    """§四(一)4: design only after two-thirds or more of the households agree."""
    if facts.consent_agree is None:
        return ["a resident consultation (§四(一)4)"]
    if consent_reached(agree=facts.consent_agree, households=facts.households):
        return []
    needed = agree_missing(agree=facts.consent_agree, households=facts.households)
    return [f"{needed} more agreeing household(s) to reach two-thirds of {facts.households}"]


def contribution_missing(facts: ProjectFacts) -> list[str]:
    """§四(一)8: resident contributions collected before construction starts."""
    if facts.contribution.fully_collected:
        return []
    return [f"{facts.contribution.gap} yuan of resident contributions still to collect"]


def acceptance_missing(facts: ProjectFacts) -> list[str]:
    """§四(三)1: acceptance with all the listed parties."""
    absent = sorted(facts.required_acceptance_parties - facts.acceptance_parties)
    return [f"acceptance party '{party}'" for party in absent]


def action_missing(action: Action, facts: ProjectFacts) -> list[str]:
    """What stands in the way of `action` (empty when it may go ahead)."""
    if action is Action.DESIGN:
        return consent_missing(facts)
    if action is Action.START:
        return contribution_missing(facts) + publicity_missing(facts.publicity)
    if action is Action.ACCEPT:
        return acceptance_missing(facts)
    if action is Action.HANDOVER:
        return handover_missing(
            mode=facts.property_mode, contract_filing_ref=facts.contract_filing_ref
        )
    return []


# The inputs these actions still need come with the request (acceptance parties, property
# management mode), so the recorded facts alone cannot refuse them in advance.
COMPLETED_BY_REQUEST = frozenset({Action.ACCEPT, Action.HANDOVER})


def needs_facts(phase: Phase) -> bool:
    return any(action not in COMPLETED_BY_REQUEST for action in TRANSITIONS[phase])


def actions_possible(phase: Phase, facts: ProjectFacts) -> list[str]:
    """The phase's actions that would succeed now on the recorded facts (issue 16): design
    only with two-thirds consent, start only with contributions collected and the boards up."""
    return [
        action.value
        for action in TRANSITIONS[phase]
        if action in COMPLETED_BY_REQUEST or not action_missing(action, facts)
    ]
