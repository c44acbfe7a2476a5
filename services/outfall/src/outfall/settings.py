from pydantic import AliasChoices, Field

from suitekit.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("OUTFALL_")

    service_name: str = "outfall"
    port: int = 8001
    # where the public pages are reached (through the gateway); the signboard QR code
    # resolves to {public_root}/v1/public/outfalls/{code} (HJ 1314-2023 recommends one).
    # SUITE_PUBLIC_BASE_URL is the gateway's public address shared by the suite;
    # OUTFALL_PUBLIC_BASE_URL (with the /outfall prefix) overrides it for this service alone.
    suite_public_base_url: str = Field(
        default="http://127.0.0.1:8000",
        validation_alias=AliasChoices("SUITE_PUBLIC_BASE_URL", "suite_public_base_url"),
    )
    public_base_url: str | None = None
    # the telephone the public page gives for supervision (§六(七) 公众监督举报机制);
    # 12369 is the national environmental complaints hotline
    supervision_phone: str = "12369"
    tip_off_limit_per_hour: int = Field(default=5, ge=1, description="per sender address")
    tip_off_photo_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    tip_off_address_salt: str = Field(
        default="outfall-tip-off", description="salt of the hashed sender address"
    )

    def public_root(self) -> str:
        """The public address of this service's routes (the gateway's ``/outfall`` prefix)."""
        return self.public_base_url or f"{self.suite_public_base_url.rstrip('/')}/outfall"
