"""Every table of the service, imported in one place for Alembic."""

from labs.assessment.models import DailyScore, Inspection, InspectionFinding, Retest
from labs.evaluation.models import Evaluation, EvaluationRow, YearWeightsRecord
from labs.proficiency.models import PtAnalyte, PtResult, PtRound
from labs.registry.models import Lab, LabNotice, LabScopeItem
from labs.sanctions.models import Violation
from labs.tasks.models import Task, TaskAssignment

__all__ = [
    "DailyScore",
    "Evaluation",
    "EvaluationRow",
    "Inspection",
    "InspectionFinding",
    "Lab",
    "LabNotice",
    "LabScopeItem",
    "PtAnalyte",
    "PtResult",
    "PtRound",
    "Retest",
    "Task",
    "TaskAssignment",
    "Violation",
    "YearWeightsRecord",
]
