"""Optimistic concurrency: `ETag` on reads, `If-Match` required on updates."""

from fastapi import Request, Response

from suitekit.errors import PreconditionFailed, PreconditionRequired


def etag_for(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag_for(version)


def require_if_match(request: Request, current_version: int) -> None:
    """Load the row FOR UPDATE before calling this, so two writers cannot both pass."""
    header = request.headers.get("if-match")
    if not header:
        raise PreconditionRequired("If-Match header with the resource's ETag is required")
    candidates = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if "*" not in candidates and etag_for(current_version) not in candidates:
        raise PreconditionFailed(
            "the resource changed since it was read; GET it again",
            current_etag=etag_for(current_version),
        )
