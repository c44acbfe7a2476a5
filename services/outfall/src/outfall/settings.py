from suitekit.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("OUTFALL_")

    service_name: str = "outfall"
    port: int = 8001
    # the signboard QR code resolves to {SUITE_PUBLIC_BASE_URL}/outfall/v1/public/outfalls/{code}
    # (HJ 1314-2023 recommends one): see suitekit.links
