"""Public boards put up before construction (§五(四)5)."""

import datetime as dt

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from renovation.common import JSON_TYPE
from suitekit.timeutil import utcnow


class Board(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    project_id: str = Field(foreign_key="project.id", index=True, max_length=32)
    kind: str = Field(max_length=32)
    title: str = Field(max_length=200)
    supervisor_phones: list[str] = Field(default_factory=list, sa_type=JSON_TYPE)
    shows_qr: bool = False
    installed_on: dt.date
    created_at: dt.datetime = Field(default_factory=utcnow)
    # what the board says, and the units it names ({"role": ..., "name": ...}), shown in order
    content: str | None = Field(default=None, sa_type=Text)
    units: list[dict[str, str]] = Field(
        default_factory=list, sa_type=JSON_TYPE, sa_column_kwargs={"server_default": "[]"}
    )
