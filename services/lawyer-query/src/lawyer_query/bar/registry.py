"""The bar registry interface (art. 7) and its embedded implementation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlmodel import Session

from lawyer_query.bar.models import BarLawyer, LawFirm
from lawyer_query.rules.decision import CertificateStatus


@dataclass(frozen=True)
class CertificateCheck:
    status: CertificateStatus
    source: str
    lawyer_name: str | None = None
    firm_id: str | None = None
    firm_name: str | None = None
    firm_division: str | None = None


class BarRegistry(Protocol):
    def check(self, certificate_no: str) -> CertificateCheck: ...


@dataclass
class EmbeddedBarRegistry:
    session: Session
    source: str = "embedded-bar-registry"

    def check(self, certificate_no: str) -> CertificateCheck:
        lawyer = self.session.get(BarLawyer, certificate_no)
        if lawyer is None:
            return CertificateCheck(CertificateStatus.NOT_FOUND, self.source)
        firm = self.session.get(LawFirm, lawyer.firm_id)
        return CertificateCheck(
            status=CertificateStatus(lawyer.status),
            source=self.source,
            lawyer_name=lawyer.name,
            firm_id=lawyer.firm_id,
            firm_name=firm.name if firm else None,
            firm_division=firm.division if firm else None,
        )
