"""Keyset pagination: `?limit=&cursor=` -> `{items, next_cursor}`."""

import base64
import json
from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel
from sqlalchemy import ColumnElement
from sqlmodel import Session
from sqlmodel.sql.expression import SelectOfScalar

from suitekit.errors import InvalidInput

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 500

LimitQuery = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size (max 500)")]
CursorQuery = Annotated[str | None, Query(max_length=512, description="opaque cursor")]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def encode_cursor(key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps({"k": key}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> Any:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return json.loads(base64.urlsafe_b64decode(padded.encode()))["k"]
    except Exception as exc:
        raise InvalidInput(
            "cursor is not valid", errors=[{"field": "query.cursor", "message": "invalid cursor"}]
        ) from exc


def paginate(
    session: Session,
    statement: SelectOfScalar[Any],
    *,
    key: ColumnElement[Any] | Any,
    key_of: Any,
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> tuple[Sequence[Any], str | None]:
    """Rows ordered by `key` (unique column) after the cursor; `key_of(row)` reads it back."""
    if cursor:
        statement = statement.where(key > decode_cursor(cursor))
    rows = session.exec(statement.order_by(key).limit(limit + 1)).all()
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, encode_cursor(key_of(rows[-1]))
    return rows, None
