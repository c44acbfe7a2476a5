"""Loaders for the gazette's reference data (JSON files next to this module)."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from credits.rules.course_table import SchoolType, Subject, subject_from_json


def _read(name: str) -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


@cache
def course_table() -> tuple[Subject, ...]:
    return tuple(subject_from_json(raw) for raw in _read("course_table.json")["subjects"])


@cache
def subjects_by_code() -> dict[str, Subject]:
    return {s.code: s for s in course_table()}


@cache
def min_elective_offer() -> dict[SchoolType, Decimal]:
    """附件2 二(一)2: 28 elective credits offered, 36 for provincial model schools."""
    return {
        SchoolType(t["code"]): Decimal(t["min_elective_offer"])
        for t in _read("schools.json")["school_types"]
    }


@cache
def foreign_languages() -> dict[str, str]:
    return {lang["code"]: lang["name"] for lang in _read("schools.json")["foreign_languages"]}
