"""The client registry table (in the gateway's own database)."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel

from suitekit.timeutil import utcnow

_TZ = DateTime(timezone=True)


class GatewayClient(SQLModel, table=True):
    __tablename__ = "gateway_clients"

    id: str = Field(primary_key=True, max_length=64)
    display_name: str = Field(default="", max_length=200)
    secret_hash: str = Field(max_length=200)
    scopes: str = Field(default="", max_length=2000)  # space separated
    jurisdiction: str = Field(default="[]", max_length=2000)  # JSON list of codes or ["*"]
    tier: str = Field(default="standard", max_length=50)
    enabled: bool = Field(default=True)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)
    secret_rotated_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    @property
    def jurisdiction_list(self) -> list[str]:
        return list(json.loads(self.jurisdiction))
