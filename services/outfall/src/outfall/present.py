"""Turning rows into response models (aware times, nested party and river chief)."""

from __future__ import annotations

import json
from datetime import datetime

from outfall.models import Attachment, Outfall
from outfall.rules import lifecycle
from outfall.rules.categories import categories
from outfall.schemas import (
    AttachmentPublic,
    DifficultPublic,
    OutfallPublic,
    PartyPublic,
    RiverChiefPublic,
)
from suitekit.timeutil import as_aware


def aware(value: datetime | None) -> datetime | None:
    return as_aware(value) if value is not None else None


def lead_bureau(outfall: Outfall) -> str | None:
    if not outfall.subtype or not outfall.category:
        return None
    subtype = next(s for s in categories()[outfall.category].subtypes if s.code == outfall.subtype)
    return subtype.lead_bureau


def party(outfall: Outfall) -> PartyPublic | None:
    if outfall.party_basis is None:
        return None
    return PartyPublic(
        basis=outfall.party_basis,
        name=outfall.party_name,
        type=outfall.party_type,
        uscc=outfall.party_uscc,
        contact=outfall.party_contact,
        reason=outfall.party_reason,
        discharge_channel=outfall.discharge_channel,
        discharging_unit=outfall.discharging_unit,
    )


def river_chief(outfall: Outfall) -> RiverChiefPublic | None:
    if outfall.river_chief_name is None:
        return None
    return RiverChiefPublic(
        name=outfall.river_chief_name,
        level=outfall.river_chief_level,
        river_section=outfall.river_section,
    )


def difficult_mark(outfall: Outfall) -> DifficultPublic | None:
    if not outfall.difficult or outfall.difficult_marked_at is None:
        return None
    return DifficultPublic(
        reason=outfall.difficult_reason or "",
        marked_by=outfall.difficult_marked_by or "",
        marked_at=as_aware(outfall.difficult_marked_at),
    )


def outfall_public(outfall: Outfall, attachments: list[Attachment] | None = None) -> OutfallPublic:
    return OutfallPublic(
        **outfall.model_dump(
            include={
                "id",
                "code",
                "name",
                "status",
                "jurisdiction_code",
                "water_body_name",
                "water_body_code",
                "longitude",
                "latitude",
                "address",
                "category",
                "subtype",
                "protected_area",
                "survey_level",
                "survey_method",
                "needs_level3",
                "dismissed_reason",
                "remediation_type",
                "remediation_deadline",
                "merge_into_id",
                "paper_ledger",
                "tests_count",
                "latest_abnormal",
                "open_lab_tasks",
                "enforcement_flag",
                "enforcement_reason",
                "remarks",
                "version",
            }
        ),
        allowed_actions=lifecycle.allowed_actions(
            outfall.status, protected_area=outfall.protected_area, planned=outfall.remediation_type
        ),
        lead_bureau=lead_bureau(outfall),
        responsible_party=party(outfall),
        traced_at=aware(outfall.traced_at),
        difficult=difficult_mark(outfall),
        hardware=json.loads(outfall.hardware or "[]"),
        software=json.loads(outfall.software or "[]"),
        standardized_at=aware(outfall.standardized_at),
        river_chief=river_chief(outfall),
        attachments=[
            AttachmentPublic(
                id=a.id, file_name=a.file_name, sha256=a.sha256, taken_at=aware(a.taken_at)
            )
            for a in attachments or []
        ],
        created_at=as_aware(outfall.created_at),
        updated_at=as_aware(outfall.updated_at),
    )
