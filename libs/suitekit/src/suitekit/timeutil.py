"""Time and id helpers: aware UTC datetimes everywhere (SQLModel stores them as UTC)."""

import secrets
from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def new_id(prefix: str) -> str:
    """Opaque id with a readable prefix, e.g. `of_3k2j...`."""
    return f"{prefix}_{secrets.token_hex(8)}"
