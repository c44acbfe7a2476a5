from suitekit.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("OUTFALL_")

    service_name: str = "outfall"
    port: int = 8001
    # where the public pages are reached (through the gateway); the signboard QR code
    # resolves to {public_base_url}/v1/public/outfalls/{code} (HJ 1314-2023 recommends one)
    public_base_url: str = "http://127.0.0.1:8000/outfall"
