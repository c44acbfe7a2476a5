"""All tables of the service (imported by migrations/env.py)."""

from lawyer_query.applications.models import (
    Application,
    ApplicationMaterial,
    ApplicationPerson,
    PrintEvent,
    RegistryAccess,
)
from lawyer_query.bar.models import BarLawyer, LawFirm
from lawyer_query.registry.models import RegistryPerson

__all__ = [
    "Application",
    "ApplicationMaterial",
    "ApplicationPerson",
    "BarLawyer",
    "LawFirm",
    "PrintEvent",
    "RegistryAccess",
    "RegistryPerson",
]
