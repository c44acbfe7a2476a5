"""Pure rules for clients: the scope catalogue, ids, jurisdictions, requested scopes."""

from __future__ import annotations

import re

from gateway.clients.divisions import KNOWN_DIVISIONS
from gateway.settings import SUITE_SERVICES

# {service}:read / {service}:write for every service, plus the special scopes the service
# specs name, plus admin (CONVENTIONS.md "Scopes").
SPECIAL_SCOPES: tuple[str, ...] = (
    "lawyer-query:process",
    "lawyer-query:supervise",
    "labs:assess",
    "credits:recognize",
)
ADMIN_SCOPE = "admin"
ALL_SCOPES: tuple[str, ...] = (
    *(f"{service}:{verb}" for service in SUITE_SERVICES for verb in ("read", "write")),
    *SPECIAL_SCOPES,
    ADMIN_SCOPE,
)
CITY_WIDE = "*"

_CLIENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$")
# a school code (credits: a school's committee sees its own school) has a letter in it, so
# that a digit-only entry is always read as a GB/T 2260 division code
_SCHOOL_CODE = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9-]{4,32}$")


class RuleViolation(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def check_client_id(client_id: str) -> str:
    if not _CLIENT_ID.match(client_id):
        raise RuleViolation(
            "id", "client id: 3-64 characters, letters, digits, '.', '_' or '-', not leading"
        )
    return client_id


def parse_scopes(raw: str | list[str]) -> list[str]:
    """Space (or comma) separated scopes, each from the catalogue, deduplicated in order."""
    items = raw.replace(",", " ").split() if isinstance(raw, str) else list(raw)
    unknown = [s for s in items if s not in ALL_SCOPES]
    if unknown:
        raise RuleViolation("scopes", f"unknown scopes: {' '.join(unknown)}")
    if not items:
        raise RuleViolation("scopes", "at least one scope is required")
    return list(dict.fromkeys(items))


def parse_jurisdiction(raw: str | list[str]) -> list[str]:
    """Division codes of the city (or school codes), or ``*`` alone for city-wide."""
    items = raw.replace(",", " ").split() if isinstance(raw, str) else list(raw)
    if not items:
        raise RuleViolation("jurisdiction", "at least one code, or '*' for city-wide")
    if CITY_WIDE in items:
        if len(items) > 1:
            raise RuleViolation("jurisdiction", "'*' (city-wide) stands alone")
        return [CITY_WIDE]
    bad = [code for code in items if not jurisdiction_code_valid(code)]
    if bad:
        raise RuleViolation(
            "jurisdiction",
            f"invalid codes: {' '.join(bad)} (a six-digit GB/T 2260 division of 牡丹江市, "
            "e.g. 231002, or a school code with a letter in it)",
        )
    return list(dict.fromkeys(items))


def jurisdiction_code_valid(code: str) -> bool:
    """A division of the city (``2310`` or ``231099`` is not one), or a school code."""
    if code.isascii() and code.isdigit():
        return code in KNOWN_DIVISIONS
    return _SCHOOL_CODE.match(code) is not None


def granted_scopes(allowed: list[str], requested: str | None) -> list[str]:
    """RFC 6749 §3.3: no ``scope`` asks for everything allowed; otherwise a subset of it."""
    if requested is None or not requested.strip():
        return list(allowed)
    wanted = list(dict.fromkeys(requested.split()))
    refused = [s for s in wanted if s not in allowed]
    if refused:
        raise RuleViolation("scope", f"scopes not granted to this client: {' '.join(refused)}")
    return wanted


# The enabled flag is the registry's state machine; rotate-secret works in both states so a
# leaked secret can be replaced before the client is enabled again.
ACTIONS_BY_STATE: dict[bool, tuple[str, ...]] = {
    True: ("disable", "rotate-secret"),
    False: ("enable", "rotate-secret"),
}


def state_name(enabled: bool) -> str:
    return "enabled" if enabled else "disabled"


def allowed_actions(enabled: bool) -> list[str]:
    return list(ACTIONS_BY_STATE[enabled])
