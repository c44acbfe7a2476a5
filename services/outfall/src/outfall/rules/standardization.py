"""Standardisation checklist (§五(四) 规范化建设)."""

from __future__ import annotations

from collections.abc import Iterable

from outfall.reference import load
from outfall.rules.errors import RuleViolation

CLAUSE = "§五(四)"


def hardware_items() -> list[str]:
    return [item["key"] for item in load("standardization")["hardware"]]


def required_hardware() -> list[str]:
    return [item["key"] for item in load("standardization")["hardware"] if item["required"]]


def software_items() -> list[str]:
    return [item["key"] for item in load("standardization")["software"]]


def check_items(hardware: Iterable[str], software: Iterable[str]) -> None:
    unknown = (set(hardware) - set(hardware_items())) | (set(software) - set(software_items()))
    if unknown:
        raise RuleViolation(
            "unknown_checklist_item",
            f"unknown checklist item(s): {sorted(unknown)}",
            "hardware",
            CLAUSE,
        )


def missing_hardware(hardware: Iterable[str]) -> list[str]:
    present = set(hardware)
    return [key for key in required_hardware() if key not in present]


def check_complete(hardware: Iterable[str]) -> None:
    missing = missing_hardware(hardware)
    if missing:
        raise RuleViolation(
            "hardware_incomplete",
            f"standardisation needs every hardware item; missing: {missing}",
            "hardware",
            CLAUSE,
        )


def check_direct_standardization(
    *, tests_recorded: int, latest_abnormal: bool | None, open_lab_tasks: int
) -> None:
    """A traced outfall skips remediation only when monitoring shows no need for it."""
    if tests_recorded == 0:
        raise RuleViolation(
            "monitoring_required",
            "an outfall standardised without remediation needs a monitoring "
            f"record first ({CLAUSE} 经排查、溯源、监测后无需整治)",
            None,
            CLAUSE,
        )
    if latest_abnormal or open_lab_tasks:
        raise RuleViolation(
            "remediation_required",
            "the latest monitoring is abnormal or a lab task is open: plan a remediation first",
            None,
            CLAUSE,
        )
