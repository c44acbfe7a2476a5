"""The embedded bar registry (律师执业证 issuing authority / bar association, art. 7)."""

from datetime import date

from sqlmodel import Field, SQLModel


class LawFirm(SQLModel, table=True):
    __tablename__ = "law_firm"

    id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    division: str = Field(max_length=6)  # GB/T 2260 code of the firm's seat (art. 5)


class BarLawyer(SQLModel, table=True):
    __tablename__ = "bar_lawyer"

    certificate_no: str = Field(primary_key=True, max_length=17)
    name: str = Field(max_length=64)
    firm_id: str = Field(foreign_key="law_firm.id", max_length=32)
    status: str = Field(max_length=16)  # valid | suspended | revoked
    status_since: date
