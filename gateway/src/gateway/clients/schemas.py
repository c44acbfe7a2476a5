"""Request and response models of the client registry."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from gateway.clients.models import GatewayClient
from suitekit.timeutil import as_aware


class ClientCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=3, max_length=64)
    display_name: str = Field(default="", max_length=200)
    scopes: list[str] = Field(min_length=1)
    jurisdiction: list[str] = Field(min_length=1)
    tier: str | None = Field(default=None, max_length=50)
    secret: str | None = Field(default=None, min_length=16, max_length=200)


class ClientUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    display_name: str | None = Field(default=None, max_length=200)
    scopes: list[str] | None = Field(default=None, min_length=1)
    jurisdiction: list[str] | None = Field(default=None, min_length=1)
    tier: str | None = Field(default=None, max_length=50)


class ClientAction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=500)


class ClientPublic(BaseModel):
    id: str
    display_name: str
    scopes: list[str]
    jurisdiction: list[str]
    tier: str
    enabled: bool
    version: int
    created_at: datetime
    updated_at: datetime
    secret_rotated_at: datetime

    @classmethod
    def of(cls, client: GatewayClient) -> ClientPublic:
        return cls(
            id=client.id,
            display_name=client.display_name,
            scopes=client.scope_list,
            jurisdiction=client.jurisdiction_list,
            tier=client.tier,
            enabled=client.enabled,
            version=client.version,
            created_at=as_aware(client.created_at),
            updated_at=as_aware(client.updated_at),
            secret_rotated_at=as_aware(client.secret_rotated_at),
        )


class ClientWithSecret(ClientPublic):
    """Returned once, on creation and on rotation: the secret is never stored or shown again."""

    client_secret: str


class ClientsPublic(BaseModel):
    items: list[ClientPublic]
    next_cursor: str | None = None
