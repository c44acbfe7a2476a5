"""Outfall categories and subtypes with their lead bureau (§五(三); §六(一))."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from outfall.reference import load
from outfall.rules.errors import RuleViolation

CLAUSE = "§五(三)"


@dataclass(frozen=True)
class Subtype:
    code: str
    name_zh: str
    category: str
    lead_bureau: str
    lead_bureau_name: str
    assisting_bureaus: tuple[str, ...]


@dataclass(frozen=True)
class Category:
    code: str
    name_zh: str
    name_short_zh: str
    type_code: str
    subtypes: tuple[Subtype, ...]


@cache
def categories() -> dict[str, Category]:
    raw = load("categories")
    bureaus = raw["bureaus"]
    result: dict[str, Category] = {}
    for entry in raw["categories"]:
        subtypes = tuple(
            Subtype(
                s["code"],
                s["name_zh"],
                entry["code"],
                s["lead_bureau"],
                bureaus[s["lead_bureau"]],
                tuple(s["assisting_bureaus"]),
            )
            for s in entry["subtypes"]
        )
        result[entry["code"]] = Category(
            entry["code"], entry["name_zh"], entry["name_short_zh"], entry["type_code"], subtypes
        )
    return result


def bureau_name(key: str) -> str:
    return load("categories")["bureaus"][key]


def resolve(category: str | None, subtype: str | None) -> tuple[Category | None, Subtype | None]:
    """Check a category/subtype pair; the subtype alone implies its category."""
    cats = categories()
    if subtype is not None:
        found = next((s for c in cats.values() for s in c.subtypes if s.code == subtype), None)
        if found is None:
            raise RuleViolation(
                "unknown_subtype", f"unknown subtype '{subtype}'", "subtype", CLAUSE
            )
        if category is not None and category != found.category:
            raise RuleViolation(
                "subtype_mismatch",
                f"subtype '{subtype}' belongs to '{found.category}'",
                "subtype",
                CLAUSE,
            )
        return cats[found.category], found
    if category is None:
        return None, None
    if category not in cats:
        raise RuleViolation(
            "unknown_category", f"unknown category '{category}'", "category", CLAUSE
        )
    return cats[category], None
