"""The population registry interface (公安信息系统, art. 9) and its embedded implementation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import RowMapping, func, text
from sqlmodel import Session, select

from lawyer_query.crypto import FieldCipher, normalise_name
from lawyer_query.refdata import ScopeDef
from lawyer_query.registry.models import ENCRYPTED_FIELDS, RegistryPerson
from lawyer_query.registry.synthetic import SyntheticPerson
from suitekit.timeutil import new_id

MAX_CANDIDATES = 10


@dataclass(frozen=True)
class Lookup:
    outcome: str  # found | not_found | ambiguous
    record_id: str | None = None
    values: dict[str, str | bytes | None] | None = None  # only the requested fields


class PopulationRegistry(Protocol):
    def lookup(
        self, *, scope: ScopeDef, name: str | None, id_number: str | None, fields: tuple[str, ...]
    ) -> Lookup: ...


def encrypted_row(cipher: FieldCipher, person: SyntheticPerson) -> dict[str, object]:
    """Column values of one registry row: blind indexes and AES-GCM ciphertexts only."""
    record_id = new_id("rp")
    values: dict[str, str | bytes | None] = {**person.field_values(), "photo": person.photo}
    row: dict[str, object] = {
        "id": record_id,
        "kind": person.kind,
        "region": person.region,
        "id_index": cipher.id_index(person.id_number),
        "name_index": cipher.name_index(person.name),
    }
    for field in ENCRYPTED_FIELDS:
        value = values[field]
        raw = value.encode() if isinstance(value, str) else value
        row[f"{field}_ct"] = (
            None if raw is None else cipher.encrypt(raw, record_id=record_id, field=field)
        )
    return row


def encrypt_person(cipher: FieldCipher, person: SyntheticPerson) -> RegistryPerson:
    return RegistryPerson(**encrypted_row(cipher, person))


def store_people(session: Session, cipher: FieldCipher, people: Iterable[SyntheticPerson]) -> int:
    count = 0
    for person in people:
        session.add(encrypt_person(cipher, person))
        count += 1
    return count


def registry_size(session: Session) -> int:
    return session.exec(select(func.count()).select_from(RegistryPerson)).one()


# Plain SQL, built once: the lookup is the hot path of the registry, and building an ORM
# statement per call costs several times the indexed read itself (see bench/lawyer-query).
COLUMNS = ", ".join(["id", *(f"{field}_ct" for field in ENCRYPTED_FIELDS)])
BY_ID_INDEX = text(
    f"SELECT {COLUMNS} FROM registry_person "
    "WHERE id_index = :key AND region = :region AND kind = :kind LIMIT :limit"
)
BY_NAME_INDEX = text(
    f"SELECT {COLUMNS} FROM registry_person "
    "WHERE name_index = :key AND region = :region AND kind = :kind LIMIT :limit"
)


@dataclass
class EmbeddedRegistry:
    """Exact lookups by keyed blind index; decrypts only the fields the application allows."""

    session: Session
    cipher: FieldCipher

    def _decrypt(self, row: RowMapping, field: str) -> str | bytes | None:
        blob = row[f"{field}_ct"]
        if blob is None:
            return None
        raw = self.cipher.decrypt(bytes(blob), record_id=row["id"], field=field)
        return raw if field == "photo" else raw.decode()

    def _candidates(
        self, scope: ScopeDef, name: str | None, id_number: str | None
    ) -> list[RowMapping]:
        if id_number:
            statement, key = BY_ID_INDEX, self.cipher.id_index(id_number)
        else:
            statement, key = BY_NAME_INDEX, self.cipher.name_index(name or "")
        params = {
            "key": key,
            "region": scope.record_region,
            "kind": scope.record_kind,
            "limit": MAX_CANDIDATES,
        }
        rows = list(self.session.connection().execute(statement, params).mappings())
        if id_number and name:  # art. 5: the exact name AND the ID number must both match
            wanted = normalise_name(name)
            rows = [row for row in rows if self._decrypt(row, "name") == wanted]
        return rows

    def lookup(
        self, *, scope: ScopeDef, name: str | None, id_number: str | None, fields: tuple[str, ...]
    ) -> Lookup:
        rows = self._candidates(scope, name, id_number)
        if not rows:
            return Lookup("not_found")
        if len(rows) > 1:  # several people of that name: no data, ask for the ID number
            return Lookup("ambiguous")
        row = rows[0]
        return Lookup("found", row["id"], {field: self._decrypt(row, field) for field in fields})
