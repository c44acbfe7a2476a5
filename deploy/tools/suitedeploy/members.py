"""The suite's members as deploy artefacts see them (docs/CONVENTIONS.md, "Processes and ports")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Member:
    name: str  # compose service / Kubernetes name / token audience
    directory: str  # workspace member directory
    package: str  # python -m <package>
    port: int  # compose and Kubernetes container port
    prefix: str  # environment prefix
    ops_port: int | None = None  # the gateway's operations listener (/metrics, /status, /admin)

    @property
    def metrics_port(self) -> int:
        """Where Prometheus scrapes ``/metrics``."""
        return self.ops_port or self.port

    @property
    def database(self) -> str:
        """Database and role name (Postgres identifiers: underscores, not hyphens)."""
        return self.name.replace("-", "_")

    @property
    def dockerfile(self) -> str:
        return f"{self.directory}/Dockerfile"


GATEWAY = Member("gateway", "gateway", "gateway", 8000, "GATEWAY", ops_port=8009)
SERVICES = (
    Member("outfall", "services/outfall", "outfall", 8001, "OUTFALL"),
    Member("renovation", "services/renovation", "renovation", 8002, "RENOVATION"),
    Member("credits", "services/credits", "credits", 8003, "CREDITS"),
    Member("labs", "services/labs", "labs", 8004, "LABS"),
    Member("lawyer-query", "services/lawyer-query", "lawyer_query", 8005, "LAWYER_QUERY"),
)
MEMBERS = (GATEWAY, *SERVICES)
