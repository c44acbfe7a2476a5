"""Applications, their materials and persons, prints and registry accesses (arts. 6-10).

Nothing here is ever deleted (art. 10); personal data is stored encrypted (`*_ct`).
"""

from datetime import datetime

from sqlalchemy import Index, LargeBinary, Text
from sqlmodel import Field, SQLModel

from suitekit.timeutil import utcnow


class Application(SQLModel, table=True):
    __tablename__ = "application"
    __table_args__ = (
        Index("ix_application_lawyer_created", "lawyer_certificate_no", "created_at"),
    )

    id: str = Field(primary_key=True, max_length=32)
    status: str = Field(max_length=16, index=True)
    station_code: str = Field(max_length=16, index=True)
    station_division: str = Field(max_length=6)
    client_id: str = Field(max_length=128)
    officer_id: str = Field(max_length=64)
    lawyer_certificate_no: str = Field(max_length=17)
    firm_id: str | None = Field(default=None, max_length=32, index=True)
    firm_division: str | None = Field(default=None, max_length=6)
    matter_type: str = Field(max_length=16)
    scope: str = Field(max_length=16)
    purpose_ct: bytes = Field(sa_type=LargeBinary)
    certificate_status: str = Field(max_length=16)
    certificate_checked_at: datetime
    reasons: str = Field(default="[]", sa_type=Text)  # JSON [{code, article, text}]
    allowed_fields: str = Field(default="[]", sa_type=Text)  # JSON [field codes]
    print_count: int = 0
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    answered_at: datetime | None = None
    closed_reason: str | None = Field(default=None, max_length=500)


class ApplicationMaterial(SQLModel, table=True):
    __tablename__ = "application_material"

    id: str = Field(primary_key=True, max_length=32)
    application_id: str = Field(foreign_key="application.id", max_length=32, index=True)
    kind: str = Field(max_length=32)
    sha256: str = Field(max_length=64)
    filename: str | None = Field(default=None, max_length=200)
    media_type: str | None = Field(default=None, max_length=100)
    size_bytes: int | None = None
    sealed: bool = False
    states_purpose: bool = False
    named_persons_ct: bytes | None = Field(default=None, sa_type=LargeBinary)


class ApplicationPerson(SQLModel, table=True):
    __tablename__ = "application_person"

    id: str = Field(primary_key=True, max_length=32)
    application_id: str = Field(foreign_key="application.id", max_length=32, index=True)
    position: int
    name_ct: bytes = Field(sa_type=LargeBinary)
    id_number_ct: bytes | None = Field(default=None, sa_type=LargeBinary)
    name_masked: str = Field(max_length=64)
    id_number_masked: str | None = Field(default=None, max_length=18)
    outcome: str | None = Field(default=None, max_length=16)  # found | not_found | ambiguous
    record_id: str | None = Field(default=None, max_length=32, index=True)
    result_ct: bytes | None = Field(default=None, sa_type=LargeBinary)  # archived result (art. 10)


class PrintEvent(SQLModel, table=True):
    __tablename__ = "print_event"

    id: str = Field(primary_key=True, max_length=32)
    application_id: str = Field(foreign_key="application.id", max_length=32, index=True)
    document: str = Field(max_length=32)  # result | refusal_notice
    copy_number: int
    officer_id: str = Field(max_length=64)
    reason: str | None = Field(default=None, max_length=500)
    at: datetime = Field(default_factory=utcnow)


class RegistryAccess(SQLModel, table=True):
    """One row per person looked up in the registry (spec rule 8), linked to its audit entry."""

    __tablename__ = "registry_access"
    __table_args__ = (
        Index("ix_registry_access_lawyer_at", "lawyer_certificate_no", "at"),
        Index("ix_registry_access_firm_at", "firm_id", "at"),
        Index("ix_registry_access_record_at", "record_id", "at"),
        Index("ix_registry_access_query_index", "query_index"),
    )

    id: str = Field(primary_key=True, max_length=32)
    at: datetime = Field(default_factory=utcnow)
    application_id: str = Field(foreign_key="application.id", max_length=32, index=True)
    station_code: str = Field(max_length=16, index=True)
    officer_id: str = Field(max_length=64, index=True)
    client_id: str = Field(max_length=128)
    lawyer_certificate_no: str = Field(max_length=17)
    firm_id: str | None = Field(default=None, max_length=32)
    position: int
    query_index: str = Field(max_length=64)  # blind index of the ID number (or name) asked for
    record_id: str | None = Field(default=None, max_length=32)
    outcome: str = Field(max_length=16)
    fields: str = Field(default="[]", sa_type=Text)  # JSON field codes returned
    audit_seq: int
