"""Supervision by the 户政支队 (art. 13): access search and flags of unusual patterns."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from lawyer_query.applications.models import Application, RegistryAccess
from lawyer_query.crypto import FieldCipher
from lawyer_query.refdata import RefData
from lawyer_query.registry.models import RegistryPerson
from lawyer_query.rules.flags import Flag, flags_for
from lawyer_query.rules.states import Status
from suitekit.pagination import paginate


def _since(now: datetime, hours: int) -> datetime:
    return now - timedelta(hours=hours)


def _count_by(session: Session, statement: Any) -> dict[str, int]:
    rows = session.exec(statement).all()
    return {str(subject): int(count) for subject, count in rows if subject is not None}


def lawyer_query_counts(session: Session, since: datetime) -> dict[str, int]:
    statement = (
        select(RegistryAccess.lawyer_certificate_no, func.count())
        .where(RegistryAccess.at >= since)
        .group_by(RegistryAccess.lawyer_certificate_no)
    )
    return _count_by(session, statement)


def firm_query_counts(session: Session, since: datetime) -> dict[str, int]:
    statement = (
        select(RegistryAccess.firm_id, func.count())
        .where(RegistryAccess.at >= since)
        .group_by(RegistryAccess.firm_id)
    )
    return _count_by(session, statement)


def lawyer_refusal_counts(session: Session, since: datetime) -> dict[str, int]:
    statement = (
        select(Application.lawyer_certificate_no, func.count())
        .where(Application.created_at >= since, Application.status == Status.REFUSED.value)
        .group_by(Application.lawyer_certificate_no)
    )
    return _count_by(session, statement)


def person_lawyer_counts(session: Session, since: datetime) -> dict[str, int]:
    statement = (
        select(
            RegistryAccess.record_id,
            func.count(func.distinct(RegistryAccess.lawyer_certificate_no)),
        )
        .where(RegistryAccess.at >= since, col(RegistryAccess.record_id).is_not(None))
        .group_by(RegistryAccess.record_id)
    )
    return _count_by(session, statement)


COUNTERS = {
    "lawyer_queries": lawyer_query_counts,
    "firm_queries": firm_query_counts,
    "lawyer_refusals": lawyer_refusal_counts,
    "person_distinct_lawyers": person_lawyer_counts,
}


def current_flags(*, session: Session, refdata: RefData, now: datetime) -> list[Flag]:
    flags: list[Flag] = []
    for kind, counter in COUNTERS.items():
        threshold = refdata.flags[kind]
        counts = counter(session, _since(now, threshold.window_hours))
        flags.extend(flags_for(kind, counts, threshold))
    return flags


def search_accesses(
    *,
    session: Session,
    filters: dict[str, str | None],
    person: tuple[str, list[str]] | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    cursor: str | None,
    stations: list[str] | None = None,
) -> tuple[Sequence[RegistryAccess], str | None]:
    """`stations`: the stations the supervisor oversees (None: the whole city)."""
    statement = select(RegistryAccess)
    if stations is not None:
        statement = statement.where(col(RegistryAccess.station_code).in_(stations))
    for name, value in filters.items():
        if value is not None:
            statement = statement.where(getattr(RegistryAccess, name) == value)
    if person is not None:
        query_index, record_ids = person
        statement = statement.where(
            or_(
                RegistryAccess.query_index == query_index,
                col(RegistryAccess.record_id).in_(record_ids),
            )
        )
    if since is not None:
        statement = statement.where(RegistryAccess.at >= since)
    if until is not None:
        statement = statement.where(RegistryAccess.at < until)
    return paginate(
        session, statement, key=RegistryAccess.id, key_of=lambda a: a.id, limit=limit, cursor=cursor
    )


def person_key(session: Session, cipher: FieldCipher, id_number: str) -> tuple[str, list[str]]:
    """The blind index of an ID number and the registry records that carry it, to find the
    accesses that asked by ID number or that found the person by name."""
    index = cipher.id_index(id_number)
    records = session.exec(select(RegistryPerson.id).where(RegistryPerson.id_index == index)).all()
    return index, list(records)
