from pathlib import Path

from pydantic import AliasChoices, Field

from suitekit.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("RENOVATION_")

    service_name: str = "renovation"
    port: int = 8002
    # Where the public project page is reached (the gateway); the QR codes point there.
    # SUITE_PUBLIC_BASE_URL is the gateway's public address shared by the suite;
    # RENOVATION_PUBLIC_BASE_URL overrides it for this service alone.
    suite_public_base_url: str = Field(
        default="http://127.0.0.1:8000",
        validation_alias=AliasChoices("SUITE_PUBLIC_BASE_URL", "suite_public_base_url"),
    )
    public_base_url: str | None = None
    # the complaint channel the public board names (§五(四)4 畅通投诉举报渠道)
    complaint_phone: str = "12345"

    def public_root(self) -> str:
        """The gateway's public address (the project page adds ``/renovation/...``)."""
        return self.public_base_url or self.suite_public_base_url

    # Operator-maintained holidays and make-up working days (TOML, State Council form), read
    # before the `chinesecalendar` package: docs/runbook.md, "Working-day calendar".
    calendar_file: Path | None = None
