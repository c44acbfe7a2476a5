from pathlib import Path

from suitekit.links import public_root
from suitekit.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("RENOVATION_")

    service_name: str = "renovation"
    port: int = 8002
    # the complaint channel the public board names (§五(四)4 畅通投诉举报渠道)
    complaint_phone: str = "12345"
    # Operator-maintained holidays and make-up working days (TOML, State Council form), read
    # before the `chinesecalendar` package: docs/runbook.md, "Working-day calendar".
    calendar_file: Path | None = None

    def public_root(self) -> str:
        """The gateway's public address (SUITE_PUBLIC_BASE_URL, or RENOVATION_PUBLIC_BASE_URL);
        the project page adds ``/renovation/...`` (suitekit.links)."""
        return public_root(self)
