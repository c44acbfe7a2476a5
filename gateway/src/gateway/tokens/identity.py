"""Who is calling: the claims the gateway forwards to the services."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Identity:
    sub: str
    scope: str
    jurisdiction: tuple[str, ...]
    exp: float = 0.0
    # the client's registry version when the token was issued: a changed client (scopes,
    # jurisdiction, tier, secret, state) makes its live tokens outdated
    client_version: int = 0

    @property
    def scopes(self) -> frozenset[str]:
        return frozenset(self.scope.split())

    @property
    def is_anonymous(self) -> bool:
        return self.sub == ANONYMOUS.sub

    def has_service_scope(self, service: str) -> bool:
        """Coarse gateway check: at least one scope of the service (``outfall:...``)."""
        prefix = f"{service}:"
        return any(s.startswith(prefix) for s in self.scope.split())


ANONYMOUS = Identity(sub="anonymous", scope="", jurisdiction=())
