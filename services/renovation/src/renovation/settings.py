from pathlib import Path

from suitekit.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("RENOVATION_")

    service_name: str = "renovation"
    port: int = 8002
    # Where the public project page is reached (the gateway); the QR codes point there.
    public_base_url: str = "http://127.0.0.1:8000"
    # Operator-maintained holidays and make-up working days (TOML, State Council form), read
    # before the `chinesecalendar` package: docs/runbook.md, "Working-day calendar".
    calendar_file: Path | None = None
