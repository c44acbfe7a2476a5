from suitekit.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("RENOVATION_")

    service_name: str = "renovation"
    port: int = 8002
    # QR codes point at the public project page through the gateway: SUITE_PUBLIC_BASE_URL
    # (or RENOVATION_PUBLIC_BASE_URL), see suitekit.links
