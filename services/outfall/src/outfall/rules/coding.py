"""Outfall code and name after HJ 1235-2021 (§五(二) 按规定开展编码命名).

Code = receiving water body code + administrative division code + outfall type code +
serial number. Segment widths are configuration (``refdata/coding.json``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from outfall.reference import load
from outfall.rules.errors import RuleViolation

CLAUSE = "§五(二)"


@dataclass(frozen=True)
class CodingConfig:
    water_body_code_pattern: re.Pattern[str]
    division_code_width: int
    type_code_width: int
    serial_width: int
    unclassified_type_code: str
    name_suffix: str


@cache
def config() -> CodingConfig:
    raw = load("coding")
    return CodingConfig(
        water_body_code_pattern=re.compile(raw["water_body_code_pattern"]),
        division_code_width=raw["division_code_width"],
        type_code_width=raw["type_code_width"],
        serial_width=raw["serial_width"],
        unclassified_type_code=raw["unclassified_type_code"],
        name_suffix=raw["name_suffix"],
    )


def check_water_body_code(code: str, cfg: CodingConfig | None = None) -> str:
    cfg = cfg or config()
    normalised = code.strip().upper()
    if not cfg.water_body_code_pattern.fullmatch(normalised):
        raise RuleViolation(
            "invalid_water_body_code",
            f"water body code must match {cfg.water_body_code_pattern.pattern}",
            "water_body_code",
            CLAUSE,
        )
    return normalised


def code_prefix(
    *, water_body_code: str, division_code: str, type_code: str, cfg: CodingConfig | None = None
) -> str:
    cfg = cfg or config()
    if len(division_code) != cfg.division_code_width or not division_code.isalnum():
        raise RuleViolation(
            "invalid_division_code",
            f"division code must have {cfg.division_code_width} characters",
            "jurisdiction",
            CLAUSE,
        )
    if len(type_code) != cfg.type_code_width:
        raise RuleViolation(
            "invalid_type_code",
            f"type code must have {cfg.type_code_width} characters",
            "category",
            CLAUSE,
        )
    return f"{water_body_code}{division_code}{type_code}"


def max_serial(cfg: CodingConfig | None = None) -> int:
    cfg = cfg or config()
    return 10**cfg.serial_width - 1


def format_code(prefix: str, serial: int, cfg: CodingConfig | None = None) -> str:
    cfg = cfg or config()
    if not 1 <= serial <= max_serial(cfg):
        raise RuleViolation(
            "serial_exhausted",
            f"no serial number left under {prefix} (width {cfg.serial_width})",
            None,
            CLAUSE,
        )
    return f"{prefix}{serial:0{cfg.serial_width}d}"


def standard_name(
    *,
    water_body_name: str,
    place_or_party: str,
    type_name_short: str,
    cfg: CodingConfig | None = None,
) -> str:
    """Receiving water + location or responsible party + type + 排污口."""
    cfg = cfg or config()
    parts = [water_body_name.strip(), place_or_party.strip(), type_name_short.strip()]
    return "".join(parts) + cfg.name_suffix
