"""Use cases of the register: one transaction each, audited."""

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from outfall.models import Jurisdiction, Outfall
from outfall.reference import load
from outfall.schemas import OutfallCreate
from suitekit import audit
from suitekit.db import open_write_session
from suitekit.errors import InvalidInput, NotFound
from suitekit.identity import Caller
from suitekit.pagination import paginate
from suitekit.timeutil import new_id

TYPE_CODES = {"industrial": "G", "urban_wastewater": "C", "agricultural": "N", "other": "Q"}


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


def _next_code(session: Session, data: OutfallCreate) -> str:
    prefix = f"{data.water_body_code}{data.jurisdiction_code}{TYPE_CODES[data.category]}"
    used = session.exec(select(func.count()).where(Outfall.code.startswith(prefix))).one()
    return f"{prefix}{used + 1:04d}"


def register_outfall(*, session: Session, data: OutfallCreate, caller: Caller) -> Outfall:
    if session.get(Jurisdiction, data.jurisdiction_code) is None:
        raise InvalidInput(
            f"unknown jurisdiction {data.jurisdiction_code}",
            errors=[{"field": "body.jurisdiction_code", "message": "unknown jurisdiction"}],
        )
    caller.ensure_may_write(data.jurisdiction_code)
    outfall = Outfall(
        **data.model_dump(), id=new_id("of"), code=_next_code(session, data), status="discovered"
    )
    session.add(outfall)
    audit.record(
        session,
        caller=caller,
        action="register",
        entity_type="outfall",
        entity_id=outfall.id,
        data={"code": outfall.code},
    )
    session.commit()
    session.refresh(outfall)
    return outfall


def get_outfall(*, session: Session, outfall_id: str, caller: Caller) -> Outfall:
    outfall = session.get(Outfall, outfall_id)
    if outfall is None or not caller.covers(outfall.jurisdiction_code):
        raise NotFound(f"outfall {outfall_id} not found")
    return outfall


def list_outfalls(
    *,
    session: Session,
    caller: Caller,
    status: str | None,
    jurisdiction_code: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Outfall], str | None]:
    statement = select(Outfall)
    if not caller.city_wide:
        statement = statement.where(Outfall.jurisdiction_code.in_(caller.jurisdiction))
    if status:
        statement = statement.where(Outfall.status == status)
    if jurisdiction_code:
        statement = statement.where(Outfall.jurisdiction_code == jurisdiction_code)
    rows, next_cursor = paginate(
        session, statement, key=Outfall.id, key_of=lambda o: o.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor
