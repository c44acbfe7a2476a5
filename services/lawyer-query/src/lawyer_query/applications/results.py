"""The query (art. 9) and the printed documents (annexes 2 and 3), each access audited."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from sqlmodel import Session, select

from lawyer_query.applications.models import (
    Application,
    ApplicationPerson,
    PrintEvent,
    RegistryAccess,
)
from lawyer_query.applications.service import load_for_caller, transition
from lawyer_query.bar.registry import BarRegistry
from lawyer_query.clock import local_today
from lawyer_query.crypto import FieldCipher
from lawyer_query.documents import (
    PersonResult,
    RefusalDocument,
    ResultDocument,
    render_refusal_notice,
    render_result,
)
from lawyer_query.refdata import RefData
from lawyer_query.registry.store import Lookup, PopulationRegistry
from lawyer_query.rules.scope import Scope, scope_def
from lawyer_query.rules.states import Action, Status, reprint_needs_reason
from lawyer_query.supervision.integrity import QUERY_ACTION, access_seal
from suitekit import audit
from suitekit.errors import Conflict, InvalidInput
from suitekit.identity import Caller
from suitekit.timeutil import as_aware, new_id, utcnow


@dataclass(frozen=True)
class PersonOutcome:
    position: int
    outcome: str
    fields: dict[str, str | None] | None


def persons_of(session: Session, application_id: str) -> list[ApplicationPerson]:
    statement = (
        select(ApplicationPerson)
        .where(ApplicationPerson.application_id == application_id)
        .order_by(ApplicationPerson.position)
    )
    return list(session.exec(statement).all())


def _public_values(values: dict[str, str | bytes | None]) -> dict[str, str | None]:
    """JSON form: the photo becomes a data: URI."""
    out: dict[str, str | None] = {}
    for field, value in values.items():
        if isinstance(value, bytes):
            out[field] = "data:image/png;base64," + base64.b64encode(value).decode()
        else:
            out[field] = value
    return out


def _lookup_person(
    cipher: FieldCipher,
    registry: PopulationRegistry,
    refdata: RefData,
    application: Application,
    person: ApplicationPerson,
    fields: tuple[str, ...],
) -> tuple[Lookup, str]:
    name = cipher.decrypt(person.name_ct, record_id=person.id, field="name").decode()
    number = cipher.decrypt_text(person.id_number_ct, record_id=person.id, field="id_number")
    scope = scope_def(refdata, Scope(application.scope))
    lookup = registry.lookup(scope=scope, name=name or None, id_number=number, fields=fields)
    query_index = cipher.id_index(number) if number else cipher.name_index(name)
    return lookup, query_index


def _archive(cipher: FieldCipher, person: ApplicationPerson, lookup: Lookup) -> None:
    person.outcome = lookup.outcome
    person.record_id = lookup.record_id
    if lookup.values is not None:
        text = json.dumps(_public_values(lookup.values), ensure_ascii=False)
        person.result_ct = cipher.encrypt(text.encode(), record_id=person.id, field="result")


def run_query(
    *,
    session: Session,
    cipher: FieldCipher,
    registry: PopulationRegistry,
    refdata: RefData,
    application_id: str,
    caller: Caller,
) -> tuple[Application, list[PersonOutcome]]:
    """Art. 9: query at once, only the persons of the accepted application, only the allowed
    fields; every access goes to the audit chain and the access index."""
    application = load_for_caller(session, application_id, caller, for_update=True)
    application.status = transition(application, Action.QUERY).value
    fields = tuple(json.loads(application.allowed_fields))
    outcomes: list[PersonOutcome] = []
    accesses: list[RegistryAccess] = []
    for person in persons_of(session, application.id):
        lookup, query_index = _lookup_person(cipher, registry, refdata, application, person, fields)
        _archive(cipher, person, lookup)
        session.add(person)
        values = _public_values(lookup.values) if lookup.values is not None else None
        outcomes.append(PersonOutcome(person.position, lookup.outcome, values))
        accesses.append(_access(application, caller, person, lookup, query_index, fields))
    entry = audit.record(
        session,
        caller=caller,
        action=QUERY_ACTION,
        entity_type="application",
        entity_id=application.id,
        division=application.station_division,
        data={
            "station": application.station_code,
            "lawyer": application.lawyer_certificate_no,
            "firm": application.firm_id,
            "scope": application.scope,
            "persons": [
                {
                    "position": a.position,
                    "record_id": a.record_id,
                    "outcome": a.outcome,
                    "fields": json.loads(a.fields),
                }
                for a in accesses
            ],
            "access_rows": access_seal(accesses),
        },
    )
    for access in accesses:
        access.audit_seq = entry.seq
        session.add(access)
    application.answered_at = utcnow()
    application.version += 1
    session.add(application)
    session.commit()
    session.refresh(application)
    return application, outcomes


def _access(
    application: Application,
    caller: Caller,
    person: ApplicationPerson,
    lookup: Lookup,
    query_index: str,
    fields: tuple[str, ...],
) -> RegistryAccess:
    returned = list(fields) if lookup.outcome == "found" else []
    return RegistryAccess(
        id=new_id("ra"),
        application_id=application.id,
        station_code=application.station_code,
        officer_id=caller.officer_id or "",
        client_id=caller.client_id,
        lawyer_certificate_no=application.lawyer_certificate_no,
        firm_id=application.firm_id,
        position=person.position,
        query_index=query_index,
        record_id=lookup.record_id,
        outcome=lookup.outcome,
        fields=json.dumps(returned),
        audit_seq=0,
    )


def _person_result(
    cipher: FieldCipher, refdata: RefData, person: ApplicationPerson, fields: tuple[str, ...]
) -> PersonResult:
    heading = f"查询对象{person.position}"
    if person.result_ct is None:
        return PersonResult(heading, [], None, "photo" in fields, found=False)
    values = json.loads(cipher.decrypt(person.result_ct, record_id=person.id, field="result"))
    rows = [
        (refdata.field_label(code), values.get(code) or "") for code in fields if code != "photo"
    ]
    photo_uri = values.get("photo")
    photo = base64.b64decode(photo_uri.split(",", 1)[1]) if photo_uri else None
    return PersonResult(heading, rows, photo, "photo" in fields, found=True)


def print_result(
    *,
    session: Session,
    cipher: FieldCipher,
    refdata: RefData,
    application_id: str,
    reason: str | None,
    caller: Caller,
) -> bytes:
    """Art. 9 / annex 3: the printable result; each print counted and audited; a reprint needs
    a reason."""
    application = load_for_caller(session, application_id, caller, for_update=True)
    transition(application, Action.PRINT)
    reason = (reason or "").strip() or None
    if reprint_needs_reason(application.print_count) and reason is None:
        raise InvalidInput(
            "this result was printed before; a reprint needs a reason",
            code="reprint_reason_required",
            errors=[{"field": "body.reason", "message": "required for a reprint"}],
        )
    fields = tuple(json.loads(application.allowed_fields))
    station = refdata.stations[application.station_code]
    application.print_count += 1
    application.version += 1
    purpose = cipher.decrypt(application.purpose_ct, record_id=application.id, field="purpose")
    document = ResultDocument(
        application_id=application.id,
        station_name=station.name,
        purpose=purpose.decode(),
        date=local_today(as_aware(application.answered_at or utcnow())),
        people=[
            _person_result(cipher, refdata, p, fields) for p in persons_of(session, application.id)
        ],
        copy_number=application.print_count,
        reprint_reason=reason if application.print_count > 1 else None,
    )
    pdf = render_result(document)
    _record_print(session, caller, application, "result", reason)
    session.commit()
    return pdf


def _record_print(
    session: Session, caller: Caller, application: Application, document: str, reason: str | None
) -> None:
    session.add(application)
    session.add(
        PrintEvent(
            id=new_id("pr"),
            application_id=application.id,
            document=document,
            copy_number=application.print_count,
            officer_id=caller.officer_id or "",
            reason=reason,
        )
    )
    audit.record(
        session,
        caller=caller,
        action=f"print_{document}" if application.print_count <= 1 else f"reprint_{document}",
        entity_type="application",
        entity_id=application.id,
        division=application.station_division,
        reason=reason,
        data={"copy_number": application.print_count, "station": application.station_code},
    )


def print_refusal_notice(
    *,
    session: Session,
    bar: BarRegistry,
    refdata: RefData,
    application_id: str,
    caller: Caller,
) -> bytes:
    """Art. 8 / annex 2: the refusal notice states every reason found."""
    application = load_for_caller(session, application_id, caller, for_update=True)
    if application.status != Status.REFUSED.value:
        raise Conflict(
            "only a refused application has a refusal notice",
            code="not_refused",
            state=application.status,
        )
    check = bar.check(application.lawyer_certificate_no)
    reasons = [(r["article"], r["text"]) for r in json.loads(application.reasons)]
    pdf = render_refusal_notice(
        RefusalDocument(
            application_id=application.id,
            lawyer_name=check.lawyer_name or "申请人",
            station_name=refdata.stations[application.station_code].name,
            submitted=local_today(as_aware(application.created_at)),
            reasons=reasons,
        )
    )
    audit.record(
        session,
        caller=caller,
        action="print_refusal_notice",
        entity_type="application",
        entity_id=application.id,
        division=application.station_division,
    )
    session.commit()
    return pdf
