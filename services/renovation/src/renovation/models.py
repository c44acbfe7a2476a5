"""Registers every table of the service (for Alembic and the app)."""

from renovation.finance.models import ChangeRequest, Contribution, Demolition, FundingEntry
from renovation.programme.models import Programme
from renovation.projects.models import Consultation, Project, SatisfactionSurvey
from renovation.publicity.models import Board
from renovation.tasks.models import Task, TaskProgress
from renovation.tenders.models import TenderSection, TenderSectionPart

__all__ = [
    "Board",
    "ChangeRequest",
    "Consultation",
    "Contribution",
    "Demolition",
    "FundingEntry",
    "Programme",
    "Project",
    "SatisfactionSurvey",
    "Task",
    "TaskProgress",
    "TenderSection",
    "TenderSectionPart",
]
