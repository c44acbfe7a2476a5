"""Loads the gazette's reference data (refdata/*.json) into typed values."""

import datetime as dt
import json
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from renovation.rules.phases import YearPhases
from renovation.rules.tasks import TaskDeadline, TaskStatus


@cache
def load(name: str) -> dict[str, Any]:
    text = resources.files("renovation.refdata").joinpath(f"{name}.json").read_text("utf-8")
    return json.loads(text)


def district_names() -> dict[str, str]:
    return {d["code"]: d["name"] for d in load("districts")["districts"]}


def programme_targets(year: int) -> dict[str, Any] | None:
    programme = _programme(year)
    return None if programme is None else programme["targets"]


def year_phases(year: int) -> YearPhases | None:
    programme = _programme(year)
    if programme is None:
        return None
    dates = {key: dt.date.fromisoformat(value) for key, value in programme["phases"].items()}
    return YearPhases(year=year, **dates)


def _programme(year: int) -> dict[str, Any] | None:
    return next((p for p in load("programmes")["programmes"] if p["year"] == year), None)


def content_classes() -> list[str]:
    return [c["code"] for c in load("content")["content_classes"]]


def checklist_items() -> list[str]:
    return [c["code"] for c in load("content")["checklist_items"]]


def demonstration_flags() -> list[str]:
    return [c["code"] for c in load("content")["demonstration_flags"]]


def acceptance_parties() -> frozenset[str]:
    return frozenset(p["code"] for p in load("acceptance_parties")["parties"])


def tasks() -> list[dict[str, Any]]:
    return load("tasks")["tasks"]


def task_deadlines() -> list[TaskDeadline]:
    """The annex-3 deadlines as rule values, all not started (for the rules tests)."""
    return [
        TaskDeadline(
            number=t["number"],
            lead_units=tuple(t["lead_units"]),
            deadline=dt.date.fromisoformat(t["deadline"]),
            status=TaskStatus.NOT_STARTED,
        )
        for t in tasks()
    ]


def demo_projects() -> dict[str, Any]:
    return load("demo_projects")


def decimal(value: str) -> Decimal:
    return Decimal(value)
