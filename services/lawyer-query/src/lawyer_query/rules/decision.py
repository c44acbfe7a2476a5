"""The acceptance decision of art. 8: every reason found, not only the first (arts. 2-8)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from lawyer_query.refdata import RefData
from lawyer_query.rules.citizen_id import PROBLEM_TEXT, check_citizen_id
from lawyer_query.rules.scope import (
    MATTER_LABELS,
    MatterType,
    Scope,
    allowed_fields,
    is_mudanjiang_division,
    matter_allowed,
    scope_def,
)


class CertificateStatus(StrEnum):
    """Outcome of the art. 7 check of the practising certificate."""

    VALID = "valid"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    NOT_FOUND = "not_found"
    UNREACHABLE = "unreachable"


CERTIFICATE_STATUS_TEXT: dict[CertificateStatus, str] = {
    CertificateStatus.VALID: "有效",
    CertificateStatus.SUSPENDED: "停止执业",
    CertificateStatus.REVOKED: "已吊销",
    CertificateStatus.NOT_FOUND: "发证机关或律师协会无此执业证",
    CertificateStatus.UNREACHABLE: "无法核实",
}


@dataclass(frozen=True)
class Material:
    kind: str
    sha256: str
    sealed: bool = False  # art. 6(1): the letter bears the firm's seal
    states_purpose: bool = False  # art. 6: the letter states the purpose
    named_persons: tuple[str, ...] = ()  # art. 6: the letter names the persons


@dataclass(frozen=True)
class PersonRequest:
    name: str
    id_number: str | None = None


@dataclass(frozen=True)
class ApplicationFacts:
    station_code: str
    scope: Scope
    matter_type: MatterType
    firm_division: str | None  # None when the bar registry does not know the lawyer
    materials: tuple[Material, ...]
    persons: tuple[PersonRequest, ...]
    certificate_status: CertificateStatus
    today: dt.date


@dataclass(frozen=True)
class Reason:
    code: str
    article: str
    text: str


@dataclass(frozen=True)
class Decision:
    accepted: bool
    reasons: tuple[Reason, ...]
    allowed_fields: tuple[str, ...] = field(default=())


LETTER_KINDS = ("introduction_letter", "legal_aid_letter")


def same_name_key(name: str) -> str:
    """Names compare after Unicode NFKC and trimming (full-width/half-width, stray spaces)."""
    return unicodedata.normalize("NFKC", name).strip()


def _reason(refdata: RefData, code: str, **values: str) -> Reason:
    definition = refdata.reasons[code]
    return Reason(code, definition.article.format(**values), definition.text.format(**values))


def station_reasons(refdata: RefData, facts: ApplicationFacts) -> list[Reason]:
    """Art. 2: only a station of the city that handles household registration accepts."""
    station = refdata.stations.get(facts.station_code)
    if station is None or not station.handles_household_registration:
        return [_reason(refdata, "station_not_accepting")]
    return []


def letter_of(facts: ApplicationFacts) -> Material | None:
    return next((m for m in facts.materials if m.kind in LETTER_KINDS), None)


def material_reasons(refdata: RefData, facts: ApplicationFacts) -> list[Reason]:
    """Art. 6: the form, the sealed letter (or legal-aid letter), power of attorney, certificate
    and its copy; the letter states the purpose and names the persons."""
    present = {m.kind for m in facts.materials}
    reasons = [
        _reason(refdata, "missing_material", material=m.label)
        for m in refdata.materials
        if not present.intersection(m.alternatives)
    ]
    letter = letter_of(facts)
    if letter is not None:
        if letter.kind == "introduction_letter" and not letter.sealed:
            reasons.append(_reason(refdata, "letter_not_sealed"))
        if not letter.states_purpose:
            reasons.append(_reason(refdata, "letter_missing_purpose"))
    return reasons


def person_reasons(refdata: RefData, facts: ApplicationFacts) -> list[Reason]:
    """Art. 6: only persons named in the letter; art. 5: exact name and ID for other provinces;
    GB 11643 for every ID number given."""
    if not facts.persons:
        return [_reason(refdata, "no_persons")]
    letter = letter_of(facts)
    named = {same_name_key(n) for n in letter.named_persons} if letter else set()
    exact_needed = scope_def(refdata, facts.scope).requires_exact_name_and_id
    reasons: list[Reason] = []
    for index, person in enumerate(facts.persons, start=1):
        label = f"#{index}"
        name = same_name_key(person.name)
        if not name and exact_needed:
            reasons.append(_reason(refdata, "name_missing", person=label))
        if letter is not None and name and name not in named:
            reasons.append(_reason(refdata, "person_not_named_in_letter", person=label))
        reasons.extend(_id_reasons(refdata, facts, person, label, exact_needed))
    return reasons


def _id_reasons(
    refdata: RefData, facts: ApplicationFacts, person: PersonRequest, label: str, needed: bool
) -> list[Reason]:
    if not (person.id_number or "").strip():
        return [_reason(refdata, "id_number_missing", person=label)] if needed else []
    check = check_citizen_id(person.id_number or "", today=facts.today)
    if check.valid:
        return []
    problem = PROBLEM_TEXT[check.problem or "format"]
    return [_reason(refdata, "id_number_invalid", person=label, problem=problem)]


def scope_reasons(refdata: RefData, facts: ApplicationFacts) -> list[Reason]:
    """Arts. 4 and 5: the matter type allowed for the scope; art. 5: a Mudanjiang firm."""
    definition = scope_def(refdata, facts.scope)
    reasons: list[Reason] = []
    if not matter_allowed(refdata, facts.scope, facts.matter_type):
        allowed = "、".join(MATTER_LABELS[MatterType(m)] for m in definition.matter_types)
        reasons.append(
            _reason(
                refdata,
                "matter_type_not_allowed",
                scope_article=definition.article,
                scope_label=definition.label,
                allowed_matters=allowed,
                matter=MATTER_LABELS[facts.matter_type],
            )
        )
    firm_known = facts.firm_division is not None
    if (
        definition.requires_mudanjiang_firm
        and firm_known
        and not is_mudanjiang_division(refdata, facts.firm_division or "")
    ):
        reasons.append(_reason(refdata, "firm_outside_mudanjiang"))
    return reasons


def certificate_reasons(refdata: RefData, facts: ApplicationFacts) -> list[Reason]:
    """Art. 7: a certificate that the issuing authority or bar association does not confirm."""
    status = facts.certificate_status
    if status is CertificateStatus.VALID:
        return []
    if status is CertificateStatus.UNREACHABLE:
        return [_reason(refdata, "certificate_unverified")]
    return [_reason(refdata, "certificate_invalid", status=CERTIFICATE_STATUS_TEXT[status])]


def decide(refdata: RefData, facts: ApplicationFacts) -> Decision:
    """Art. 8: complete materials and a permitted purpose -> accepted; otherwise refused with
    every reason found."""
    reasons = [
        *station_reasons(refdata, facts),
        *material_reasons(refdata, facts),
        *scope_reasons(refdata, facts),
        *person_reasons(refdata, facts),
        *certificate_reasons(refdata, facts),
    ]
    if reasons:
        return Decision(accepted=False, reasons=tuple(reasons))
    return Decision(accepted=True, reasons=(), allowed_fields=allowed_fields(refdata, facts.scope))
