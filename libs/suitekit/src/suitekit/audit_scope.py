"""Who may read which audit entries: scoped exactly like the entity (issue 14, item 3).

An entry is visible to a caller that covers its division or its unit (`Caller.covers`, in SQL);
an entry with no division (a city-level record) only to city-wide callers. The whole chain
(verification, export, checkpoints) belongs to city-wide holders of the chain scopes.
"""

from collections.abc import Sequence

from sqlalchemy import ColumnElement, false, or_

from suitekit.audit import AuditEntry
from suitekit.errors import Forbidden
from suitekit.identity import Caller, division_prefix

ADMIN = "admin"


def _is_division(code: str) -> bool:
    return len(code) == 6 and code.isdigit()


def _covered_by(own: str) -> list[ColumnElement[bool]]:
    division, unit = AuditEntry.division, AuditEntry.unit  # type: ignore[var-annotated]
    conditions: list[ColumnElement[bool]] = [division == own, unit == own]
    if _is_division(own) and division_prefix(own) != own:
        conditions.append(division.startswith(division_prefix(own)))
    return conditions


def visible_entries(caller: Caller) -> ColumnElement[bool] | None:
    """The SQL condition of the entries this caller sees; None when it sees them all."""
    if caller.city_wide:
        return None
    conditions = [c for own in caller.jurisdiction for c in _covered_by(own)]
    return or_(*conditions) if conditions else false()


def may_read_whole_chain(caller: Caller, chain_scopes: Sequence[str]) -> bool:
    return caller.city_wide and caller.has_scope(*chain_scopes)


def ensure_whole_chain_reader(caller: Caller, chain_scopes: Sequence[str]) -> None:
    if not may_read_whole_chain(caller, chain_scopes):
        raise Forbidden(
            "the whole audit chain is for city-wide " + " or ".join(chain_scopes),
            code="whole_chain_only_city_wide",
        )


def batch_division(caller: Caller) -> str | None:
    """For an entry about many records at once (a batch, each record checked to lie within the
    caller's reach): the caller's only division; city-wide or several divisions: None."""
    if caller.city_wide or len(caller.jurisdiction) != 1:
        return None
    return caller.jurisdiction[0]
