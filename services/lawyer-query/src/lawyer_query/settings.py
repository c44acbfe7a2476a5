from pathlib import Path

from pydantic import Field

from suitekit.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("LAWYER_QUERY_")

    service_name: str = "lawyer-query"
    port: int = 8005
    registry_key: str | None = Field(
        default=None,
        description="base64 master key (>= 32 bytes) of the registry's field encryption and "
        "blind index; required with Postgres, generated into registry_key_file otherwise",
    )
    registry_key_file: Path | None = None
    demo_people: int = Field(default=2000, ge=0, description="synthetic people for seed-demo")
    demo_seed: int = 20220601
