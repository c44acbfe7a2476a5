"""The embedded population registry: every personal field encrypted, lookups by blind index."""

from sqlalchemy import Index, LargeBinary
from sqlmodel import Field, SQLModel

ENCRYPTED_FIELDS = (
    "name",
    "sex",
    "date_of_birth",
    "ethnicity",
    "id_number",
    "registered_address",
    "photo",
    "registration_station",
    "deregistration_date",
    "deregistration_reason",
)


class RegistryPerson(SQLModel, table=True):
    __tablename__ = "registry_person"
    __table_args__ = (
        Index("ix_registry_person_id_index", "id_index"),
        Index("ix_registry_person_name_lookup", "name_index", "region", "kind"),
    )

    id: str = Field(primary_key=True, max_length=32)
    kind: str = Field(max_length=16)  # registered | floating (art. 11)
    region: str = Field(max_length=16)  # mudanjiang | province | other_province (arts. 3-5)
    id_index: str = Field(max_length=64)
    name_index: str = Field(max_length=64)
    name_ct: bytes = Field(sa_type=LargeBinary)
    sex_ct: bytes = Field(sa_type=LargeBinary)
    date_of_birth_ct: bytes = Field(sa_type=LargeBinary)
    ethnicity_ct: bytes = Field(sa_type=LargeBinary)
    id_number_ct: bytes = Field(sa_type=LargeBinary)
    registered_address_ct: bytes = Field(sa_type=LargeBinary)
    photo_ct: bytes | None = Field(default=None, sa_type=LargeBinary)
    registration_station_ct: bytes = Field(sa_type=LargeBinary)
    deregistration_date_ct: bytes | None = Field(default=None, sa_type=LargeBinary)
    deregistration_reason_ct: bytes | None = Field(default=None, sa_type=LargeBinary)
