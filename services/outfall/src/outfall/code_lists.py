"""Every code list a client sends or reads, in one place (issue 16: each is an enum with a
reference endpoint). Categories and jurisdictions have their own endpoints (with names)."""

from __future__ import annotations

from pydantic import BaseModel

from outfall.exports.forms import FORMS
from outfall.reference import load
from outfall.reports.service import OVERDUE_KINDS
from outfall.rules import milestones
from outfall.rules.lifecycle import Action, Status
from outfall.rules.remediation import ProtectedArea, RemediationType
from outfall.rules.river_chief import RiverChiefLevel
from outfall.rules.survey import SurveyMethod, SurveyOutcome
from outfall.rules.tracing import PartyBasis, PartyType
from outfall.rules.water_quality import FlowMethod


class SurveyLevelPublic(BaseModel):
    level: int
    label_zh: str
    methods: list[SurveyMethod]
    registers_as: Status


class ReferencePublic(BaseModel):
    statuses: list[Status]
    actions: list[Action]
    survey_levels: list[SurveyLevelPublic]
    survey_methods: list[SurveyMethod]
    survey_outcomes: list[SurveyOutcome]
    party_bases: list[PartyBasis]
    party_types: list[PartyType]
    remediation_types: list[RemediationType]
    protected_areas: list[ProtectedArea]
    flow_methods: list[FlowMethod]
    river_chief_levels: list[RiverChiefLevel]
    overdue_kinds: list[str]
    export_forms: list[str]
    campaigns: list[str]
    categories: str = "/v1/categories"
    jurisdictions: str = "/v1/jurisdictions"


def reference() -> ReferencePublic:
    return ReferencePublic(
        statuses=list(Status),
        actions=list(Action),
        survey_levels=[SurveyLevelPublic(**level) for level in load("surveys")["levels"]],
        survey_methods=list(SurveyMethod),
        survey_outcomes=list(SurveyOutcome),
        party_bases=list(PartyBasis),
        party_types=list(PartyType),
        remediation_types=list(RemediationType),
        protected_areas=list(ProtectedArea),
        flow_methods=list(FlowMethod),
        river_chief_levels=list(RiverChiefLevel),
        overdue_kinds=list(OVERDUE_KINDS),
        export_forms=list(FORMS),
        campaigns=milestones.campaigns(),
    )
