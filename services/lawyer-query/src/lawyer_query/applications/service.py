"""Use cases of applications: register and decide (arts. 2-8), withdraw. One commit each."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from lawyer_query.applications.models import Application, ApplicationMaterial, ApplicationPerson
from lawyer_query.applications.schemas import ApplicationCreate
from lawyer_query.bar.registry import BarRegistry, CertificateCheck
from lawyer_query.clock import local_today
from lawyer_query.crypto import FieldCipher, normalise_id_number
from lawyer_query.refdata import RefData, StationDef
from lawyer_query.rules.decision import (
    ApplicationFacts,
    Decision,
    Material,
    PersonRequest,
    decide,
)
from lawyer_query.rules.masking import mask_id_number, mask_name
from lawyer_query.rules.states import Action, Status, allowed_actions, next_status
from suitekit import audit
from suitekit.errors import InvalidInput, NotFound, invalid_transition
from suitekit.identity import Caller
from suitekit.timeutil import new_id, utcnow


def _station(refdata: RefData, code: str, caller: Caller) -> StationDef:
    station = refdata.stations.get(code)
    if station is None:
        raise InvalidInput(
            f"unknown station {code}",
            errors=[{"field": "body.station_code", "message": "unknown station"}],
        )
    caller.ensure_may_write(station.division)
    return station


def _facts(
    data: ApplicationCreate, check: CertificateCheck, station: StationDef
) -> ApplicationFacts:
    return ApplicationFacts(
        station_code=station.code,
        scope=data.scope,
        matter_type=data.matter_type,
        firm_division=check.firm_division,
        materials=tuple(
            Material(m.kind, m.sha256, m.sealed, m.states_purpose, tuple(m.named_persons))
            for m in data.materials
        ),
        persons=tuple(PersonRequest(p.name, p.id_number) for p in data.persons),
        certificate_status=check.status,
        today=local_today(),
    )


def _store_materials(
    session: Session, cipher: FieldCipher, application_id: str, data: ApplicationCreate
) -> None:
    for material in data.materials:
        row_id = new_id("mt")
        names = json.dumps(material.named_persons, ensure_ascii=False)
        session.add(
            ApplicationMaterial(
                id=row_id,
                application_id=application_id,
                kind=material.kind,
                sha256=material.sha256,
                filename=material.filename,
                media_type=material.media_type,
                size_bytes=material.size_bytes,
                sealed=material.sealed,
                states_purpose=material.states_purpose,
                named_persons_ct=cipher.encrypt_text(names, record_id=row_id, field="named"),
            )
        )


def _store_persons(
    session: Session, cipher: FieldCipher, application_id: str, data: ApplicationCreate
) -> None:
    for position, person in enumerate(data.persons, start=1):
        row_id = new_id("ap")
        number = normalise_id_number(person.id_number) if person.id_number else None
        session.add(
            ApplicationPerson(
                id=row_id,
                application_id=application_id,
                position=position,
                name_ct=cipher.encrypt(person.name.encode(), record_id=row_id, field="name"),
                id_number_ct=cipher.encrypt_text(number, record_id=row_id, field="id_number"),
                name_masked=mask_name(person.name.strip()),
                id_number_masked=mask_id_number(number) if number else None,
            )
        )


def _audit_decision(
    session: Session,
    caller: Caller,
    application: Application,
    decision: Decision,
    *,
    source: str,
    persons: int,
) -> None:
    audit.record(
        session,
        caller=caller,
        action="register_" + application.status,
        entity_type="application",
        entity_id=application.id,
        division=application.station_division,
        data={
            "station": application.station_code,
            "lawyer": application.lawyer_certificate_no,
            "firm": application.firm_id,
            "scope": application.scope,
            "matter_type": application.matter_type,
            "certificate_status": application.certificate_status,
            "certificate_source": source,
            "reasons": [reason.code for reason in decision.reasons],
            "persons": persons,
        },
    )


def register_application(
    *,
    session: Session,
    cipher: FieldCipher,
    bar: BarRegistry,
    refdata: RefData,
    data: ApplicationCreate,
    caller: Caller,
) -> Application:
    """Arts. 6-8: register the application with its materials, check the certificate, decide."""
    station = _station(refdata, data.station_code, caller)
    check = bar.check(data.lawyer_certificate_no)
    decision = decide(refdata, _facts(data, check, station))
    application_id = new_id("lq")
    application = Application(
        id=application_id,
        status=(Status.ACCEPTED if decision.accepted else Status.REFUSED).value,
        station_code=station.code,
        station_division=station.division,
        client_id=caller.client_id,
        officer_id=caller.officer_id or "",
        lawyer_certificate_no=data.lawyer_certificate_no,
        firm_id=check.firm_id,
        firm_division=check.firm_division,
        matter_type=data.matter_type.value,
        scope=data.scope.value,
        purpose_ct=cipher.encrypt(data.purpose.encode(), record_id=application_id, field="purpose"),
        certificate_status=check.status.value,
        certificate_checked_at=utcnow(),
        reasons=json.dumps([r.__dict__ for r in decision.reasons], ensure_ascii=False),
        allowed_fields=json.dumps(list(decision.allowed_fields)),
    )
    session.add(application)
    session.flush()
    _store_materials(session, cipher, application_id, data)
    _store_persons(session, cipher, application_id, data)
    _audit_decision(
        session, caller, application, decision, source=check.source, persons=len(data.persons)
    )
    session.commit()
    session.refresh(application)
    return application


def load_for_caller(
    session: Session, application_id: str, caller: Caller, *, for_update: bool = False
) -> Application:
    statement = select(Application).where(Application.id == application_id)
    if for_update:
        statement = statement.with_for_update()
    application = session.exec(statement).first()
    if application is None or not caller.covers(application.station_division):
        raise NotFound(f"application {application_id} not found")
    return application


def transition(application: Application, action: Action) -> Status:
    """Checks the state machine; 409 with the allowed next actions otherwise."""
    current = Status(application.status)
    after = next_status(current, action)
    if after is None:
        raise invalid_transition(current.value, action.value, allowed_actions(current))
    return after


def withdraw_application(
    *, session: Session, application_id: str, reason: str, caller: Caller
) -> Application:
    application = load_for_caller(session, application_id, caller, for_update=True)
    application.status = transition(application, Action.WITHDRAW).value
    application.closed_reason = reason
    application.version += 1
    session.add(application)
    audit.record(
        session,
        caller=caller,
        action="withdraw",
        entity_type="application",
        entity_id=application.id,
        division=application.station_division,
        reason=reason,
    )
    session.commit()
    session.refresh(application)
    return application
