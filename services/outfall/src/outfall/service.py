"""Use cases of the register: reference data, registration, reads, descriptive updates."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from outfall.access import rules_as_problems, touch, visible_outfall
from outfall.models import Attachment, CodeCounter, Jurisdiction, Outfall, Survey
from outfall.reference import load
from outfall.rules import coding, location, survey
from outfall.rules.categories import categories, resolve
from outfall.schemas import OutfallCreate, OutfallUpdate
from suitekit import audit
from suitekit.db import open_write_session
from suitekit.errors import InvalidInput
from suitekit.identity import Caller, division_prefix
from suitekit.pagination import paginate
from suitekit.timeutil import new_id

ENTITY = "outfall"


def load_reference_data(engine: Engine) -> None:
    """Upsert the jurisdictions from refdata (idempotent, runs at every start)."""
    session = open_write_session(engine)
    try:
        for row in load("jurisdictions"):
            session.merge(Jurisdiction(**row))
        session.commit()
    finally:
        session.close()


def list_jurisdictions(*, session: Session) -> list[Jurisdiction]:
    return list(session.exec(select(Jurisdiction).order_by(Jurisdiction.code)).all())


def jurisdiction_or_422(session: Session, code: str) -> Jurisdiction:
    found = session.get(Jurisdiction, code)
    if found is None:
        raise InvalidInput(
            f"unknown jurisdiction {code}",
            code="unknown_jurisdiction",
            errors=[{"field": "body.jurisdiction_code", "message": "unknown jurisdiction"}],
        )
    return found


def division_segment(jurisdiction_code: str) -> str:
    """GB/T 2260 code; committees without one are padded to the configured width."""
    width = coding.config().division_code_width
    return jurisdiction_code.ljust(width, "0")[:width]


def allocate_serial(session: Session, prefix: str) -> int:
    """Next serial under ``prefix``; the counter row lock serialises concurrent registrations."""
    bump = (
        update(CodeCounter)
        .where(CodeCounter.prefix == prefix)
        .values(last_serial=CodeCounter.last_serial + 1)
        .returning(CodeCounter.last_serial)
    )
    serial = session.execute(bump).scalar_one_or_none()
    if serial is not None:
        return serial
    try:
        with session.begin_nested():
            session.add(CodeCounter(prefix=prefix, last_serial=1))
        return 1
    except IntegrityError:  # another registration created the counter first
        return session.execute(bump).scalar_one()


def new_code(
    session: Session, *, water_body_code: str, jurisdiction_code: str, category: str | None
) -> str:
    cfg = coding.config()
    type_code = categories()[category].type_code if category else cfg.unclassified_type_code
    prefix = coding.code_prefix(
        water_body_code=water_body_code,
        division_code=division_segment(jurisdiction_code),
        type_code=type_code,
    )
    return coding.format_code(prefix, allocate_serial(session, prefix))


def register_outfall(*, session: Session, data: OutfallCreate, caller: Caller) -> Outfall:
    jurisdiction_or_422(session, data.jurisdiction_code)
    caller.ensure_may_write(data.jurisdiction_code)
    with rules_as_problems(fields={"level": "survey_level", "method": "survey_method"}):
        survey.check_method(data.survey_level, data.survey_method)
    with rules_as_problems():
        location.check_wgs84(data.longitude, data.latitude)
        category, subtype = resolve(data.category, data.subtype)
        water_code = coding.check_water_body_code(data.water_body_code)
        status = survey.status_at_registration(data.survey_level)
        code = new_code(
            session,
            water_body_code=water_code,
            jurisdiction_code=data.jurisdiction_code,
            category=category.code if category else None,
        )
    name = coding.standard_name(
        water_body_name=data.water_body_name,
        place_or_party=data.location_name,
        type_name_short=category.name_short_zh if category else "",
    )
    outfall = Outfall(
        id=new_id("of"),
        code=code,
        name=name,
        status=status.value,
        jurisdiction_code=data.jurisdiction_code,
        water_body_name=data.water_body_name,
        water_body_code=water_code,
        longitude=data.longitude,
        latitude=data.latitude,
        address=data.address,
        category=category.code if category else None,
        subtype=subtype.code if subtype else None,
        protected_area=data.protected_area.value if data.protected_area else None,
        remarks=data.remarks,
        survey_level=data.survey_level,
        survey_method=data.survey_method,
    )
    session.add(outfall)
    session.flush()
    session.add(
        Survey(
            id=new_id("sv"),
            outfall_id=outfall.id,
            level=data.survey_level,
            method=data.survey_method,
            outcome="register",
            surveyed_at=data.surveyed_at,
            surveyor=data.surveyor,
        )
    )
    for item in data.attachments:
        session.add(
            Attachment(
                id=new_id("at"),
                outfall_id=outfall.id,
                file_name=item.file_name,
                sha256=item.sha256.lower(),
                taken_at=item.taken_at,
            )
        )
    audit.record(
        session,
        caller=caller,
        action="register",
        entity_type=ENTITY,
        entity_id=outfall.id,
        division=outfall.jurisdiction_code,
        data={
            "code": code,
            "status": status.value,
            "level": data.survey_level,
            "method": data.survey_method,
        },
    )
    session.commit()
    session.refresh(outfall)
    return outfall


def get_outfall(*, session: Session, outfall_id: str, caller: Caller) -> Outfall:
    return visible_outfall(session, outfall_id, caller)


def attachments_of(session: Session, outfall_id: str) -> list[Attachment]:
    return list(
        session.exec(
            select(Attachment)
            .where(Attachment.outfall_id == outfall_id)
            .order_by(Attachment.created_at, Attachment.id)
        ).all()
    )


def jurisdiction_clause(caller: Caller) -> Any:
    """SQL condition matching ``Caller.covers`` (None for a city-wide caller)."""
    if caller.city_wide:
        return None
    conditions = []
    for own in caller.jurisdiction:
        conditions.append(Outfall.jurisdiction_code == own)
        if own.isdigit() and len(own) == 6 and division_prefix(own) != own:
            conditions.append(Outfall.jurisdiction_code.startswith(division_prefix(own)))
    return or_(*conditions) if conditions else Outfall.id.is_(None)


def scoped(statement: Any, caller: Caller) -> Any:
    clause = jurisdiction_clause(caller)
    return statement if clause is None else statement.where(clause)


def list_outfalls(
    *, session: Session, caller: Caller, filters: dict[str, Any], limit: int, cursor: str | None
) -> tuple[list[Outfall], str | None]:
    statement = scoped(select(Outfall), caller)
    columns = {
        "status": Outfall.status,
        "category": Outfall.category,
        "jurisdiction": Outfall.jurisdiction_code,
        "abnormal": Outfall.latest_abnormal,
        "enforcement": Outfall.enforcement_flag,
    }
    for name, column in columns.items():
        if filters.get(name) is not None:
            statement = statement.where(column == filters[name])
    if filters.get("water_body"):
        wanted = filters["water_body"]
        statement = statement.where(
            or_(Outfall.water_body_code == wanted, Outfall.water_body_name == wanted)
        )
    rows, next_cursor = paginate(
        session, statement, key=Outfall.id, key_of=lambda o: o.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor


def update_outfall(
    *, session: Session, outfall_id: str, data: OutfallUpdate, caller: Caller, check_version: Any
) -> Outfall:
    outfall = visible_outfall(session, outfall_id, caller, for_update=True)
    check_version(outfall.version)
    changes = data.model_dump(exclude_unset=True)
    with rules_as_problems():
        category, subtype = resolve(
            changes.get("category", outfall.category), changes.get("subtype", outfall.subtype)
        )
    if "protected_area" in changes and changes["protected_area"] is not None:
        changes["protected_area"] = changes["protected_area"].value
    changes["category"] = category.code if category else None
    changes["subtype"] = subtype.code if subtype else None
    before = {key: getattr(outfall, key) for key in changes}
    for key, value in changes.items():
        setattr(outfall, key, value)
    touch(outfall)
    session.add(outfall)
    audit.record(
        session,
        caller=caller,
        action="update",
        entity_type=ENTITY,
        entity_id=outfall.id,
        division=outfall.jurisdiction_code,
        data={"before": before, "after": changes},
    )
    session.commit()
    session.refresh(outfall)
    return outfall


def history(*, session: Session, outfall_id: str, caller: Caller) -> list[audit.AuditEntry]:
    visible_outfall(session, outfall_id, caller)
    return audit.history(session, ENTITY, outfall_id)


def json_data(raw: str) -> dict[str, Any]:
    return dict(json.loads(raw or "{}"))
