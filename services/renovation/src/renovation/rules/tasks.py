"""The task decomposition of annex 3 (44 tasks) and their progress (§四(二)8 周调度/月调度)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class TaskStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class ProgressKind(StrEnum):
    WEEKLY = "weekly"  # 住建部门全过程管理平台周调度
    MONTHLY = "monthly"  # 发改部门国家重大建设项目库每月调度


TASK_TRANSITIONS: dict[TaskStatus, frozenset[TaskStatus]] = {
    TaskStatus.NOT_STARTED: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.DONE}),
    TaskStatus.IN_PROGRESS: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.DONE}),
    TaskStatus.DONE: frozenset(),
}

DISTRICT_GOVERNMENTS = "各城区政府"  # the lead/cooperating unit that a district client acts as


@dataclass(frozen=True)
class TaskDeadline:
    number: int
    lead_units: tuple[str, ...]
    deadline: dt.date
    status: TaskStatus


def task_overdue(task: TaskDeadline, today: dt.date) -> bool:
    return task.status is not TaskStatus.DONE and today > task.deadline


def overdue_by_lead(tasks: Iterable[TaskDeadline], today: dt.date) -> dict[str, list[int]]:
    """Overdue task numbers under each responsible (lead) unit; shared leads list it twice."""
    grouped: dict[str, list[int]] = defaultdict(list)
    for task in tasks:
        if task_overdue(task, today):
            for unit in task.lead_units:
                grouped[unit].append(task.number)
    return {unit: sorted(numbers) for unit, numbers in sorted(grouped.items())}


def status_change_allowed(current: TaskStatus, new: TaskStatus) -> bool:
    return new in TASK_TRANSITIONS[current]


def progress_period_ok(kind: ProgressKind, period_start: dt.date) -> bool:
    """Weekly entries start on a Monday, monthly entries on the 1st."""
    if kind is ProgressKind.WEEKLY:
        return period_start.weekday() == 0
    return period_start.day == 1
