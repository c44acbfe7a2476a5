"""Reference data of 牡公规〔2022〕1号, loaded from the JSON files in `refdata/`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class FieldDef:
    code: str
    label: str
    article: str


@dataclass(frozen=True)
class ScopeDef:
    code: str
    label: str
    article: str
    matter_types: tuple[str, ...]
    fields: tuple[str, ...]
    requires_mudanjiang_firm: bool
    requires_exact_name_and_id: bool
    record_region: str
    record_kind: str


@dataclass(frozen=True)
class MaterialDef:
    code: str
    label: str
    article: str
    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class ReasonDef:
    code: str
    article: str
    text: str


@dataclass(frozen=True)
class StationDef:
    code: str
    name: str
    division: str
    handles_household_registration: bool


@dataclass(frozen=True)
class FlagThreshold:
    max: int
    window_hours: int


@dataclass(frozen=True)
class RefData:
    fields: tuple[FieldDef, ...]
    scopes: dict[str, ScopeDef]
    materials: tuple[MaterialDef, ...]
    reasons: dict[str, ReasonDef]
    stations: dict[str, StationDef]
    province_prefix: str
    city_prefix: str
    city_divisions: dict[str, str]
    flags: dict[str, FlagThreshold]

    def field_label(self, code: str) -> str:
        return next(f.label for f in self.fields if f.code == code)


def _read(name: str) -> dict[str, Any]:
    text = resources.files("lawyer_query").joinpath("refdata", name).read_text("utf-8")
    return json.loads(text)


def _scope(raw: dict[str, Any]) -> ScopeDef:
    return ScopeDef(
        code=raw["code"],
        label=raw["label"],
        article=raw["article"],
        matter_types=tuple(raw["matter_types"]),
        fields=tuple(raw["fields"]),
        requires_mudanjiang_firm=raw["requires_mudanjiang_firm"],
        requires_exact_name_and_id=raw["requires_exact_name_and_id"],
        record_region=raw["record_region"],
        record_kind=raw["record_kind"],
    )


def _material(raw: dict[str, Any]) -> MaterialDef:
    alternatives = tuple(raw.get("alternatives", [raw["code"]]))
    return MaterialDef(raw["code"], raw["label"], raw["article"], alternatives)


@cache
def load_refdata() -> RefData:
    divisions = _read("divisions.json")
    flags = _read("flags.json")
    return RefData(
        fields=tuple(FieldDef(**f) for f in _read("fields.json")["fields"]),
        scopes={s["code"]: _scope(s) for s in _read("scopes.json")["scopes"]},
        materials=tuple(_material(m) for m in _read("materials.json")["materials"]),
        reasons={r["code"]: ReasonDef(**r) for r in _read("refusal_reasons.json")["reasons"]},
        stations={s["code"]: StationDef(**s) for s in _read("stations.json")["stations"]},
        province_prefix=divisions["province_prefix"],
        city_prefix=divisions["city_prefix"],
        city_divisions=dict(divisions["city_divisions"]),
        flags={k: FlagThreshold(**v) for k, v in flags.items() if isinstance(v, dict)},
    )
