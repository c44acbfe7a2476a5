"""Public disclosure of standardised outfalls, signboard QR codes and tip-offs (§六(七))."""

from __future__ import annotations

import io

import segno
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from outfall.access import visible_outfall
from outfall.models import Jurisdiction, Outfall, TipOff
from outfall.public.schemas import Signboard, SignboardPublic
from outfall.rules import Status
from outfall.rules.categories import bureau_name, categories
from suitekit.errors import Conflict, NotFound
from suitekit.identity import Caller
from suitekit.pagination import paginate

DEFAULT_SUPERVISOR = "ecology"  # §六(四) 市生态环境部门统一行使排污口污染排放监督管理


def public_url(base: str, code: str) -> str:
    return f"{base.rstrip('/')}/v1/public/outfalls/{code}"


def supervising_bureau(outfall: Outfall) -> str:
    if outfall.category and outfall.subtype:
        for subtype in categories()[outfall.category].subtypes:
            if subtype.code == outfall.subtype:
                return subtype.lead_bureau_name
    return bureau_name(DEFAULT_SUPERVISOR)


def signboard_public(outfall: Outfall, jurisdiction_name: str, base: str) -> SignboardPublic:
    return SignboardPublic(
        code=outfall.code,
        name=outfall.name,
        responsible_party=outfall.party_name,
        water_body=outfall.water_body_name,
        supervising_bureau=supervising_bureau(outfall),
        jurisdiction=jurisdiction_name,
        longitude=outfall.longitude,
        latitude=outfall.latitude,
        public_url=public_url(base, outfall.code),
    )


def _jurisdiction_names(session: Session) -> dict[str, str]:
    return {j.code: j.name for j in session.exec(select(Jurisdiction)).all()}


def jurisdiction_name(session: Session, code: str) -> str:
    jurisdiction = session.get(Jurisdiction, code)
    return jurisdiction.name if jurisdiction else ""


def public_jurisdictions(session: Session) -> list[tuple[Jurisdiction, int]]:
    """Every jurisdiction with its number of public (standardised) outfalls."""
    counts = dict(
        session.exec(
            select(Outfall.jurisdiction_code, func.count())
            .where(Outfall.status == Status.STANDARDIZED.value)
            .group_by(Outfall.jurisdiction_code)
        ).all()
    )
    rows = session.exec(select(Jurisdiction).order_by(col(Jurisdiction.code))).all()
    return [(j, counts.get(j.code, 0)) for j in rows]


def list_public(
    *,
    session: Session,
    base: str,
    jurisdiction: str | None,
    limit: int,
    cursor: str | None,
    q: str | None = None,
) -> tuple[list[SignboardPublic], str | None]:
    statement = select(Outfall).where(
        Outfall.status == Status.STANDARDIZED.value,
        col(Outfall.protected_area).is_(None),  # §六(一): banned, never signposted
    )
    if jurisdiction:
        statement = statement.where(Outfall.jurisdiction_code == jurisdiction)
    if q:
        # plain text: % and _ in the query are literal characters, not wildcards
        statement = statement.where(
            or_(
                col(Outfall.name).contains(q, autoescape=True),
                col(Outfall.code).contains(q, autoescape=True),
                col(Outfall.water_body_name).contains(q, autoescape=True),
            )
        )
    rows, next_cursor = paginate(
        session, statement, key=Outfall.code, key_of=lambda o: o.code, limit=limit, cursor=cursor
    )
    names = _jurisdiction_names(session)
    return [signboard_public(o, names.get(o.jurisdiction_code, ""), base) for o in rows], (
        next_cursor
    )


def _signposted(outfall: Outfall) -> bool:
    """Standardised and not in a protected area (§六(一): those are closed, never listed)."""
    return outfall.status == Status.STANDARDIZED.value and not outfall.protected_area


def standardized_by_code(session: Session, code: str) -> Outfall:
    outfall = session.exec(select(Outfall).where(Outfall.code == code)).first()
    if outfall is None or not _signposted(outfall):
        raise NotFound(f"no public outfall {code}")
    return outfall


def get_public(*, session: Session, code: str, base: str) -> SignboardPublic:
    outfall = standardized_by_code(session, code)
    names = _jurisdiction_names(session)
    return signboard_public(outfall, names.get(outfall.jurisdiction_code, ""), base)


def qr_code(url: str, kind: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind=kind, scale=4, border=2)
    return out.getvalue()


def signboard(*, session: Session, outfall_id: str, caller: Caller, base: str) -> Signboard:
    outfall = visible_outfall(session, outfall_id, caller)
    if outfall.protected_area:
        raise Conflict(
            f"an outfall in a {outfall.protected_area} area is to be closed, not signposted "
            "(§六(一))",
            code="protected_area_must_close",
            state=outfall.status,
        )
    if outfall.status != Status.STANDARDIZED.value:
        raise Conflict(
            "the signboard record exists once the outfall is standardised",
            code="not_standardized",
            state=outfall.status,
        )
    names = _jurisdiction_names(session)
    board = signboard_public(outfall, names.get(outfall.jurisdiction_code, ""), base)
    return Signboard(
        **board.model_dump(),
        outfall_id=outfall.id,
        qr_svg=qr_code(board.public_url, "svg").decode(),
        qr_png_url=f"{board.public_url}/qr.png",
    )


def list_tip_offs(
    *, session: Session, status: str | None, limit: int, cursor: str | None
) -> tuple[list[TipOff], str | None]:
    statement = select(TipOff)
    if status:
        statement = statement.where(TipOff.status == status)
    rows, next_cursor = paginate(
        session, statement, key=TipOff.id, key_of=lambda t: t.id, limit=limit, cursor=cursor
    )
    return list(rows), next_cursor
