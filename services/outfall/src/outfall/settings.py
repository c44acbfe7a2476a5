from pydantic import Field

from suitekit.links import public_service_url
from suitekit.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("OUTFALL_")

    service_name: str = "outfall"
    port: int = 8001
    # the telephone the public page gives for supervision (§六(七) 公众监督举报机制);
    # 12369 is the national environmental complaints hotline
    supervision_phone: str = "12369"
    tip_off_limit_per_hour: int = Field(default=5, ge=1, description="per sender address")
    tip_off_photo_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    tip_off_address_salt: str = Field(
        default="outfall-tip-off", description="salt of the hashed sender address"
    )

    def public_root(self) -> str:
        """The public address of this service's routes: the signboard QR code resolves to
        {SUITE_PUBLIC_BASE_URL}/outfall/v1/public/outfalls/{code} (HJ 1314-2023 recommends one);
        OUTFALL_PUBLIC_BASE_URL (the gateway's address) overrides it (suitekit.links)."""
        return public_service_url(self)
