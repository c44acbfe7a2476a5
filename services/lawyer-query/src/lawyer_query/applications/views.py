"""Application -> public model (decision and masked persons; never registry data)."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from lawyer_query.applications.models import Application, ApplicationMaterial
from lawyer_query.applications.results import persons_of
from lawyer_query.applications.schemas import (
    ApplicationPublic,
    CertificatePublic,
    MaterialPublic,
    PersonPublic,
    ReasonPublic,
)
from lawyer_query.refdata import RefData
from lawyer_query.rules.states import Status, allowed_actions
from suitekit.timeutil import as_aware


def _materials(session: Session, application_id: str) -> list[MaterialPublic]:
    rows = session.exec(
        select(ApplicationMaterial)
        .where(ApplicationMaterial.application_id == application_id)
        .order_by(ApplicationMaterial.id)
    ).all()
    return [MaterialPublic.model_validate(row, from_attributes=True) for row in rows]


def application_public(
    session: Session, refdata: RefData, application: Application
) -> ApplicationPublic:
    persons = [
        PersonPublic(
            position=p.position,
            name_masked=p.name_masked,
            id_number_masked=p.id_number_masked,
            outcome=p.outcome,
        )
        for p in persons_of(session, application.id)
    ]
    return ApplicationPublic(
        id=application.id,
        status=application.status,
        station_code=application.station_code,
        officer_id=application.officer_id,
        lawyer_certificate_no=application.lawyer_certificate_no,
        firm_id=application.firm_id,
        matter_type=application.matter_type,
        scope=application.scope,
        scope_article=refdata.scopes[application.scope].article,
        reasons=[ReasonPublic(**r) for r in json.loads(application.reasons)],
        allowed_fields=json.loads(application.allowed_fields),
        certificate=CertificatePublic(
            status=application.certificate_status,
            checked_at=as_aware(application.certificate_checked_at),
        ),
        materials=_materials(session, application.id),
        persons=persons,
        print_count=application.print_count,
        allowed_actions=allowed_actions(Status(application.status)),
        version=application.version,
        created_at=as_aware(application.created_at),
        answered_at=as_aware(application.answered_at) if application.answered_at else None,
    )
